/**
 * Shared by the output guard's tests (output-guard.test.ts, leak-check.test.ts): a confidential
 * prompt and canary, the guard's options around them, and a helper that streams an answer through
 * a guard in fixed-size pieces.
 */
import { OutputGuard, type GuardOptions } from "./output-guard";

export const CONFIDENTIAL = [
  "You are Ada, the customer support assistant on this website. Be warm and friendly, and keep it simple.",
  "- Answer only from the knowledge passages below. Do not use outside knowledge and never guess.",
  "- Always mention the loyalty programme when customers ask about discounts for members.",
].join("\n");
export const CANARY = "fdc_Zq81xPbT0aLmW3Yc";

export const options = (overrides: Partial<GuardOptions> = {}): GuardOptions => ({
  canary: CANARY,
  confidential: CONFIDENTIAL,
  allowedImageHosts: ["images.shop.example"],
  emoji: "never",
  ...overrides,
});

/** Feeds `text` in pieces of `size` characters; returns what was shown and the guard. */
export function stream(text: string, guardOptions = options(), size = 5): { shown: string[]; guard: OutputGuard } {
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
