/**
 * Whether the agent may use a contact's data now, given the protection level the admin chose
 * and what the conversation has shown about the visitor. Pure: the conversation gathers the
 * facts, this decides, and nothing here ever reads a value.
 *
 * - `none`: the address the visitor gave is enough.
 * - `match_email`: the address the visitor gives must be the one of the contact they proved to
 *   be earlier to this agent (a verification or host-site identity); without such a link, the check
 *   falls back to `verify_email` (DECISIONS).
 * - `verify_email`: only a verification (a link opened from the inbox, host-site identity, or a
 *   verification of this visitor still in its period) counts. A typed address never does.
 */
import type { ProtectionLevel } from "./access-settings";

export type AccessFacts = {
  /** The contact this conversation is verified as. */
  verifiedContactId: string | null;
  /** The contact a typed address matched (match_email) in this conversation. */
  matchedContactId: string | null;
  /** The contact the visitor proved to be to this agent at some point (even if that proof has lapsed). */
  trustedContact: { id: string; email: string } | null;
  /** The address the visitor typed in this conversation (asked for by a check, or by email capture). */
  knownEmail: string | null;
};

export type AccessDecision =
  /** Use this contact's data (`byEmail`: the contact of the known address, when there is one). */
  | { kind: "granted"; contactId: string }
  | { kind: "granted_by_email"; email: string }
  /** The typed address is the trusted contact's: record the match, then use it. */
  | { kind: "matched"; contactId: string }
  /** Ask the visitor for their address first. */
  | { kind: "ask_email" }
  /** Send a verification link to this address; the data waits until it is opened. */
  | { kind: "verify"; email: string };

const RANK: Record<ProtectionLevel, number> = { none: 0, match_email: 1, verify_email: 2 };

/** Whether `level` asks for at least `other`'s check. */
export const atLeast = (level: ProtectionLevel, other: ProtectionLevel): boolean => RANK[level] >= RANK[other];

export function decideAccess(level: ProtectionLevel, facts: AccessFacts): AccessDecision {
  if (facts.verifiedContactId) return { kind: "granted", contactId: facts.verifiedContactId };
  if (level === "verify_email")
    return facts.knownEmail ? { kind: "verify", email: facts.knownEmail } : { kind: "ask_email" };
  if (facts.matchedContactId) return { kind: "granted", contactId: facts.matchedContactId };
  if (!facts.knownEmail) return { kind: "ask_email" };
  if (level === "none") return { kind: "granted_by_email", email: facts.knownEmail };
  const trusted = facts.trustedContact;
  return trusted && trusted.email === facts.knownEmail
    ? { kind: "matched", contactId: trusted.id }
    : { kind: "verify", email: facts.knownEmail };
}
