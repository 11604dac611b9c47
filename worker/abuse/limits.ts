/**
 * The agent's abuse limits (`settings.limits`): new conversations per client IP and per agent, and
 * visitor messages per conversation, each "at most `count` per `minutes`". Defaults keep one
 * visitor or script from spending the owner's model budget; an owner with more traffic raises them.
 * Admin preview, batch tests, replay and the evaluation are never limited.
 */
import { z } from "zod";
import type { Rate } from "../lib/rate-limit";

const MAX_COUNT = 100_000; // beyond this a limit is no limit; say so by raising the window instead
const MAX_MINUTES = 24 * 60; // a day: longer windows punish a visitor for yesterday

const rateSchema = z.strictObject({
  count: z.number().int().min(1).max(MAX_COUNT),
  minutes: z.number().int().min(1).max(MAX_MINUTES),
});

export const DEFAULT_LIMITS = {
  /** One visitor opens a handful of conversations, not dozens (a reload resumes the same one). */
  conversationStartsPerIp: { count: 10, minutes: 10 },
  /** Every site together: about one new conversation every 0.6 s, sustained. */
  conversationStartsPerAgent: { count: 1_000, minutes: 10 },
  /** A person types a message every few seconds at most. */
  messagesPerConversation: { count: 20, minutes: 1 },
} as const satisfies Record<string, Rate>;

export const limitsSchema = z.strictObject({
  conversationStartsPerIp: rateSchema.default(DEFAULT_LIMITS.conversationStartsPerIp),
  conversationStartsPerAgent: rateSchema.default(DEFAULT_LIMITS.conversationStartsPerAgent),
  messagesPerConversation: rateSchema.default(DEFAULT_LIMITS.messagesPerConversation),
});
export type Limits = z.infer<typeof limitsSchema>;

/** The agent's limits, with the defaults for any it does not set (and for agents saved before limits existed). */
export function limitSettings(settings: { limits?: unknown } | undefined): Limits {
  const parsed = limitsSchema.safeParse(settings?.limits ?? {});
  return parsed.success ? parsed.data : limitsSchema.parse({});
}
