import { describe, expect, it } from "vitest";
import { declinesToAnswer, evaluateAnswer, firstNumber, MAX_ANSWER_CHARS, scoreLead } from "./answers";
import { LEAD_LABELS as SUMMARY_LABELS } from "../protocol/inbox-events";
import { type GoalCriterion, goalSchema, LEAD_LABELS } from "./definition";

const criterion = (fields: Partial<GoalCriterion>): GoalCriterion => ({
  question: "How many people are on your team?",
  property: "team_size",
  accepted: [],
  score: 10,
  ...fields,
});

describe("evaluateAnswer", () => {
  it("stores the trimmed answer, and accepts any valid answer when nothing is listed", () => {
    expect(evaluateAnswer(criterion({}), "  about 30 people \n")).toEqual({
      kind: "answer",
      value: "about 30 people",
      accepted: true,
    });
  });

  it("refuses empty and over-long answers", () => {
    expect(evaluateAnswer(criterion({}), "   ")).toMatchObject({ kind: "invalid" });
    expect(evaluateAnswer(criterion({}), "x".repeat(MAX_ANSWER_CHARS))).toMatchObject({ kind: "answer" });
    expect(evaluateAnswer(criterion({}), "x".repeat(MAX_ANSWER_CHARS + 1))).toEqual({
      kind: "invalid",
      reason: `The answer is longer than ${MAX_ANSWER_CHARS} characters`,
    });
  });

  it("takes an answer only when the pattern matches all of it", () => {
    const digits = criterion({ pattern: "\\d+" });
    expect(evaluateAnswer(digits, "42")).toMatchObject({ kind: "answer", value: "42" });
    expect(evaluateAnswer(digits, "42 people")).toMatchObject({ kind: "invalid" });
    expect(evaluateAnswer(digits, "a42")).toMatchObject({ kind: "invalid" });
    // An alternation is anchored as a whole, not just its first branch.
    const either = criterion({ pattern: "yes|no" });
    expect(evaluateAnswer(either, "no")).toMatchObject({ kind: "answer" });
    expect(evaluateAnswer(either, "yes please")).toMatchObject({ kind: "invalid" });
    // Unicode letters, with the u flag.
    expect(evaluateAnswer(criterion({ pattern: "\\p{L}+" }), "Ærø")).toMatchObject({ kind: "answer" });
  });

  it("matches numeric ranges against the first number in the answer", () => {
    const sized = (accepted: string[], text: string) => {
      const result = evaluateAnswer(criterion({ accepted }), text);
      return result.kind === "answer" && result.accepted;
    };
    expect(sized(["11-50"], "about 30 people")).toBe(true);
    expect(sized(["11-50"], "we are 11")).toBe(true);
    expect(sized(["11-50"], "50")).toBe(true);
    expect(sized(["11-50"], "51 of us")).toBe(false);
    expect(sized(["11–50"], "20")).toBe(true);
    expect(sized(["50+"], "around 1,000 employees")).toBe(true);
    expect(sized(["50+"], "49")).toBe(false);
    expect(sized(["<10"], "just 3 of us")).toBe(true);
    expect(sized(["<10"], "10")).toBe(false);
    expect(sized([">=100"], "100")).toBe(true);
    expect(sized(["11-50"], "a few dozen")).toBe(false);
    expect(sized(["<10", "50+"], "200")).toBe(true);
  });

  it("matches words and phrases as whole words, ignoring case and accents", () => {
    const industry = criterion({ accepted: ["enterprise", "Købmand", "real estate"] });
    const accepted = (text: string) => {
      const result = evaluateAnswer(industry, text);
      return result.kind === "answer" && result.accepted;
    };
    expect(accepted("We're an ENTERPRISE customer")).toBe(true);
    expect(accepted("vi er en kobmand")).toBe(true);
    expect(accepted("Real-estate agency")).toBe(true);
    expect(accepted("enterprises")).toBe(false);
    expect(accepted("a small shop")).toBe(false);
    expect(evaluateAnswer(industry, "a small shop")).toEqual({
      kind: "answer",
      value: "a small shop",
      accepted: false,
    });
  });
});

describe("firstNumber", () => {
  it("reads the first number as written", () => {
    expect(firstNumber("about 30 people")).toBe(30);
    expect(firstNumber("1,000 or so")).toBe(1000);
    expect(firstNumber("1.000.000")).toBe(1_000_000);
    expect(firstNumber("2,5 millioner")).toBe(2.5);
    expect(firstNumber("no idea")).toBeNull();
  });
});

describe("scoreLead", () => {
  const goal = goalSchema.parse({
    enabled: true,
    criteria: [
      { question: "Team size?", property: "team_size", score: 40 },
      { question: "Budget?", property: "budget", score: 30 },
      { question: "When?", property: "timeline", score: 30 },
    ],
    thresholds: { qualified: 70, partial: 30 },
  });

  it("adds the scores of accepted answers and labels the lead by the thresholds", () => {
    expect(scoreLead(goal, {})).toEqual({ score: 0, label: "unqualified" });
    expect(scoreLead(goal, { 1: { accepted: true } })).toEqual({ score: 30, label: "partially_qualified" });
    expect(scoreLead(goal, { 0: { accepted: true }, 1: { accepted: false }, 2: { accepted: true } })).toEqual({
      score: 70,
      label: "qualified",
    });
    expect(scoreLead(goal, { 0: { accepted: true }, 1: { accepted: true }, 2: { accepted: true } }).score).toBe(100);
  });

  it("has the labels the inbox's conversation summaries accept", () => {
    expect([...SUMMARY_LABELS]).toEqual([...LEAD_LABELS]);
  });

  it("ignores answers to criteria the goal does not have", () => {
    expect(scoreLead(goal, { 7: { accepted: true } })).toEqual({ score: 0, label: "unqualified" });
  });
});

describe("declinesToAnswer", () => {
  it("recognises refusals in each language", () => {
    for (const text of [
      "No thanks",
      "skip",
      "I'd rather not say",
      "I would prefer not to answer that",
      "Nej tak",
      "Det vil jeg helst ikke sige, jeg vil helst ikke",
      "Nei takk",
      "Det vil jeg ikke si",
      "Nej tack",
      "Jag vill helst inte svara på det",
      "Nein danke",
      "Das möchte ich nicht sagen",
      "Keine Angabe",
    ])
      expect(declinesToAnswer(text), text).toBe(true);
  });

  it("does not take answers for refusals", () => {
    for (const text of [
      "About 30 people",
      "Skip to the part about pricing, what does the pro plan cost for our team?",
      "We pass around 200 orders a day",
      "No, we have no budget yet",
      "Nein, wir sind 12 Leute",
      "Next month", // an answer to "when would you start?"
      "Næste kvartal",
      "Enterprise",
    ])
      expect(declinesToAnswer(text), text).toBe(false);
  });
});
