/** `npm run eval` end to end on a tiny corpus: uploads, waits for indexing, asks, and prints one JSON object. */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = new URL("../..", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "frontdesk-eval-test-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeCorpus(): { corpus: string; questions: string } {
  const corpus = join(scratch, "corpus");
  mkdirSync(join(corpus, "content/Shop"), { recursive: true });
  writeFileSync(
    join(corpus, "content/Shop/Returns.md"),
    '---\ntitle: "Return a product"\n---\n\nYou can return any product within 30 days of delivery.\n',
  );
  writeFileSync(
    join(corpus, "content/Shop/Shipping.md"),
    '---\ntitle: "Shipping times"\n---\n\nParcels arrive within three working days.\n',
  );
  writeFileSync(
    join(corpus, "content/Shop/Gift-cards.md"),
    '---\ntitle: "Gift cards"\n---\n\nGift cards never expire.\n',
  );
  const questions = join(scratch, "questions.jsonl");
  const lines = [
    { id: "q1", q: "How do I return a product?", expect: ["content/Shop/Returns.md"] },
    { id: "q2", q: "How long does shipping take?", expect: ["content/Shop/Shipping.md"] },
    { id: "q3", q: "Who painted the Mona Lisa?", expect: [] },
  ];
  writeFileSync(questions, lines.map((line) => JSON.stringify(line)).join("\n"));
  return { corpus, questions };
}

describe("npm run eval", () => {
  it("prints exactly one JSON object with the summary and every question's ranking", async () => {
    const { corpus, questions } = writeCorpus();
    const { stdout } = await promisify(execFile)("npm", ["run", "-s", "eval", "--", corpus, questions, "--json"], {
      cwd: ROOT,
      maxBuffer: 10 * 1024 * 1024,
    });
    const result = JSON.parse(stdout) as Record<string, unknown> & {
      questions: { id: string; ranked: string[]; abstained: boolean; language: string; ms: number }[];
    };
    expect(result).toMatchObject({
      recall_at_1: 1,
      recall_at_5: 1,
      mrr: 1,
      abstain_correct: 1,
      abstain_total: 1,
      false_abstentions: 0,
      out_of_scope_abstained: 1,
      out_of_scope: 1,
    });
    expect(typeof result.p50_ms).toBe("number");
    expect(typeof result.p95_ms).toBe("number");
    expect(result.questions.map((q) => q.id)).toEqual(["q1", "q2", "q3"]);
    expect(result.questions[0]?.ranked[0]).toBe("content/Shop/Returns.md");
    expect(result.questions[2]?.abstained).toBe(true);
    expect(result.questions.map((q) => q.language)).toEqual(["en", "en", "en"]); // the reply's language, per question
  }, 120_000);
});
