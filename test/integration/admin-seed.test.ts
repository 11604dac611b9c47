/** The demo-agent seed helper: it seeds docs/ and the short answers, and running it again changes no counts. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Agent } from "../../worker/db/agents";
import { retrieve } from "../../worker/knowledge/retrieve";
import type { ShortAnswer } from "../../worker/db/short-answers";
import { adminFetch, DEMO_AGENT, demoDocs, seedDemoAgent } from "./helpers/seed";

async function counts() {
  const sources = (
    (await (await adminFetch("/agents/demo/sources")).json()) as {
      items: { type: string; name: string; status: string }[];
    }
  ).items;
  const docs = sources.filter((s) => s.type === "file" && s.status === "ready").map((s) => s.name);
  const shortAnswers = ((await (await adminFetch("/agents/demo/short-answers")).json()) as { items: ShortAnswer[] })
    .items;
  const versions = await env.DB.prepare(
    "select count(*) as n from agent_versions where agent_id = 'demo'",
  ).first<number>("n");
  return { docs: docs.sort(), shortAnswers: shortAnswers.map((s) => s.question).sort(), versions };
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
    expect(afterFirst.docs).toEqual(
      demoDocs()
        .map((d) => `docs/${d.id}.md`)
        .sort(),
    );
    expect(afterFirst.shortAnswers).toEqual(DEMO_AGENT.shortAnswers.map((s) => s.question).sort());

    const second = await seedDemoAgent();
    expect(second.shortAnswersCreated).toBe(0);
    const afterSecond = await counts();
    expect(afterSecond.docs).toEqual(afterFirst.docs);
    expect(afterSecond.shortAnswers).toEqual(afterFirst.shortAnswers);
    expect(afterSecond.versions).toBe((afterFirst.versions ?? 0) + 1); // each run saves the agent config once

    const agent = (await (await adminFetch("/agents/demo")).json()) as Agent;
    expect(agent).toMatchObject({ id: "demo", ...DEMO_AGENT.agent });
    // The demo agent answers from its docs: the embedding page is found for an embedding question.
    const [passage] = await retrieve(env, "demo", "How do I embed the widget on my site?", 1);
    expect(passage?.name).toBe("docs/embedding-the-widget.md");
  });
});
