/**
 * Personalities: the offline model's phrasing differs per personality; the generative system prompt carries the tone
 * and the brand voice.
 */
import { describe, expect, it } from "vitest";
import { buildSystemPrompt } from "../../worker/agent/prompt";
import { VOICES } from "../../worker/agent/offline/voice";
import { PERSONALITIES } from "../../worker/db/agents";
import { adminFetch } from "./helpers/seed";

type PreviewJson = { answer: string; abstained: boolean };

async function agentWith(personality: string): Promise<string> {
  const id = `voice-${personality.replace("_", "-")}`;
  const settings =
    personality === "brand_voice" ? { brandVoice: "Crisp, nautical, never uses exclamation marks." } : {};
  expect(
    (
      await adminFetch(`/agents/${id}`, {
        method: "PUT",
        json: { name: "Voice", personality, greeting: "Hi", settings },
      })
    ).status,
  ).toBe(201);
  await adminFetch(`/agents/${id}/articles/hours`, {
    method: "PUT",
    json: { title: "Opening hours", body: "We are open from nine to five on weekdays." },
  });
  return id;
}

const ask = async (id: string, message: string) =>
  (await (await adminFetch(`/agents/${id}/preview`, { method: "POST", json: { message } })).json()) as PreviewJson;

describe("personalities", () => {
  it("each speaks in its own way offline: how answers open and how it says it does not know", async () => {
    const abstains = new Set<string>();
    for (const personality of PERSONALITIES) {
      const id = await agentWith(personality);
      const answer = await ask(id, "When are you open?");
      expect(answer.answer, personality).toBe(`${VOICES[personality].lead}We are open from nine to five on weekdays.`);
      const unknown = await ask(id, "What is the airspeed of an unladen swallow?");
      expect(unknown.abstained).toBe(true);
      expect(unknown.answer, personality).toBe(VOICES[personality].abstain);
      abstains.add(unknown.answer);
    }
    expect(abstains.size).toBe(PERSONALITIES.length);
  });

  it("let a brand voice be heard offline through the admin's phrases", async () => {
    const id = "voice-brand-phrases";
    const settings = {
      brandVoice: "Crisp and nautical.",
      phrases: { lead: "Aye.", abstain: "That's beyond our charts. Shall I signal a crew member?" },
    };
    expect(
      (
        await adminFetch(`/agents/${id}`, {
          method: "PUT",
          json: { name: "Voice", personality: "brand_voice", greeting: "Ahoy", settings },
        })
      ).status,
    ).toBe(201);
    await adminFetch(`/agents/${id}/articles/hours`, {
      method: "PUT",
      json: { title: "Opening hours", body: "We are open from nine to five on weekdays." },
    });
    expect((await ask(id, "When are you open?")).answer).toBe("Aye. We are open from nine to five on weekdays.");
    expect((await ask(id, "What is the airspeed of an unladen swallow?")).answer).toBe(settings.phrases.abstain);
    const prompt = buildSystemPrompt({ name: "Ada", personality: "brand_voice", settings }, []);
    expect(prompt).toContain("Brand voice: Crisp and nautical.");
    expect(prompt).toContain(`Phrases: ${JSON.stringify(settings.phrases)}`);
  });

  it("put the tone and the brand voice into the generative system prompt", () => {
    const prompts = PERSONALITIES.map((personality) =>
      buildSystemPrompt(
        { name: "Ada", personality, settings: { brandVoice: "Crisp, nautical, never uses exclamation marks." } },
        [],
      ),
    );
    expect(new Set(prompts).size).toBe(PERSONALITIES.length);
    for (const [i, personality] of PERSONALITIES.entries()) expect(prompts[i]).toContain(`Personality: ${personality}`);
    expect(prompts[PERSONALITIES.indexOf("brand_voice")]).toContain(
      "Brand voice: Crisp, nautical, never uses exclamation marks.",
    );
    expect(prompts[PERSONALITIES.indexOf("friendly")]).not.toContain("Brand voice");
  });
});
