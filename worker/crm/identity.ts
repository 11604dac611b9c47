/**
 * Who a conversation has shown the visitor to be: the contact it verified (by a verification
 * link, host-site identity or a still-valid earlier verification), the contact a typed address
 * matched, and the address the visitor gave when asked. (A CRM request waiting on the visitor and a
 * change they have yet to confirm wait in the conversation's awaiting slot: worker/lifecycle/awaiting.ts.)
 * The Conversation Durable Object keeps it in its storage
 * (durable-objects/conversation/identity-state.ts); preview keeps a blank one in memory.
 */
import type { PropertyValue } from "../db/crm-schema";

export type VerifiedVia = "link" | "host_identity" | "returning_visitor" | "email_dmarc";

/**
 * A change the agent proposed; the server writes it only after the visitor says yes to the server's
 * own question about it. `id` ties the proposal to that question; `askedSeq` is the question's place in
 * the log (null until asked): only a visitor message after it can confirm, so a yes to the model's own
 * wording, or one typed before the question appeared, writes nothing.
 */
export type PendingChange = {
  id: string;
  contactId: string;
  property: string;
  label: string;
  value: PropertyValue;
  askedSeq: number | null;
};

export type IdentityState = {
  verified: { contactId: string; email: string; via: VerifiedVia } | null;
  /** The contact whose address the visitor typed and which matched their earlier verification (match_email). */
  matchedContactId: string | null;
  /** The address the visitor typed in this conversation. */
  givenEmail: string | null;
};

export const NO_IDENTITY: IdentityState = {
  verified: null,
  matchedContactId: null,
  givenEmail: null,
};

/** Where the identity state is kept: read it, and change part of it. */
export interface IdentityRecord {
  get(): IdentityState;
  update(change: Partial<IdentityState>): IdentityState;
}

/** An identity state in memory (preview, tests): starts as `initial`, forgotten afterwards. */
export function memoryIdentity(initial: Partial<IdentityState> = {}): IdentityRecord {
  let state: IdentityState = { ...NO_IDENTITY, ...initial };
  return {
    get: () => state,
    update: (change) => {
      state = { ...state, ...change };
      return state;
    },
  };
}
