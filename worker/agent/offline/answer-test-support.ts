/** Passages and directives for the offline answer's tests (`answer.test.ts`, `quoting.test.ts`). */
import type { PromptPassage } from "../prompt-format";
import { DEFAULT_DIRECTIVES, type Directives } from "../prompt-directives";

export const article = (id: string, title: string, text: string, score = 0.8): PromptPassage => ({
  id,
  kind: "article",
  title,
  text,
  score,
  citable: true,
});

export const inStyle = (length: Directives["style"]["length"], language = "en"): Directives => ({
  ...DEFAULT_DIRECTIVES,
  language,
  style: { ...DEFAULT_DIRECTIVES.style, length },
});
