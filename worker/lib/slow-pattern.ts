/**
 * Regular expressions an admin writes (an action input's pattern, a goal question's pattern) run
 * against what visitors type. A pattern with a repeated group that itself repeats — `(a+)+`,
 * `(\w+\s?)*` — can backtrack for exponentially long on a crafted answer, and every message would
 * spend the Worker's CPU on it. Such a pattern is refused when it is saved (the star-height test of
 * `safe-regex2`, with its limit on repetitions); values are capped in length before any pattern runs
 * as well (`MAX_INPUT_CHARS`, `MAX_ANSWER_CHARS`). Patterns saved before this check still load (the
 * schemas that read stored settings only ask that a pattern compiles) and are refused at the next save.
 */
import safeRegex from "safe-regex2";
import { z } from "zod";

/** A pattern as stored: it must compile (with the `u` flag it runs with); whether it is slow is `slowPatternProblem`'s to say. */
export const patternSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((source) => {
    try {
      new RegExp(source, "u");
      return true;
    } catch {
      return false;
    }
  }, "Must be a valid regular expression");

/** Why `pattern` is refused, or null when it may be saved (one that does not compile is the schema's to refuse). */
export function slowPatternProblem(pattern: string | undefined): string | null {
  if (pattern === undefined || safeRegex(pattern)) return null;
  return (
    "This pattern could take exponentially long on some answers (a repeated group that itself repeats, " +
    "such as (a+)+, or more than 25 repetitions): rewrite it without nested repetition"
  );
}
