/**
 * Topics the agent must not discuss, checked before any model sees the message — so the rule
 * holds even when a generative model would ignore its instructions. A topic matches on its
 * keywords or its description (situation-match.ts). Each says how to handle it: a fixed reply,
 * a redirect (a reply pointing elsewhere), or a handoff to a person.
 */
import { z } from "zod";
import { matchSituation } from "./situation-match";

export const MAX_KEYWORDS = 30; // a topic is recognised by a few telling words, not a dictionary

export const keywordsSchema = z.array(z.string().trim().min(2).max(80)).max(MAX_KEYWORDS).default([]);

export const avoidedTopicSchema = z
  .strictObject({
    topic: z.string().trim().min(2).max(80),
    description: z.string().trim().max(500).default(""),
    keywords: keywordsSchema,
    handling: z.enum(["reply", "redirect", "handoff"]),
    /** What the visitor is told (`reply` and `redirect`; `handoff` uses the handoff messages). */
    reply: z.string().trim().min(1).max(1000).optional(),
  })
  .refine((t) => t.handling === "handoff" || t.reply, {
    message: "A reply is required unless the handling is handoff",
    path: ["reply"],
  })
  .refine((t) => t.keywords.length > 0 || t.description.length > 0, {
    message: "Give keywords or a description to recognise the topic",
    path: ["keywords"],
  });
export type AvoidedTopic = z.infer<typeof avoidedTopicSchema>;

/** The first topic the message is about, or null. */
export function matchAvoidedTopic(message: string, topics: readonly AvoidedTopic[]): AvoidedTopic | null {
  return matchSituation(message, topics, (t) => ({ name: t.topic, keywords: t.keywords, description: t.description }));
}
