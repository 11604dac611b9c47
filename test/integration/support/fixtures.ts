/** Test agents written straight into D1, so conversation tests do not depend on the admin API. */
import { env } from "cloudflare:workers";
import { database } from "../../../worker/db/client";
import { agents, shortAnswers } from "../../../worker/db/schema";

export type ShortAnswer = { question: string; answer: string };

export async function createTestAgent(
  id: string,
  answers: ShortAnswer[] = [],
  settings: Record<string, unknown> = {},
): Promise<void> {
  const db = database(env);
  const now = Date.now();
  await db
    .insert(agents)
    .values({
      id,
      name: `Agent ${id}`,
      personality: "friendly",
      greeting: "Hello!",
      settings,
      publishedVersion: 1,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing();
  for (const [i, { question, answer }] of answers.entries()) {
    await db
      .insert(shortAnswers)
      .values({ id: `sa_${id}_${i}`, agentId: id, question, answer, createdAt: now, updatedAt: now })
      .onConflictDoNothing();
  }
}

/** Short answers with distinct replies, so a test can tell which question each reply answers. */
export const SHOP_ANSWERS: ShortAnswer[] = [
  { question: "What are your opening hours?", answer: "We are open from nine to five on weekdays." },
  { question: "Do you ship to Norway?", answer: "Yes, we ship to Norway within three days." },
  { question: "How do I return a product?", answer: "Returns are free within thirty days of delivery." },
  { question: "Do you offer gift cards?", answer: "Gift cards are available in the online shop." },
];
