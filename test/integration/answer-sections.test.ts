/**
 * A help article often opens with a summary that matches a "how" question best ("Follow the steps
 * below to change your username.") while its steps are another section: the best-ranked document
 * brings its sections that score nearly as well, so the offline model quotes the steps and a
 * generative model reads them too.
 */
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { retrieveRanked } from "../../worker/knowledge/retrieve";
import { insertAgentWithKnowledge } from "./knowledge-fixtures";
import { turnParts } from "./support/turn-parts";

type RecordedRequest = { path: string; body: { messages: { role: string; content: string }[] } };

const QUESTION = "How do I change my forum username?";
const STEPS = "1. Open the forum and sign in.\n2. Open your preferences.\n3. Change your username and save it.";
const USERNAME = {
  id: "username",
  title: "Change your forum username",
  body: [
    "Your forum username is your account name at first. Follow the steps below to change your forum username.",
    "## When you can change your username",
    "You can change your forum username in the first three days after you register.",
    "## How to change your username",
    STEPS,
  ].join("\n\n"),
};
const MODERATION = {
  id: "moderation",
  title: "Forum moderation",
  body: "Moderators review reports of abuse in the forum within a day, and may rename a username that breaks the rules.",
};

describe("the sections of the best-ranked article", () => {
  it("reach the model beside its best one, so a 'how' question is answered with the steps", async () => {
    await insertAgentWithKnowledge("sections-agent", { articles: [USERNAME, MODERATION] });
    const { passages, ranked } = await retrieveRanked(env, "sections-agent", QUESTION, 4);
    // The documents are ranked once each; the passages hold more than one section of the best.
    expect(ranked.map((d) => d.sourceId)).toEqual([
      "doc:src_sections-agent_articles:username",
      "doc:src_sections-agent_articles:moderation",
    ]);
    const sections = passages.filter((p) => p.sourceId === ranked[0]?.sourceId);
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.some((p) => p.text.includes(STEPS))).toBe(true);

    const offline = await turnParts(env, "sections-agent", QUESTION);
    const text = offline.flatMap((p) => (p.type === "delta" ? [p.text] : [])).join("");
    expect(text).toContain(STEPS);
    expect(text).not.toContain("steps below");

    const loopback = inject("openaiLoopbackUrl");
    const generativeEnv: Env = {
      ...env,
      OPENAI_API_KEY: "test-key",
      OPENAI_BASE_URL: `${loopback}/v1`,
      FRONTDESK_MODEL: "sections-model",
    };
    await turnParts(generativeEnv, "sections-agent", QUESTION);
    const recorded = (await (await fetch(`${loopback}/__requests`)).json()) as RecordedRequest[];
    const request = recorded.find(
      (r) => r.path.endsWith("/chat/completions") && r.body.messages.some((m) => m.content === QUESTION),
    );
    const system = request?.body.messages[0]?.content ?? "";
    expect(system).toContain("> 1. Open the forum and sign in.");
    expect(system).toContain("Follow the steps below to change your forum username.");
  });
});
