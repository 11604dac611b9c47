/**
 * What the deploy script reads and derives, held to the originals it mirrors: its TOML reader reads wrangler.toml as
 * wrangler itself does (and refuses what it does not support, naming the line); its embedder rules name the same
 * embedder as worker/knowledge/engine/embedders.ts for every setting; the generated config keeps the local one's
 * bindings with real ids and paths that still reach this checkout.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deployConfig, readLocalConfig } from "../../scripts/deploy/config.mjs";
import { parseToml } from "../../scripts/deploy/toml.mjs";
import { embedderOf, vectorIndexName } from "../../scripts/deploy/vector-index.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
// The Worker's own embedder choice. Loaded by path: its types need the Worker's generated `Env`, which the node
// project's type check does not include, and only its run-time behaviour is compared here.
const EMBEDDERS = new URL("../../worker/knowledge/engine/embedders.ts", import.meta.url).pathname;
type SelectEmbedder = (env: Record<string, unknown>) => { id: string };
const WRANGLER_IMPORT_TIMEOUT_MS = 60_000; // wrangler's bundle is 15 MB; loading it on a busy machine takes seconds

describe("the TOML reader", () => {
  it(
    "reads wrangler.toml exactly as wrangler's own reader does",
    async () => {
      const wrangler = (await import("wrangler")) as unknown as {
        experimental_readRawConfig(options: { config: string }): { rawConfig: unknown };
      };
      const theirs = wrangler.experimental_readRawConfig({ config: join(ROOT, "wrangler.toml") }).rawConfig;
      expect(parseToml(readFileSync(join(ROOT, "wrangler.toml"), "utf8"))).toEqual(theirs);
    },
    WRANGLER_IMPORT_TIMEOUT_MS,
  );

  it("reads the forms wrangler files use and refuses others with their line", () => {
    const text = [
      "# comment",
      'name = "a" # trailing',
      "n = 1_000",
      "f = 0.5",
      "b = true",
      "list = [",
      '  "x", # one',
      "  'y\\z',",
      "]",
      "inline = { limit = 3, period = 60 }",
      "[a.b]",
      'c."d.e" = "\\u00e9\\n"',
      "[[t]]",
      "k = 1",
      "[[t]]",
      "k = 2",
    ].join("\n");
    expect(parseToml(text)).toEqual({
      name: "a",
      n: 1000,
      f: 0.5,
      b: true,
      list: ["x", "y\\z"],
      inline: { limit: 3, period: 60 },
      a: { b: { c: { "d.e": "é\n" } } },
      t: [{ k: 1 }, { k: 2 }],
    });
    expect(() => parseToml('a = 1\nb = """x"""')).toThrow("TOML line 2: multi-line strings are not supported here");
    expect(() => parseToml("a = 1\na = 2")).toThrow("TOML line 2: a is defined twice");
    expect(() => parseToml("d = 1979-05-27")).toThrow("TOML line 1: unsupported value");
    expect(() => parseToml('a = "open')).toThrow("TOML line 1: unterminated string");
  });
});

describe("the Vectorize index name", () => {
  const settings = [
    { FRONTDESK_EMBEDDER: "" },
    { FRONTDESK_EMBEDDER: "offline" },
    { FRONTDESK_EMBEDDER: "openai" },
    { FRONTDESK_EMBEDDER: "OpenAI", FRONTDESK_EMBEDDING_MODEL: "text-embedding-3-large" },
    { FRONTDESK_EMBEDDER: "openai", FRONTDESK_EMBEDDING_DIMENSIONS: "512" },
    { FRONTDESK_EMBEDDER: "openai", FRONTDESK_EMBEDDING_MODEL: "nomic-embed-text:latest" },
    {
      FRONTDESK_EMBEDDER: "openai",
      FRONTDESK_EMBEDDING_MODEL: "nomic-embed-text:latest",
      FRONTDESK_EMBEDDING_DIMENSIONS: "768",
    },
    { FRONTDESK_EMBEDDER: "workers-ai" },
    { FRONTDESK_EMBEDDER: "workers-ai", FRONTDESK_EMBEDDING_MODEL: "@cf/baai/bge-small-en-v1.5" },
    { FRONTDESK_EMBEDDER: "cohere" },
  ];
  const outcome = (run: () => { id: string }) => {
    try {
      return run().id;
    } catch {
      return "refused"; // the script's messages say more (which wrangler.toml line to add), so only the refusal is compared
    }
  };

  it("names the embedder the Worker selects, for every setting, key and binding", async () => {
    const { selectEmbedder } = (await import(/* @vite-ignore */ EMBEDDERS)) as { selectEmbedder: SelectEmbedder };
    const ai = { run: async () => ({}) };
    for (const vars of settings)
      for (const hasOpenAIKey of [false, true])
        for (const hasAIBinding of [false, true]) {
          const theirs = outcome(() =>
            selectEmbedder({
              ...vars,
              OPENAI_API_KEY: hasOpenAIKey ? "sk-test" : "",
              ...(hasAIBinding ? { AI: ai } : {}),
            }),
          );
          const ours = outcome(() => embedderOf(vars, { hasOpenAIKey, hasAIBinding }));
          expect(ours, JSON.stringify({ vars, hasOpenAIKey, hasAIBinding })).toBe(theirs);
        }
  });

  it("follows wrangler.toml's example name and Vectorize's name pattern", () => {
    expect(vectorIndexName("openai:text-embedding-3-small:1536")).toBe("frontdesk-openai-text-embedding-3-small-1536");
    expect(vectorIndexName("workers-ai:@cf/baai/bge-m3:1024")).toBe("frontdesk-workers-ai-cf-baai-bge-m3-1024");
    expect(vectorIndexName("offline:hash-v1:512")).toBe("frontdesk-offline-hash-v1-512");
    expect(readFileSync(join(ROOT, "wrangler.toml"), "utf8")).toContain(
      "wrangler vectorize create frontdesk-openai-text-embedding-3-small-1536 --dimensions 1536",
    );
  });
});

describe("the generated deploy config", () => {
  it("keeps every binding, fills the D1 id, binds the chosen index or none, and points paths back at the checkout", () => {
    const local = readLocalConfig(join(ROOT, "wrangler.toml"));
    const outPath = "/tmp/elsewhere/deploy/wrangler.deploy.json";
    const embedded = deployConfig(local, {
      sourceDir: ROOT,
      outPath,
      d1Ids: { frontdesk: "real-id" },
      vectorIndex: undefined,
    });
    expect(embedded.d1_databases).toEqual([expect.objectContaining({ binding: "DB", database_id: "real-id" })]);
    expect(embedded.vectorize).toBeUndefined();
    expect(embedded.durable_objects).toEqual(local.durable_objects);
    expect(embedded.queues).toEqual(local.queues);
    expect(embedded.r2_buckets).toEqual(local.r2_buckets);
    expect(embedded.migrations).toEqual(local.migrations);
    expect(join("/tmp/elsewhere/deploy", String(embedded.main))).toBe(join(ROOT, "worker/index.ts"));
    expect(join("/tmp/elsewhere/deploy", (embedded.assets as { directory: string }).directory)).toBe(
      join(ROOT, "dist/public"),
    );
    const withIndex = deployConfig(local, {
      sourceDir: ROOT,
      outPath,
      d1Ids: {},
      vectorIndex: "frontdesk-offline-hash-v1-512",
    });
    expect(withIndex.vectorize).toEqual([{ binding: "VECTORIZE", index_name: "frontdesk-offline-hash-v1-512" }]);
  });
});
