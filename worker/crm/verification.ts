/**
 * Email verification links: a 256-bit token (only its SHA-256 is stored) mailed as a link to the
 * verify page, single use, expiring, bound to one conversation and one address, and rate-limited
 * per conversation and per address; previewing it tells, without using it up, what it would prove
 * (the page asks the visitor to approve first); consuming it atomically tells who proved what.
 */
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { database } from "../db/client";
import { contacts, contactVerifications } from "../db/crm-schema";
import { emailSender, type EmailEnv } from "../email/sender";
import { isTokenShaped, newToken, tokenHash } from "../lib/tokens";
import { verificationEmail } from "./verification-email";

const MINUTE_MS = 60_000;
/** Per conversation: a visitor who mistyped or lost a mail can ask again; more is a loop or abuse. */
const PER_CONVERSATION = { max: 3, windowMs: 15 * MINUTE_MS };
/** Per address: stops anyone from flooding one inbox from many conversations. */
const PER_ADDRESS = { max: 5, windowMs: 60 * MINUTE_MS };

export type SendLinkInput = {
  agent: { id: string; name: string };
  conversationId: string;
  contactId: string;
  email: string;
  /** The Worker's public origin; the link opens `${origin}/v1/verify`. */
  origin: string;
  /** How long the link works (the agent's `verificationLinkMinutes`). */
  minutes: number;
};

export type SendLinkResult =
  | { status: "sent"; expiresAt: number }
  | { status: "rate_limited"; retryAfterSeconds: number }
  | { status: "failed"; error: string };

export type ConsumeResult =
  | { ok: true; conversationId: string; contactId: string; email: string; agentId: string }
  | { ok: false; code: "invalid_token" | "token_used" | "token_expired" | "email_changed" };

/** The link in the email. The token rides in the fragment, which link scanners that prefetch never send, so they cannot use it up. */
export const verificationLink = (origin: string, token: string): string => `${origin}/v1/verify#token=${token}`;

type Limit = { max: number; windowMs: number };

/** Seconds until the oldest counted link leaves the window, or null when within the limit. */
function retryAfter(createdAts: number[], limit: Limit, now: number): number | null {
  if (createdAts.length <= limit.max) return null;
  const oldest = createdAts[0] ?? now;
  return Math.max(1, Math.ceil((oldest + limit.windowMs - now) / 1000));
}

/**
 * Records and mails a verification link. The row is written first and the limits counted with it,
 * so two requests racing cannot both slip under a limit; a refused or failed send removes the row.
 */
export async function sendVerificationLink(
  env: Pick<Env, "DB"> & EmailEnv,
  input: SendLinkInput,
  now = Date.now(),
): Promise<SendLinkResult> {
  const db = database(env);
  const email = input.email.toLowerCase();
  const token = newToken();
  const hash = await tokenHash(token);
  const expiresAt = now + input.minutes * MINUTE_MS;
  await db.insert(contactVerifications).values({
    tokenHash: hash,
    conversationId: input.conversationId,
    agentId: input.agent.id,
    contactId: input.contactId,
    email,
    expiresAt,
    createdAt: now,
  });
  const remove = () => db.delete(contactVerifications).where(eq(contactVerifications.tokenHash, hash));

  const createdSince = async (
    column: typeof contactVerifications.conversationId | typeof contactVerifications.email,
    value: string,
    limit: Limit,
  ) =>
    (
      await db
        .select({ createdAt: contactVerifications.createdAt })
        .from(contactVerifications)
        .where(and(eq(column, value), gt(contactVerifications.createdAt, now - limit.windowMs)))
        .orderBy(asc(contactVerifications.createdAt))
    ).map((row) => row.createdAt);
  const [byConversation, byAddress] = await Promise.all([
    createdSince(contactVerifications.conversationId, input.conversationId, PER_CONVERSATION),
    createdSince(contactVerifications.email, email, PER_ADDRESS),
  ]);
  const wait = Math.max(
    retryAfter(byConversation, PER_CONVERSATION, now) ?? 0,
    retryAfter(byAddress, PER_ADDRESS, now) ?? 0,
  );
  if (wait > 0) {
    await remove();
    return { status: "rate_limited", retryAfterSeconds: wait };
  }

  const sent = await emailSender(env).send({
    to: email,
    fromName: input.agent.name,
    ...verificationEmail({
      agentName: input.agent.name,
      link: verificationLink(input.origin, token),
      minutes: input.minutes,
    }),
  });
  if (!sent.ok) {
    await remove();
    return { status: "failed", error: sent.error };
  }
  return { status: "sent", expiresAt };
}

type Verification = typeof contactVerifications.$inferSelect;
type Refused = Extract<ConsumeResult, { ok: false }>;

/** Why a row that was not (or could not be) used is refused: unknown, already used, or expired. */
function refusalOf(row: Pick<Verification, "usedAt"> | undefined): Refused {
  if (!row) return { ok: false, code: "invalid_token" };
  return { ok: false, code: row.usedAt !== null ? "token_used" : "token_expired" };
}

/** The answer for a usable row: still bound to the address it was sent to, or refused. */
async function boundToAddress(env: Pick<Env, "DB">, row: Verification): Promise<ConsumeResult> {
  const contact = await database(env)
    .select({ email: contacts.email })
    .from(contacts)
    .where(eq(contacts.id, row.contactId))
    .get();
  if (contact?.email !== row.email) return { ok: false, code: "email_changed" };
  return {
    ok: true,
    conversationId: row.conversationId,
    contactId: row.contactId,
    email: row.email,
    agentId: row.agentId,
  };
}

/** What a token would prove, checked like `consumeVerificationToken` but read-only: the token stays usable. */
export async function previewVerificationToken(
  env: Pick<Env, "DB">,
  token: string,
  now = Date.now(),
): Promise<ConsumeResult> {
  if (!isTokenShaped(token)) return { ok: false, code: "invalid_token" };
  const row = await database(env)
    .select()
    .from(contactVerifications)
    .where(eq(contactVerifications.tokenHash, await tokenHash(token)))
    .get();
  if (!row || row.usedAt !== null || row.expiresAt <= now) return refusalOf(row);
  return boundToAddress(env, row);
}

/**
 * Uses a token up: at most once (one conditional UPDATE), before it expires, and only while the contact still has the
 * address it was sent to.
 */
export async function consumeVerificationToken(
  env: Pick<Env, "DB">,
  token: string,
  now = Date.now(),
): Promise<ConsumeResult> {
  if (!isTokenShaped(token)) return { ok: false, code: "invalid_token" };
  const db = database(env);
  const hash = await tokenHash(token);
  const used = await db
    .update(contactVerifications)
    .set({ usedAt: now })
    .where(
      and(
        eq(contactVerifications.tokenHash, hash),
        isNull(contactVerifications.usedAt),
        gt(contactVerifications.expiresAt, now),
      ),
    )
    .returning()
    .get();
  if (!used)
    return refusalOf(
      await db
        .select({ usedAt: contactVerifications.usedAt })
        .from(contactVerifications)
        .where(eq(contactVerifications.tokenHash, hash))
        .get(),
    );
  return boundToAddress(env, used);
}
