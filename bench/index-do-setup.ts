/**
 * Global setup of the index object benchmark (runs in Node): reads the Arduino help center's
 * chunks and the dev questions and provides them to the measurement inside workerd, which has no
 * file system.
 */
import { readFileSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { corpusChunks, QUESTIONS } from "./knowledge.ts";

export type BenchChunk = { title: string; headingPath: string[]; text: string };

declare module "vitest" {
  export interface ProvidedContext {
    /** The corpus's chunks in document order, repeated by the measurement up to each size. */
    benchChunks: BenchChunk[];
    benchQuestions: string[];
  }
}

export default function setup(project: TestProject): void {
  project.provide("benchChunks", corpusChunks());
  project.provide(
    "benchQuestions",
    readFileSync(QUESTIONS, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { q: string }).q),
  );
}
