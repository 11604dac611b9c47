/**
 * What the in-process eval scripts (`eval-quick.ts`, `eval-doclevel.ts`, `offline-answers.ts`) read: an eval set's
 * questions (optionally every other one, to develop on one half and judge on the other) and a
 * corpus folder parsed and split into sections as ingest does, each document keyed by its path
 * in the folder.
 */
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { IndexedChunk } from "../../worker/knowledge/engine/ranking";
import { parseFile } from "../../worker/knowledge/parsers/index";
import { splitSections } from "../../worker/knowledge/sections";
import { documentsIn } from "./ingest-folder.ts";

export type Question = { id: string; q: string; expect: string[]; lang?: string };

/** The questions of a JSON-lines eval set; `half` keeps the odd-numbered (1st, 3rd, …) or even-numbered ones. */
export function readQuestions(path: string, half?: string): Question[] {
  return readFileSync(resolve(path), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Question)
    .filter((_, i) => !half || i % 2 === (half === "odd" ? 0 : 1));
}

/** A parsed document: its key (path in the corpus), title, and its sections as chunks (ids `<key>#<n>`). */
export type CorpusDocument = { key: string; title: string; chunks: IndexedChunk[] };

/** Every document of the corpus folder that parses, in path order. */
export async function readCorpus(folder: string): Promise<CorpusDocument[]> {
  const corpus = resolve(folder);
  const documents: CorpusDocument[] = [];
  for (const path of documentsIn(corpus).sort()) {
    const key = relative(corpus, path);
    const parsed = await parseFile(key, readFileSync(path));
    if (!parsed.ok) continue;
    const { title, markdown } = parsed.document;
    const chunks = splitSections(title, markdown).map((section, i) => ({
      id: `${key}#${i}`,
      documentKey: key,
      title,
      ...section,
    }));
    documents.push({ key, title, chunks });
  }
  return documents;
}
