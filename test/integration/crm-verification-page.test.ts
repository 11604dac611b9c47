/**
 * The verification page: the read-only preview it asks before its Approve button (agent, address,
 * unlocked properties; the token stays usable) and its codes for tokens it refuses, the verify API's
 * refusals, the page's strict CSP, and the origin the visitor reached, recorded for the links it sends.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { EventLog } from "../../durable-objects/conversation/event-log";
import { sendVerificationLink } from "../../worker/crm/verification";
import { database } from "../../worker/db/client";
import { contactVerifications } from "../../worker/db/crm-schema";
import { tokenHash } from "../../worker/lib/tokens";
import { verifiedEvents, visitorProofs } from "./support/crm";
import { startConversation, workerFetch } from "./support/chat-client";
import { conversationStub } from "./support/lifecycle";
import { previewVerify, tokenFromMail, verify } from "./support/mailbox";
import {
  AGENT,
  APPROVAL_AGENT,
  ORIGIN,
  linkInput,
  errorCode,
  prepareVerificationAgents,
} from "./support/crm-verification";

beforeAll(prepareVerificationAgents);

describe("the approval before a link is used", () => {
  it("preview answers the agent, the address and the properties verification unlocks, and leaves the token usable", async () => {
    const started = await startConversation(APPROVAL_AGENT, undefined, false);
    const input = await linkInput("approval", started.conversationId);
    await sendVerificationLink(env, { ...input, agent: { id: APPROVAL_AGENT, name: `Agent ${APPROVAL_AGENT}` } });
    const token = await tokenFromMail(input.email);

    for (let i = 0; i < 2; i++) {
      const preview = await previewVerify(token);
      expect(preview.status, await preview.clone().text()).toBe(200);
      expect(await preview.json()).toEqual({
        agent: { name: `Agent ${APPROVAL_AGENT}` },
        email: input.email,
        show: ["Billing address", "First name"], // lifecycle_stage needs no check, phone is not shown
        edit: ["Billing address"],
      });
    }
    expect(await verifiedEvents(started.conversationId)).toEqual([]);
    expect(await visitorProofs(started.visitorId)).toEqual([]);
    const [row] = await database(env)
      .select()
      .from(contactVerifications)
      .where(eq(contactVerifications.tokenHash, await tokenHash(token)));
    expect(row?.usedAt).toBeNull();

    expect((await verify(token)).status).toBe(200); // the click
    expect(await verifiedEvents(started.conversationId)).toHaveLength(1);
  });

  it("preview refuses used, expired and unknown tokens with the codes the page explains", async () => {
    const used = await linkInput("preview-used");
    await sendVerificationLink(env, used);
    const usedToken = await tokenFromMail(used.email);
    expect((await verify(usedToken)).status).toBe(200);
    const expired = await linkInput("preview-expired");
    await sendVerificationLink(env, expired, Date.now() - 16 * 60_000);
    for (const [token, status, code] of [
      [usedToken, 410, "token_used"],
      [await tokenFromMail(expired.email), 410, "token_expired"],
      ["A".repeat(43), 400, "invalid_token"],
      ["short", 400, "invalid_token"],
    ] as const) {
      const response = await previewVerify(token);
      expect(response.status).toBe(status);
      expect(await errorCode(response)).toBe(code);
    }
    expect(await verifiedEvents(expired.conversationId)).toEqual([]);
  });
});

describe("the verify API and page", () => {
  it("refuse malformed and unknown tokens with clear codes", async () => {
    for (const [body, status, code] of [
      [{ token: "short" }, 400, "invalid_token"],
      [{ token: "A".repeat(43) }, 400, "invalid_token"],
      [{ token: 42 }, 400, "invalid_body"],
      [{}, 400, "invalid_body"],
    ] as const) {
      const response = await workerFetch("/v1/verify", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(status);
      expect(await errorCode(response)).toBe(code);
    }
  });

  it("serve the page with a strict CSP whose nonce allows only its own script, and no token in it", async () => {
    const response = await workerFetch("/v1/verify");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await response.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain("You're verified — you can return to the chat.");
    expect(html).toContain("history.replaceState");
    // On load the page only previews; the token is spent by the Approve button's click handler.
    expect(html).toContain('<button id="approve" type="button" hidden>Approve</button>');
    const onLoad = html.slice(html.indexOf("const token ="));
    expect(onLoad).toContain('post("/v1/verify/preview", token)');
    expect(onLoad).not.toContain('"/v1/verify",');
    expect(html.indexOf('post("/v1/verify", token)')).toBeGreaterThan(html.indexOf('approve.addEventListener("click"'));
    expect(html).not.toMatch(/token=[A-Za-z0-9_-]{43}/);
    expect((await workerFetch("/v1/verify")).headers.get("content-security-policy")).not.toBe(csp);
  });

  it("record the origin the visitor reached in the conversation, for the links it sends", async () => {
    const started = await startConversation(AGENT, undefined, false);
    const meta = await runInDurableObject(
      conversationStub(started.conversationId),
      (_instance: ConversationDO, state) => new EventLog(state.storage.sql).meta(),
    );
    expect(meta?.origin).toBe(ORIGIN);
  });
});
