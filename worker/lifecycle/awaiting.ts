/**
 * The one thing a conversation waits for from the visitor's next message. Verification (an
 * address a CRM check asked for, or a link to be opened), the visitor's yes or no to a change or
 * a write action, an action's next input, a goal question and email capture all wait for an
 * answer; only one of them may claim it, so two flows never take the same message. A flow with a
 * higher priority takes the slot from a lower one (which then gives up its question); a lower one
 * cannot claim the slot while a higher one holds it, and asks later or not at all.
 */
import type { PendingChange } from "../crm/identity";

/** A write action held for the visitor's yes: the server asks about exactly these inputs. */
export type PendingActionCall = {
  id: string;
  actionId: string;
  inputs: Record<string, string>;
  /** The contact the action acts for, when its protection level named one. */
  contactId: string | null;
  /** The server's question's place in the log (null until asked): only a later message may confirm. */
  askedSeq: number | null;
};

export type Awaiting =
  /** A CRM check waits: for the visitor's address (`email`) or for the verification link (`link`). */
  | { kind: "verification"; step: "email" | "link"; messageSeq: number; level: "match_email" | "verify_email" }
  | { kind: "change_confirmation"; change: PendingChange }
  | { kind: "action_confirmation"; call: PendingActionCall }
  /** An action collects its inputs, one question at a time. */
  | {
      kind: "action_input";
      actionId: string;
      /** Inputs given so far (validated). */
      values: Record<string, string>;
      /** The input asked for now. */
      input: string;
      /** Asked once more after an answer that did not validate; a second miss gives up. */
      retried: boolean;
    }
  /** A goal question was asked: criterion `criterion` of the agent's goal. */
  | { kind: "goal_question"; criterion: number; retried: boolean }
  /** The agent asked for the visitor's email; `heldMessageSeq` is a question held back until it comes. */
  | { kind: "email_capture"; heldMessageSeq: number | null };

export type AwaitingKind = Awaiting["kind"];

/** Higher wins: verification > confirmation of a change > action input > goal question > email capture. */
export const AWAITING_PRIORITY: Record<AwaitingKind, number> = {
  verification: 5,
  change_confirmation: 4,
  action_confirmation: 4,
  action_input: 3,
  goal_question: 2,
  email_capture: 1,
};

/** Where a conversation keeps its slot (the Durable Object's storage; memory in preview). */
export interface AwaitingSlot {
  get(): Awaiting | null;
  set(awaiting: Awaiting | null): void;
}

/**
 * Claims the slot for `next`: true when the slot was empty, held by the same kind of flow (which
 * `next` replaces), or held by a flow of lower priority (which is dropped).
 */
export function claimAwaiting(slot: AwaitingSlot, next: Awaiting): boolean {
  const held = slot.get();
  if (held && held.kind !== next.kind && AWAITING_PRIORITY[held.kind] >= AWAITING_PRIORITY[next.kind]) return false;
  slot.set(next);
  return true;
}

/** What the slot holds when it is of `kind`, else null. */
export function awaited<K extends AwaitingKind>(slot: AwaitingSlot, kind: K): Extract<Awaiting, { kind: K }> | null {
  const held = slot.get();
  return held?.kind === kind ? (held as Extract<Awaiting, { kind: K }>) : null;
}

/** Empties the slot when it holds `kind`; returns what it held. */
export function releaseAwaiting<K extends AwaitingKind>(
  slot: AwaitingSlot,
  kind: K,
): Extract<Awaiting, { kind: K }> | null {
  const held = awaited(slot, kind);
  if (held) slot.set(null);
  return held;
}

/** A slot in memory (preview, tests). */
export function memoryAwaiting(initial: Awaiting | null = null): AwaitingSlot {
  let held = initial;
  return {
    get: () => held,
    set: (awaiting) => {
      held = awaiting;
    },
  };
}
