/**
 * Reply language: the message's language when it is clear, else the browser's. Offline, the agent
 * answers from knowledge in that language when there is some; otherwise it says, in the visitor's
 * language, which language the knowledge is in and answers in it (en, da, no, de checked). With a
 * generative model the prompt asks for the visitor's language whatever the sources' language.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { runTurn } from "../../worker/agent/turn";
import { LOCALES } from "../../worker/agent/offline/locale";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, workerFetch } from "./support/chat-client";
import { completes } from "./support/lifecycle";

const AGENT = "language-agent";
type PreviewJson = { answer: string; abstained: boolean; language: string };

const ask = async (message: string, language?: string): Promise<PreviewJson> => {
  const response = await adminFetch(`/agents/${AGENT}/preview`, {
    method: "POST",
    json: { message, ...(language ? { language } : {}) },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as PreviewJson;
};

beforeAll(async () => {
  await adminFetch(`/agents/${AGENT}`, {
    method: "PUT",
    json: { name: "Polyglot", personality: "friendly", greeting: "Hi" },
  });
  await adminFetch(`/agents/${AGENT}/articles/hours`, {
    method: "PUT",
    json: { title: "Opening hours", body: "We are open from nine to five on weekdays." },
  });
  await adminFetch(`/agents/${AGENT}/articles/osterbro`, {
    method: "PUT",
    json: {
      title: "Butikken på Østerbro",
      body: "Butikken på Østerbro har åbent fra klokken 10 til 18 på hverdage, og den er lukket om søndagen.",
    },
  });
});

describe("offline replies in the visitor's language", () => {
  it("say in Danish, Norwegian and German that the answer is only in English, then give it", async () => {
    for (const [tag, code] of [
      ["da-DK", "da"],
      ["nb-NO", "no"],
      ["de-DE", "de"],
    ] as const) {
      const result = await ask("Opening hours?", tag);
      expect(result.language).toBe(code);
      const locale = LOCALES[code];
      expect(result.answer, tag).toBe(
        `${locale.onlyIn(locale.names.en)}\n\nWe are open from nine to five on weekdays.`,
      );
    }
  });

  it("say in English that the answer is only in Danish", async () => {
    const result = await ask("Østerbro?");
    expect(result.language).toBe("en");
    expect(result.answer).toMatch(
      /^I only have this information in Danish, so here it is in Danish:\n\nButikken på Østerbro har åbent/,
    );
  });

  it("answer without a notice when the knowledge is in the visitor's language", async () => {
    const danish = await ask("Hvornår har butikken på Østerbro åbent?", "en-US");
    expect(danish.language).toBe("da");
    expect(danish.answer).toMatch(/^Butikken på Østerbro har åbent fra klokken 10/);
    const english = await ask("What are your opening hours?");
    expect(english.answer).toBe("We are open from nine to five on weekdays.");
  });

  it("say they do not know in the visitor's language", async () => {
    expect((await ask("Hvad koster en cykel hos jer?")).answer).toBe(LOCALES.da.abstain);
    expect((await ask("Was kostet ein Fahrrad bei euch?")).answer).toBe(LOCALES.de.abstain);
    expect((await ask("Hva koster en sykkel?", "nb")).answer).toBe(LOCALES.no.abstain);
  });

  it("take the browser language the widget sends when a conversation starts, and refuse a malformed one", async () => {
    const start = await workerFetch(`/v1/agents/${AGENT}/conversations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ language: "de-DE" }),
    });
    expect(start.status).toBe(201);
    const { conversationId, visitorToken } = (await start.json()) as { conversationId: string; visitorToken: string };
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: "Opening hours?" });
    const events = await socket.waitForReplies(1);
    expect(completes(events)[0]?.text).toBe(
      `${LOCALES.de.onlyIn(LOCALES.de.names.en)}\n\nWe are open from nine to five on weekdays.`,
    );
    socket.close();

    const bad = await workerFetch(`/v1/agents/${AGENT}/conversations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ language: "<script>" }),
    });
    expect(bad.status).toBe(400);
  });
});

describe("generative replies", () => {
  it("are asked for the visitor's language, whatever the passages' language", async () => {
    const loopback = inject("openaiLoopbackUrl");
    const turnEnv: Env = { ...env, OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: `${loopback}/v1` };
    const question = "Opening hours? (language test)";
    for await (const _ of runTurn({
      env: turnEnv,
      agentId: AGENT,
      history: [{ role: "user", text: question }],
      browserLanguage: "da-DK",
    })) {
      // drain
    }
    const recorded = (await (await fetch(`${loopback}/__requests`)).json()) as {
      body: { messages?: { role: string; content: string }[] };
    }[];
    const request = recorded.find((r) => r.body.messages?.some((m) => m.content === question));
    const system = request?.body.messages?.[0]?.content ?? "";
    expect(system).toContain(
      "Reply in Danish, the visitor's language, even when the passages are in another language.",
    );
    expect(system).toContain("> We are open from nine to five on weekdays.");
  });
});
