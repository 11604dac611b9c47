/**
 * The citation rows a turn's retrieval needs (the hit documents' titles and addresses, their sources'
 * citation settings) are kept by the isolate for a few seconds, like its other reads
 * (worker/db/read-cache.ts): a busy agent's next question reads none of them from D1, and a source
 * changed through this isolate's admin API is seen at once.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ingestFileSource } from "../../worker/knowledge/files";
import { retrieve } from "../../worker/knowledge/retrieve";
import { adminFetch } from "./helpers/seed";
import { recordingD1 } from "./support/recording-d1";

const AGENT = "citation-rows-cache";
const QUESTION = "How long is the warranty on a board?";

async function ok(path: string, init: Parameters<typeof adminFetch>[1] = {}): Promise<Record<string, any>> {
  const response = await adminFetch(path, init);
  expect(response.status, `${init.method ?? "GET"} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return (await response.json()) as Record<string, any>;
}

describe("citation rows kept by the isolate", () => {
  it("reads a document's citation row once for its agent's turns, and again after its source changes", async () => {
    await ok(`/agents/${AGENT}`, {
      method: "PUT",
      json: { name: "Citations", personality: "friendly", greeting: "Hi" },
    });
    const form = new FormData();
    form.append("file", new Blob(["# Warranty\n\nEvery board has a two-year warranty.\n"]), "warranty.md");
    const { source } = (await ok(`/agents/${AGENT}/files`, { method: "POST", body: form })).items[0];
    await ingestFileSource(env, AGENT, source.id);

    const citationReads: string[] = [];
    const counted = {
      ...env,
      DB: recordingD1(env.DB, (queries) => {
        citationReads.push(...queries.filter((query) => /from "source_documents"/i.test(query)));
      }),
    };
    const first = await retrieve(counted, AGENT, QUESTION, 3);
    expect(first[0]).toMatchObject({ name: "warranty.md", citable: true });
    expect(first[0]?.text).toContain("two-year warranty");
    expect(citationReads).toHaveLength(1);

    const again = await retrieve(counted, AGENT, "Is there a warranty?", 3);
    expect(again[0]).toMatchObject({ sourceId: first[0]?.sourceId, name: "warranty.md", citable: true });
    expect(citationReads).toHaveLength(1); // kept: the second question read no citation row

    await ok(`/agents/${AGENT}/sources/${source.id}`, { method: "PATCH", json: { allowCitations: false } });
    const afterChange = await retrieve(counted, AGENT, QUESTION, 3);
    expect(afterChange[0]).toMatchObject({ sourceId: first[0]?.sourceId, citable: false });
    expect(citationReads).toHaveLength(2);
  });
});
