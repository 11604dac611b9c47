/**
 * Test fixtures for the agent turn and retrieval: writes an agent, articles and short answers
 * straight into D1 (drizzle), bypassing the admin API, and indexes the articles as saving one does.
 */
import { env } from "cloudflare:workers";
import { database } from "../../worker/db/client";
import { agents, articles, shortAnswers } from "../../worker/db/schema";
import { reindexArticle } from "../../worker/knowledge/articles";

const NOW = 1_700_000_000_000; // fixed timestamps keep fixtures deterministic

export type ArticleFixture = { id: string; title: string; body: string; url?: string };
export type ShortAnswerFixture = { id: string; question: string; answer: string };

/** Inserts an agent (friendly, named "Ada") with the given knowledge; agent ids must be unique per test. */
export async function insertAgentWithKnowledge(
  agentId: string,
  knowledge: { articles?: ArticleFixture[]; shortAnswers?: ShortAnswerFixture[] } = {},
): Promise<void> {
  const db = database(env);
  await db.insert(agents).values({
    id: agentId,
    name: "Ada",
    personality: "friendly",
    greeting: "Hi! How can I help?",
    settings: {},
    publishedVersion: 1,
    createdAt: NOW,
    updatedAt: NOW,
  });
  for (const a of knowledge.articles ?? []) {
    const article = {
      id: a.id,
      title: a.title,
      body: a.body,
      url: a.url ?? null,
      published: true,
      createdAt: NOW,
      updatedAt: NOW,
    };
    await db.insert(articles).values({ agentId, ...article });
    await reindexArticle(env, agentId, article);
  }
  for (const s of knowledge.shortAnswers ?? []) {
    // Short-answer ids are global primary keys: prefix them with the agent so tests never collide.
    await db.insert(shortAnswers).values({
      id: `${agentId}-${s.id}`,
      agentId,
      question: s.question,
      answer: s.answer,
      createdAt: NOW,
      updatedAt: NOW,
    });
  }
}

/** A small help centre used across the turn tests. */
export const HELP_CENTRE: { articles: ArticleFixture[]; shortAnswers: ShortAnswerFixture[] } = {
  articles: [
    {
      id: "refunds",
      title: "Refunds and returns",
      url: "https://shop.example/help/refunds",
      body: [
        "# Refunds and returns",
        "",
        "We want you to love what you bought.",
        "",
        "## Asking for a refund",
        "",
        "You can ask for a refund within 30 days of delivery from the Orders page. The money goes back " +
          "to your original card within 5 working days.",
        "",
        "## Returning an item",
        "",
        "Pack the item in its original box and print the free return label from the Orders page.",
      ].join("\n"),
    },
    {
      id: "shipping",
      title: "Shipping",
      body: [
        "# Shipping",
        "",
        "We ship to Denmark, Sweden, Norway and Germany. Delivery takes 2 to 4 working days.",
        "",
        "## Shipping costs",
        "",
        "Shipping is free on orders above 500 DKK; below that it costs 49 DKK.",
      ].join("\n"),
    },
    {
      id: "account",
      title: "Your account",
      url: "https://shop.example/help/account",
      body: "## Changing your password\n\nOpen Settings, choose Security and click Change password. We email you a confirmation.",
    },
  ],
  shortAnswers: [
    {
      id: "hours",
      question: "What are your opening hours?",
      answer: "Our support team is available Monday to Friday, 9:00–17:00 CET.",
    },
  ],
};
