/**
 * Topics the agent must not discuss, checked before any model sees the message — so the rule
 * holds even when a generative model would ignore its instructions. A topic matches on its
 * keywords (whole words or phrases, any case) or when the message is close to the topic's
 * description in the offline embedder's space. Each says how to handle it: a fixed reply, a
 * redirect (a reply pointing elsewhere), or a handoff to a person.
 */
import { z } from "zod";
import { embedOffline } from "../knowledge/engine/embedder";
import { isStopword } from "../knowledge/text";
import { matchTriggerPhrase } from "../lifecycle/person-request";

const MAX_TOPICS = 30;
const MAX_KEYWORDS = 30;
/** Cosine above which a message is about the topic's description (hashed features: same words, other forms). */
export const TOPIC_SIMILARITY = 0.45;

export const avoidedTopicSchema = z
  .strictObject({
    topic: z.string().trim().min(2).max(80),
    description: z.string().trim().max(500).default(""),
    keywords: z.array(z.string().trim().min(2).max(80)).max(MAX_KEYWORDS).default([]),
    handling: z.enum(["reply", "redirect", "handoff"]),
    /** What the visitor is told (`reply` and `redirect`; `handoff` uses the handoff messages). */
    reply: z.string().trim().min(1).max(1000).optional(),
  })
  .refine((t) => t.handling === "handoff" || t.reply, { message: "A reply is required unless the handling is handoff", path: ["reply"] })
  .refine((t) => t.keywords.length > 0 || t.description.length > 0, { message: "Give keywords or a description to recognise the topic", path: ["keywords"] });
export type AvoidedTopic = z.infer<typeof avoidedTopicSchema>;

export const guidelinesSchema = z.strictObject({ topicsToAvoid: z.array(avoidedTopicSchema).max(MAX_TOPICS).default([]) });

/** The topics of an agent's settings (none when unset or unreadable). */
export function avoidedTopics(settings: { guidelines?: unknown } | undefined): AvoidedTopic[] {
  const parsed = guidelinesSchema.safeParse(settings?.guidelines ?? {});
  return parsed.success ? parsed.data.topicsToAvoid : [];
}

function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

/** The first topic the message is about, or null. */
export function matchAvoidedTopic(message: string, topics: AvoidedTopic[]): AvoidedTopic | null {
  if (topics.length === 0) return null;
  for (const topic of topics) if (matchTriggerPhrase(message, topic.keywords)) return topic;
  const vector = embedOffline(message, isStopword);
  for (const topic of topics) {
    if (topic.description && cosine(vector, embedOffline(`${topic.topic} ${topic.description}`, isStopword)) >= TOPIC_SIMILARITY) return topic;
  }
  return null;
}
