/**
 * Output guard figures: the time to stream a 20,000-word answer through the guard in small pieces,
 * as a model streams it, and characters per millisecond (timed in Node: clocks inside workerd do
 * not advance during computation); and how much of an answer the guard holds back while it streams
 * (the paragraphs of this repository's docs as answers, the demo agent's real prompt as the
 * confidential text). Runs alone with `npx tsx bench/output-guard.ts`.
 */
import { readFileSync, readdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { HOLDBACK_CHARS, OutputGuard } from "../worker/agent/output-guard.ts";

/** The system prompt's builder: imported by name, as the Node project cannot type-check the Workers types it uses. */
const PROMPT_MODULE = "../worker/agent/prompt.ts";
type PromptBuilder = {
  assembleSystemPrompt: (
    agent: unknown,
    passages: [],
    context: { language: string; canary: string },
  ) => { confidential: string };
};

const ANSWER_WORDS = 20_000;
const PIECE_SIZES = [1, 3, 4, 2, 5, 4, 8, 3]; // characters per delta, cycled: models stream a few characters at a time
const ROUNDS = 5; // the median of five streams is steady to a few percent
const CONFIDENTIAL = [
  "You are Ada, the customer support assistant on this website. Be warm and friendly, and keep it simple.",
  "- Answer only from the knowledge passages below. Do not use outside knowledge and never guess.",
  "- Always mention the loyalty programme when customers ask about discounts for members.",
].join("\n");

/** A deterministic answer: sentences and paragraphs, now and then an image, a link-less image and an emoji. */
function answer(count: number): string {
  const vocabulary = (
    "refunds reach your card within five working days you can follow each order on its page " +
    "where the status shows when it ships and arrives"
  ).split(" ");
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    parts.push(vocabulary[(i * 7 + (i >> 4)) % vocabulary.length] ?? "");
    if (i % 500 === 250) parts.push(" ![Order page](https://images.shop.example/orders.png) ");
    else if (i % 500 === 400) parts.push(" ![pixel](https://tracker.example/p.png?id=1) ");
    else if (i % 300 === 150) parts.push(" 🎉 ");
    else if (i % 14 === 13) parts.push(i % 70 === 69 ? ".\n\n" : ". ");
    else parts.push(" ");
  }
  return parts.join("").trim();
}

/** Streams `text` through a fresh guard; returns the milliseconds taken and the characters examined. */
function stream(text: string): { ms: number; examined: number; pieces: number } {
  const guard = new OutputGuard({
    canary: "fdc_Zq81xPbT0aLmW3Yc",
    confidential: CONFIDENTIAL,
    allowedImageHosts: ["images.shop.example"],
    emoji: "never",
  });
  const started = performance.now();
  let pieces = 0;
  for (let i = 0; i < text.length; pieces++) {
    const size = PIECE_SIZES[pieces % PIECE_SIZES.length] ?? 1;
    guard.push(text.slice(i, i + size));
    i += size;
  }
  guard.end();
  return { ms: performance.now() - started, examined: guard.examined, pieces };
}

export function outputGuardThroughput(): string[] {
  const text = answer(ANSWER_WORDS);
  const runs = Array.from({ length: ROUNDS }, () => stream(text)).sort((a, b) => a.ms - b.ms);
  const median = runs[Math.floor(ROUNDS / 2)] ?? { ms: 0, examined: 0, pieces: 0 };
  return [
    `  ${ANSWER_WORDS.toLocaleString("en")} words, ${text.length.toLocaleString("en")} characters ` +
      `in ${median.pieces.toLocaleString("en")} deltas of 1-8 characters`,
    `  median ${median.ms.toFixed(1)} ms (min ${(runs[0]?.ms ?? 0).toFixed(1)}, max ${(runs.at(-1)?.ms ?? 0).toFixed(1)}): ` +
      `${(text.length / median.ms).toFixed(0)} chars/ms, ` +
      `${(median.examined / text.length).toFixed(1)} characters examined per character`,
  ];
}

const TOKEN_CHARS = 4; // a model's token is about four characters of English
const TOKENS_PER_S = 50; // a fast hosted model's streaming speed
const MIN_ANSWER_CHARS = 200;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** Paragraphs of the docs long enough to be answers. */
function docAnswers(): string[] {
  const folder = new URL("../docs/", import.meta.url);
  return readdirSync(folder)
    .filter((name) => name.endsWith(".md"))
    .flatMap((name) => readFileSync(new URL(name, folder), "utf8").split(/\n\s*\n/))
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length >= MIN_ANSWER_CHARS && !paragraph.startsWith("```"));
}

/** Characters written before the first one is shown, and held back on average after each token, per answer. */
export async function outputGuardHoldBack(): Promise<string[]> {
  const demo = JSON.parse(readFileSync(new URL("../scripts/demo-agent.json", import.meta.url), "utf8"));
  const canary = "fdc_Zq81xPbT0aLmW3Yc";
  const { assembleSystemPrompt } = (await import(PROMPT_MODULE)) as PromptBuilder;
  const { confidential } = assembleSystemPrompt(demo.agent, [], { language: "en", canary });
  const answers = docAnswers();
  const first: number[] = [];
  const held: number[] = [];
  for (const text of answers) {
    const guard = new OutputGuard({ canary, confidential, allowedImageHosts: [], emoji: "never" });
    let shown = 0;
    let heldSum = 0;
    let tokens = 0;
    let firstAt: number | null = null;
    for (let i = 0; i < text.length; i += TOKEN_CHARS, tokens++) {
      shown += guard.push(text.slice(i, i + TOKEN_CHARS)).length;
      const written = Math.min(text.length, i + TOKEN_CHARS);
      if (shown > 0) firstAt ??= written;
      heldSum += written - shown;
    }
    first.push(firstAt ?? text.length);
    held.push(heldSum / tokens);
  }
  first.sort((a, b) => a - b);
  held.sort((a, b) => a - b);
  const ms = (chars: number) => ((chars / TOKEN_CHARS / TOKENS_PER_S) * 1000).toFixed(0);
  return [
    `  ${answers.length} answers (docs paragraphs of ${MIN_ANSWER_CHARS}+ characters), ${TOKEN_CHARS}-character tokens, ` +
      `confidential: the demo agent's prompt (${confidential.length.toLocaleString("en")} characters)`,
    `  written before the first character is shown: median ${percentile(first, 0.5)}, p95 ${percentile(first, 0.95)} ` +
      `characters (~${ms(percentile(first, 0.5))} / ${ms(percentile(first, 0.95))} ms at ${TOKENS_PER_S} tokens/s); ` +
      `a fixed hold-back of ${HOLDBACK_CHARS} needs ${HOLDBACK_CHARS + 1} (~${ms(HOLDBACK_CHARS + 1)} ms)`,
    `  held back while streaming, mean per answer: median ${percentile(held, 0.5).toFixed(1)}, ` +
      `p95 ${percentile(held, 0.95).toFixed(1)} characters`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(`Output guard, ${ROUNDS} streams of one answer`);
  for (const line of outputGuardThroughput()) console.log(line);
  console.log("Output guard: what it holds back while an answer streams");
  for (const line of await outputGuardHoldBack()) console.log(line);
}
