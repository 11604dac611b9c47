/**
 * The agent's lead-qualification goal (`settings.goal`, versioned with the rest of its
 * configuration): up to five criteria — the question to ask, the contact property the answer
 * fills, the answers that earn the criterion's score and an optional validation — the score
 * thresholds of the Qualified / Partially qualified / Unqualified labels, the phrases that start
 * it besides buying intent, and what happens to a qualified lead (a meeting link, or a handoff to
 * the sales team by the handoff routing rules or a routing of its own).
 */
import { z } from "zod";
import { propertyNameSchema } from "../crm/definitions";
import { routingSchema } from "../handoff/settings";
import { parsedOnce } from "../lib/frozen";
import { patternSchema } from "../lib/slow-pattern";

export const MAX_GOAL_CRITERIA = 5;
export const LEAD_LABELS = ["qualified", "partially_qualified", "unqualified"] as const;
export type LeadLabel = (typeof LEAD_LABELS)[number];

export const goalCriterionSchema = z.strictObject({
  /** What the agent asks ("How many people are on your team?"). */
  question: z.string().trim().min(1).max(300),
  /** The contact property the answer fills (it must exist: `GET /api/contact-properties`). */
  property: propertyNameSchema,
  /** Answers that earn the score: words or phrases ("enterprise"), numeric ranges ("11-50", "50+"); empty = any answer. */
  accepted: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  /** An answer must match this regular expression in full to be taken (otherwise the question is asked again once). */
  pattern: patternSchema.optional(),
  score: z.number().int().min(0).max(100),
});
export type GoalCriterion = z.infer<typeof goalCriterionSchema>;

export const qualifiedLeadSchema = z.discriminatedUnion("kind", [
  /** Share a booking link ("https://cal.example.com/sales"). */
  z.strictObject({
    kind: z.literal("meeting_link"),
    url: z
      .string()
      .url()
      .max(2_000)
      .regex(/^https?:\/\//i, "Must be an http(s) link"),
  }),
  /** Hand off to a person: the agent's handoff routing, or this routing (the sales team). */
  z.strictObject({ kind: z.literal("handoff"), routing: routingSchema.optional() }),
]);
export type QualifiedLead = z.infer<typeof qualifiedLeadSchema>;

export const goalSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    criteria: z.array(goalCriterionSchema).min(1).max(MAX_GOAL_CRITERIA),
    /** Total score at or above `qualified` → Qualified; at or above `partial` → Partially qualified; below → Unqualified. */
    thresholds: z.strictObject({
      qualified: z.number().int().min(0).max(500),
      partial: z.number().int().min(0).max(500),
    }),
    /** Phrases that start the questions besides buying intent (pricing, plans, a demo, sales). */
    triggerPhrases: z.array(z.string().trim().min(2).max(100)).max(20).default([]),
    qualified: qualifiedLeadSchema.default({ kind: "handoff" }),
  })
  .refine((goal) => goal.thresholds.partial <= goal.thresholds.qualified, {
    message: "The partially qualified threshold must not be above the qualified one",
    path: ["thresholds", "partial"],
  });
export type Goal = z.infer<typeof goalSchema>;

/** The goal in a settings object, parsed once per published (frozen) settings: it is read twice on every message. */
const keptGoal = parsedOnce((settings): Goal | null => {
  const parsed = goalSchema.safeParse((settings as { goal?: unknown } | undefined)?.goal);
  return parsed.success && parsed.data.enabled ? parsed.data : null;
});

/** The agent's goal when one is saved and enabled (shared by every turn of a published version: read it, never change it). */
export function goalOf(settings: { goal?: unknown } | undefined): Goal | null {
  return keptGoal(settings);
}

/** The label a total score earns under `goal`'s thresholds. */
export function leadLabel(goal: Pick<Goal, "thresholds">, score: number): LeadLabel {
  if (score >= goal.thresholds.qualified) return "qualified";
  if (score >= goal.thresholds.partial) return "partially_qualified";
  return "unqualified";
}
