/**
 * Guidelines, each kind seen offline through preview and in a conversation, and in the generative
 * system prompt: response style (length, formatting, emoji), scripts, frustrated visitors
 * (acknowledge, offer a person, hand off), free-form instructions.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { buildSystemPrompt } from "../../worker/agent/prompt";
import { VOICES } from "../../worker/agent/offline/voice";
import { database } from "../../worker/db/client";
import { handoffs } from "../../worker/db/schema";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation } from "./support/chat-client";
import { hasSystem } from "./support/lifecycle";

type PreviewJson = { answer: string; abstained: boolean; handoff: { reason: string; detail: string | null } | null };

const SETUP = [
  "## Connecting the board",
  "",
  "Plug the **USB cable** into the board. The green power LED lights up at once. Open the `Tools` " +
    "menu and pick the port. Then press Upload to send your sketch.",
  "",
  "Windows installs the driver by itself. On Linux, add your user to the dialout group. See [the " +
    "driver guide](https://help.example/drivers) for details.",
].join("\n");

async function agentWith(id: string, guidelines: Record<string, unknown>, personality = "friendly"): Promise<string> {
  const response = await adminFetch(`/agents/${id}`, {
    method: "PUT",
    json: { name: "Guide", personality, greeting: "Hi", settings: { guidelines } },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  expect(
    (await adminFetch(`/agents/${id}/articles/setup`, { method: "PUT", json: { title: "Board setup", body: SETUP } }))
      .status,
  ).toBeLessThan(300);
  return id;
}

const ask = async (id: string, message: string): Promise<PreviewJson> => {
  const response = await adminFetch(`/agents/${id}/preview`, { method: "POST", json: { message } });
  expect(response.status).toBe(200);
  return (await response.json()) as PreviewJson;
};

const QUESTION = "How do I connect the board with the USB cable and pick the port?";

describe("response style", () => {
  it("sets the answer's length offline: short is at most two sentences, detailed takes the following paragraphs too", async () => {
    const short = await ask(await agentWith("style-short", { responseStyle: { length: "short" } }), QUESTION);
    const medium = await ask(await agentWith("style-medium", {}), QUESTION);
    const detailed = await ask(await agentWith("style-detailed", { responseStyle: { length: "detailed" } }), QUESTION);
    expect(short.answer.split(/(?<=\.)\s+/).length).toBeLessThanOrEqual(2);
    expect(short.answer.length).toBeLessThan(medium.answer.length);
    expect(medium.answer).toContain("Then press Upload");
    expect(medium.answer).not.toContain("dialout");
    expect(detailed.answer).toContain("dialout");
  });

  it("writes plain text without markdown when formatting is plain", async () => {
    const markdown = await ask(await agentWith("style-markdown", { responseStyle: { length: "detailed" } }), QUESTION);
    const plain = await ask(
      await agentWith("style-plain", { responseStyle: { length: "detailed", formatting: "plain" } }),
      QUESTION,
    );
    expect(markdown.answer).toContain("**USB cable**");
    expect(plain.answer).toContain("Plug the USB cable into the board.");
    expect(plain.answer).toContain("the driver guide (https://help.example/drivers)");
    expect(plain.answer).not.toMatch(/\*\*|`|\]\(/);
  });

  it("adds the personality's emoji when emoji are welcome, and none otherwise", async () => {
    const some = await ask(
      await agentWith("style-emoji", { responseStyle: { emoji: "sometimes" } }, "casual"),
      QUESTION,
    );
    const never = await ask(await agentWith("style-no-emoji", {}, "casual"), QUESTION);
    expect(some.answer.endsWith(VOICES.casual.emoji)).toBe(true);
    expect(never.answer).not.toContain(VOICES.casual.emoji);
  });

  it("is written into the generative system prompt", () => {
    const agent = {
      name: "Ada",
      personality: "friendly" as const,
      settings: { guidelines: { responseStyle: { length: "short", formatting: "plain", emoji: "sometimes" } } },
    };
    const prompt = buildSystemPrompt(agent, []);
    expect(prompt).toContain("Keep answers short: one or two sentences.");
    expect(prompt).toContain("Write plain sentences: no markdown");
    expect(prompt).toContain("An occasional emoji is welcome");
  });
});

describe("scripts for recurring situations", () => {
  const scripts = [
    {
      situation: "Damaged parcel",
      keywords: ["arrived broken", "arrived damaged"],
      reply:
        "I'm sorry it arrived damaged! Please send a photo to care@shop.example and we will send a new one the same day.",
    },
  ];

  it("are said as written offline when the message is in the situation, and listed for generative models", async () => {
    const id = await agentWith("scripts-agent", { scripts });
    const answer = await ask(id, "My board arrived broken, what now?");
    expect(answer.answer).toBe(scripts[0]?.reply);
    expect((await ask(id, QUESTION)).answer).toContain("Plug the");
    const prompt = buildSystemPrompt(
      { name: "Ada", personality: "friendly", settings: { guidelines: { scripts } } },
      [],
    );
    expect(prompt).toContain(
      `When the visitor is in the situation "Damaged parcel", say: ${JSON.stringify(scripts[0]?.reply)}`,
    );
  });
});

describe("frustrated visitors", () => {
  const ANGRY = "This is ridiculous, how do I connect the board with the USB cable and pick the port?";

  it("are acknowledged first (the default), in the personality's words", async () => {
    const id = await agentWith("frustration-ack", {}, "empathetic");
    const answer = await ask(id, ANGRY);
    expect(answer.answer.startsWith(VOICES.empathetic.acknowledge)).toBe(true);
    expect(answer.answer).toContain("Plug the");
    expect((await ask(id, QUESTION)).answer.startsWith(VOICES.empathetic.acknowledge)).toBe(false);
  });

  it("are offered a person when the guideline says so", async () => {
    const answer = await ask(
      await agentWith("frustration-offer", { frustratedVisitors: { handling: "offer_handoff" } }),
      ANGRY,
    );
    expect(answer.answer.startsWith(VOICES.friendly.acknowledge)).toBe(true);
    expect(answer.answer.endsWith(VOICES.friendly.offerHandoff)).toBe(true);
    expect(answer.handoff).toBeNull();
  });

  it("are handed to a person at once when the guideline says so, with the reason recorded", async () => {
    const id = await agentWith("frustration-handoff", {
      frustratedVisitors: { handling: "handoff", instructions: "Never argue." },
    });
    expect((await ask(id, ANGRY)).handoff).toEqual({ reason: "frustrated_visitor", detail: null });
    const { conversationId, visitorToken } = await startConversation(id);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: ANGRY });
    await socket.waitFor(hasSystem("no_staff"));
    expect(
      await database(env).select().from(handoffs).where(eq(handoffs.conversationId, conversationId)).all(),
    ).toMatchObject([{ reason: "frustrated_visitor" }]);
    socket.close();
    const prompt = buildSystemPrompt(
      {
        name: "Ada",
        personality: "friendly",
        settings: { guidelines: { frustratedVisitors: { handling: "handoff", instructions: "Never argue." } } },
      },
      [],
    );
    expect(prompt).toContain("- Never argue.");
  });
});

describe("instructions", () => {
  it("go into the generative system prompt as rules, one line each", () => {
    const prompt = buildSystemPrompt(
      {
        name: "Ada",
        personality: "friendly",
        settings: { guidelines: { instructions: ["Mention the loyalty programme when asked about discounts."] } },
      },
      [],
    );
    expect(prompt).toContain("- Mention the loyalty programme when asked about discounts.");
  });
});
