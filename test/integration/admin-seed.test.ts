/** The demo-agent seed helper: it seeds docs/ and the short answers, and running it again changes no counts. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Agent } from "../../worker/db/agents";
import type { Article, ArticleSummary } from "../../worker/db/articles";
import type { ShortAnswer } from "../../worker/db/short-answers";
import { adminFetch, DEMO_AGENT, demoDocs, seedDemoAgent } from "./helpers/seed";

async function counts() {
  const articles = ((await (await adminFetch("/agents/demo/articles")).json()) as { items: ArticleSummary[] }).items;
  const shortAnswers = ((await (await adminFetch("/agents/demo/short-answers")).json()) as { items: ShortAnswer[] }).items;
  const versions = await env.DB.prepare("select count(*) as n from agent_versions where agent_id = 'demo'").first<number>("n");
  return { articles: articles.map((a) => a.id), shortAnswers: shortAnswers.map((s) => s.question).sort(), versions };
}

describe("seedDemoAgent", () => {
  it("reads docs/*.md through Vite inside workerd", () => {
    const docs = demoDocs();
    expect(docs.length).toBeGreaterThanOrEqual(5);
    for (const doc of docs) {
      expect(doc.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(doc.body.startsWith(`# ${doc.title}`)).toBe(true);
    }
  });

  it("seeds the demo agent, and a second run changes no counts", async () => {
    const first = await seedDemoAgent();
    expect(first.shortAnswersCreated).toBe(DEMO_AGENT.shortAnswers.length);
    const afterFirst = await counts();
    expect(afterFirst.articles).toEqual(demoDocs().map((d) => d.id));
    expect(afterFirst.shortAnswers).toEqual(DEMO_AGENT.shortAnswers.map((s) => s.question).sort());

    const second = await seedDemoAgent();
    expect(second.shortAnswersCreated).toBe(0);
    const afterSecond = await counts();
    expect(afterSecond.articles).toEqual(afterFirst.articles);
    expect(afterSecond.shortAnswers).toEqual(afterFirst.shortAnswers);
    expect(afterSecond.versions).toBe((afterFirst.versions ?? 0) + 1); // each run saves the agent config once

    const agent = (await (await adminFetch("/agents/demo")).json()) as Agent;
    expect(agent).toMatchObject({ id: "demo", ...DEMO_AGENT.agent });
    const doc = demoDocs()[0];
    if (!doc) throw new Error("no docs");
    const article = (await (await adminFetch(`/agents/demo/articles/${doc.id}`)).json()) as Article;
    expect(article).toMatchObject({ title: doc.title, body: doc.body, url: null });
  });

  it("removes demo articles that no longer have a file in docs/", async () => {
    await seedDemoAgent();
    await adminFetch("/agents/demo/articles/stale-page", { method: "PUT", json: { title: "Stale", body: "old" } });
    await seedDemoAgent();
    expect((await counts()).articles).not.toContain("stale-page");
  });
});
