/**
 * Question similarity on general paraphrases (not the eval sets): rewordings of one question are
 * related, or the same question, and different questions are neither.
 */
import { describe, expect, it } from "vitest";
import { RELATED_QUESTIONS, SAME_QUESTION, shapeOf, similarity } from "./question-similarity";

const alike = (a: string, b: string) => similarity(shapeOf(a), shapeOf(b));

describe("question similarity", () => {
  it("finds rewordings of a question the same question", () => {
    for (const [a, b] of [
      ["How do I reset my password?", "forgot my password, how to reset it"],
      ["How do I reset my password?", "password reset not working"],
      ["Is there a student discount?", "student discount?"],
      ["where is my order", "my order has not arrived"],
    ]) {
      expect(alike(a as string, b as string), `${a} / ${b}`).toBeGreaterThanOrEqual(SAME_QUESTION);
    }
  });

  it("relates questions about the same thing in other words", () => {
    expect(alike("Can I pay with bitcoin?", "do you accept bitcoin payments")).toBeGreaterThanOrEqual(
      RELATED_QUESTIONS,
    );
    expect(alike("Can I pay with bitcoin?", "Paying with bitcoin possible?")).toBeGreaterThanOrEqual(RELATED_QUESTIONS);
  });

  it("keeps different questions apart", () => {
    for (const [a, b] of [
      ["Is there a student discount?", "Can I pay with bitcoin?"],
      ["How do I reset my password?", "How do I cancel my subscription?"],
      ["How do I return a product?", "How do I reset my password?"],
      ["where is my order", "where is your office"],
    ]) {
      expect(alike(a as string, b as string), `${a} / ${b}`).toBeLessThan(RELATED_QUESTIONS);
    }
    // Related, but not the same question: answering one does not answer the other.
    expect(alike("Do you ship to Norway?", "Do you ship to Sweden?")).toBeLessThan(SAME_QUESTION);
  });
});
