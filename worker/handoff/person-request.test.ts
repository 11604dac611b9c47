import { describe, expect, it } from "vitest";
import { asksForPerson, matchTriggerPhrase } from "./person-request";

describe("asksForPerson", () => {
  const requests: Record<string, string[]> = {
    en: [
      "Can I talk to a human?",
      "human",
      "A real person please",
      "I want to speak with someone",
      "Connect me to an agent",
      "I need a person, not a bot",
    ],
    da: ["Kan jeg tale med et menneske?", "Jeg vil gerne snakke med en medarbejder", "menneske tak"],
    no: ["Kan jeg snakke med et menneske?", "Jeg vil ha en ekte person", "Kan jeg prate med noen?"],
    sv: ["Kan jag prata med en människa?", "Jag vill tala med någon", "Jag behöver en riktig person"],
    de: ["Kann ich mit einem Menschen sprechen?", "Ich möchte mit einem Mitarbeiter reden", "Mensch bitte"],
    fr: ["Je veux parler à un humain", "Puis-je parler à quelqu'un ?", "Je voudrais un conseiller"],
    es: ["Quiero hablar con un humano", "¿Puedo hablar con alguien?", "Necesito una persona real"],
  };
  for (const [language, messages] of Object.entries(requests)) {
    it(`recognises a request for a person in ${language}`, () => {
      for (const message of messages) expect(asksForPerson(message), message).toBe(true);
    });
  }

  it("does not take ordinary questions for a request", () => {
    for (const message of [
      "How do I upload a sketch?",
      "Does the board work for humans with no coding experience?",
      "I want to reset my password",
      "I need someone to explain the pricing page to my boss", // "someone" without a verb of speaking
      "Jeg vil gerne vide om nogen af jeres boards har wifi",
      "Wie viele Menschen nutzen Arduino?",
      "¿Alguien sabe si el envío es gratis?",
      "What does the agent setting in the IDE do?",
    ]) {
      expect(asksForPerson(message), message).toBe(false);
    }
  });
});

describe("matchTriggerPhrase", () => {
  it("matches whole words and phrases in any case", () => {
    expect(matchTriggerPhrase("I want a REFUND now!", ["refund", "cancel"])).toBe("refund");
    expect(matchTriggerPhrase("please cancel my order", ["refund", "cancel my order"])).toBe("cancel my order");
    expect(matchTriggerPhrase("Refundable deposits?", ["refund"])).toBeNull();
    expect(matchTriggerPhrase("anything", [])).toBeNull();
  });
});
