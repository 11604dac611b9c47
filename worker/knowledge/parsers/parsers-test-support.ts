/** Shared by the file parsers' tests (parsers.test.ts, office.test.ts): a parse result's document, or its error thrown. */
import type { ParseResult } from "./";

export function document(result: ParseResult): { title: string; markdown: string } {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.document;
}
