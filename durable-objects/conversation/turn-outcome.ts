/**
 * What a message's answer came to, stored with the message in the turn queue in the same step as the
 * answer is logged (turn-queue.ts): the answer's follow-up runs from it, again after a restart, and
 * the message itself is not answered twice.
 */
import { z } from "zod";
import type { HandoffReason } from "../../worker/db/schema";

const TurnOutcomeSchema = z.object({
  /** The message answered: the one being handled, or one it let through (a message held for the visitor's email). */
  seq: z.number().int(),
  replied: z.boolean(),
  abstained: z.boolean(),
  handoff: z
    .object({ reason: z.custom<HandoffReason>((value) => typeof value === "string"), detail: z.string().nullable() })
    .optional(),
});

export type TurnOutcome = z.infer<typeof TurnOutcomeSchema>;

export const storedOutcome = (outcome: TurnOutcome): string => JSON.stringify(outcome);

/** The stored outcome, or null when it cannot be read (the follow-up is then skipped; the answer stands). */
export function readOutcome(stored: string): TurnOutcome | null {
  try {
    const parsed = TurnOutcomeSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
