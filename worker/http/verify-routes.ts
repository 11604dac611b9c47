/**
 * Verification links, visitor side: `GET /v1/verify` serves the page the emailed link opens;
 * `POST /v1/verify/preview` tells that page what the token would approve, without using it up;
 * and `POST /v1/verify` — sent only when the visitor clicks Approve — uses the token up, remembers
 * the visitor as verified to the link's agent and tells the conversation (whose widget then shows "Verified as …" live).
 */
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { consumeVerificationToken, type ConsumeResult } from "../crm/verification";
import { verificationApproval } from "../crm/verification-approval";
import { rememberVerifiedVisitor } from "../crm/verified-visitors";
import { database } from "../db/client";
import { conversations } from "../db/schema";
import { ApiError } from "../lib/errors";
import { isTokenShaped } from "../lib/tokens";
import { readJson } from "../lib/validate";
import { verifyPage } from "./verify-page";

const MAX_TOKEN_CHARS = 100; // real tokens are 43 characters; anything much longer is not one

const verifyBody = z.strictObject({ token: z.string().max(MAX_TOKEN_CHARS) });

type Refusal = Extract<ConsumeResult, { ok: false }>["code"];

/** Gone (410) for links that were real but no longer work; 400 for anything that never was a link. */
const REFUSALS: Record<Refusal, { status: ContentfulStatusCode; message: string }> = {
  invalid_token: { status: 400, message: "This verification link is not valid" },
  token_used: { status: 410, message: "This verification link was already used" },
  token_expired: { status: 410, message: "This verification link has expired" },
  email_changed: { status: 410, message: "The contact's email changed after this link was sent" },
};

const refuse = (code: Refusal) => new ApiError(REFUSALS[code].status, code, REFUSALS[code].message);

export const verifyRoutes = new Hono<AppEnv>()
  .get("/verify", (c) => {
    const page = verifyPage();
    return c.html(page.html, 200, page.headers);
  })

  /** Read-only: a mail scanner or a visitor who never clicks Approve leaves the token as it was. */
  .post("/verify/preview", async (c) => {
    const { token } = await readJson(c, verifyBody);
    if (!isTokenShaped(token)) throw refuse("invalid_token");
    const preview = await verificationApproval(c.env, token);
    if (!preview.ok) throw refuse(preview.code);
    return c.json(preview.approval);
  })

  .post("/verify", async (c) => {
    const { token } = await readJson(c, verifyBody);
    if (!isTokenShaped(token)) throw refuse("invalid_token");
    const consumed = await consumeVerificationToken(c.env, token);
    if (!consumed.ok) throw refuse(consumed.code);

    const db = database(c.env);
    const conversation = await db
      .select({ visitorId: conversations.visitorId })
      .from(conversations)
      .where(eq(conversations.id, consumed.conversationId))
      .get();
    if (!conversation)
      throw new ApiError(410, "conversation_gone", "The conversation this link was sent from no longer exists");
    await rememberVerifiedVisitor(c.env, {
      visitorId: conversation.visitorId,
      agentId: consumed.agentId,
      contactId: consumed.contactId,
      conversationId: consumed.conversationId,
    });
    const stub = c.env.CONVERSATIONS.get(c.env.CONVERSATIONS.idFromName(consumed.conversationId));
    await stub.markVerified({ contactId: consumed.contactId, email: consumed.email, via: "link" });
    return c.json({ verified: true });
  });
