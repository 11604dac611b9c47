/**
 * Upgrades and the Vectorize backend through `npm run deploy` with the fake wrangler: a newer version's D1 migration
 * that drops a table, or a Durable Object migration that deletes a class, is refused with a clear message before
 * anything is applied or deployed (and goes through with --allow-data-loss); a harmless new migration applies; the
 * Vectorize backend gets one index named after the configured embedder with its dimensions. Also the data-loss
 * reader on its own: comments, drizzle's table rebuild and the reviewed marker are not losses.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { d1DataLoss, destructiveStatements, REVIEWED_MARKER } from "../../scripts/deploy/data-loss.mjs";
import { mutating, type Sandbox, sandbox } from "./deploy-harness";

let box: Sandbox;
afterEach(() => rmSync(box.dir, { recursive: true, force: true }));

/** A sandbox whose first deploy of the current version went through. */
async function deployed(edit?: (toml: string) => string): Promise<string> {
  box = sandbox();
  const config = box.localConfig(edit);
  const first = await box.deploy(["--config", config]);
  expect(first.code, first.output).toBe(0);
  return config;
}

describe("upgrades", () => {
  it("applies a new D1 migration that loses nothing", async () => {
    const config = await deployed();
    writeFileSync(join(box.migrationsDir, "0016_notes.sql"), "ALTER TABLE `agents` ADD `notes` text;\n");
    const before = box.calls().length;
    const run = await box.deploy(["--config", config]);
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain("pending: 0016_notes.sql");
    expect(mutating(box.calls().slice(before))).toEqual(["d1 migrations apply frontdesk", "deploy"]);
    expect(box.account().applied[box.account().d1[0]?.uuid ?? ""]).toContain("0016_notes.sql");
  });

  it("refuses a new D1 migration that drops a table until --allow-data-loss", async () => {
    const config = await deployed();
    writeFileSync(join(box.migrationsDir, "0016_drop_notes.sql"), "DROP TABLE `gap_terms`;\n");
    const before = box.calls().length;
    const refused = await box.deploy(["--config", config]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Refusing to deploy: these migrations would lose data:");
    expect(refused.stderr).toContain("D1 migration 0016_drop_notes.sql drops table gap_terms");
    expect(refused.stderr).toContain("--allow-data-loss");
    expect(mutating(box.calls().slice(before))).toEqual([]); // nothing applied, no secret set, nothing deployed
    expect(box.account().deploys).toBe(1);

    const allowed = await box.deploy(["--config", config, "--allow-data-loss"]);
    expect(allowed.code, allowed.output).toBe(0);
    expect(allowed.stdout).toContain("applying despite data loss");
    expect(box.account().applied[box.account().d1[0]?.uuid ?? ""]).toContain("0016_drop_notes.sql");
    expect(box.account().deploys).toBe(2);
  });

  it("refuses a Durable Object migration that deletes a class until --allow-data-loss", async () => {
    const config = await deployed();
    box.localConfig((toml) => `${toml}\n[[migrations]]\ntag = "v5"\ndeleted_classes = ["CrawlJobDO"]\n`);
    const before = box.calls().length;
    const refused = await box.deploy(["--config", config]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Durable Object migration v5 deletes class CrawlJobDO");
    expect(mutating(box.calls().slice(before))).toEqual([]);

    const allowed = await box.deploy(["--config", config, "--allow-data-loss"]);
    expect(allowed.code, allowed.output).toBe(0);
    expect(box.account().deploys).toBe(2);
    // v5 is now the deployed tag: the next run has nothing pending and does not ask again.
    const again = await box.deploy(["--config", config]);
    expect(again.code, again.output).toBe(0);
    expect(again.stdout).toContain("pending: none (wrangler deploy applies them in order)");
  });

  it("applies every migration of a first deploy, drops included: a new database and new objects hold nothing", async () => {
    box = sandbox();
    const config = box.localConfig((toml) => `${toml}\n[[migrations]]\ntag = "v5"\ndeleted_classes = ["CrawlJobDO"]\n`);
    writeFileSync(join(box.migrationsDir, "0016_drop.sql"), "DROP TABLE `gap_terms`;\n");
    const first = await box.deploy(["--config", config]);
    expect(first.code, first.output).toBe(0);
  });
});

describe("the Vectorize backend", () => {
  const vectorize = (embedder: string) => (toml: string) =>
    toml
      .replace('VECTOR_BACKEND = "embedded"', 'VECTOR_BACKEND = "vectorize"')
      .replace('FRONTDESK_EMBEDDER = ""', `FRONTDESK_EMBEDDER = "${embedder}"`);

  it("creates one index named after the offline embedder with its 512 dimensions, and binds it", async () => {
    const config = await deployed(vectorize(""));
    expect(box.account().vectorize).toEqual([
      expect.objectContaining({ name: "frontdesk-offline-hash-v1-512", config: { dimensions: 512, metric: "cosine" } }),
    ]);
    const generated = JSON.parse(readFileSync(box.configOut, "utf8"));
    expect(generated.vectorize).toEqual([{ binding: "VECTORIZE", index_name: "frontdesk-offline-hash-v1-512" }]);
    const before = box.calls().length;
    expect((await box.deploy(["--config", config])).code).toBe(0);
    expect(mutating(box.calls().slice(before)).filter((line) => line.includes("create"))).toEqual([]);
  });

  it("names the index after OpenAI's model and size once OPENAI_API_KEY is set", async () => {
    box = sandbox();
    const config = box.localConfig(vectorize("openai"));
    const refused = await box.deploy(["--config", config]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("FRONTDESK_EMBEDDER is openai but OPENAI_API_KEY is not set");
    // The key is set by hand (wrangler secret put OPENAI_API_KEY); the fake's account says so.
    const account = box.account();
    writeFileSync(
      join(box.dir, "fake", "account.json"),
      JSON.stringify({ ...account, worker: true, secrets: { ...account.secrets, OPENAI_API_KEY: "hash" } }),
    );
    const run = await box.deploy(["--config", config]);
    expect(run.code, run.output).toBe(0);
    expect(box.account().vectorize.map((index) => [index.name, index.config.dimensions])).toEqual([
      ["frontdesk-openai-text-embedding-3-small-1536", 1536],
    ]);
  });
});

describe("destructiveStatements", () => {
  it("finds drops and deletes, ignoring comments, drizzle's table rebuild and reviewed files", () => {
    expect(
      destructiveStatements("ALTER TABLE `contacts` DROP COLUMN `first_name`;\nDELETE FROM agents WHERE 1;"),
    ).toEqual(["drops column first_name", "deletes rows from agents"]);
    expect(destructiveStatements("-- we used to DROP TABLE x here\nCREATE TABLE y (id text);")).toEqual([]);
    const rebuild = [
      "CREATE TABLE `__new_agents` (`id` text PRIMARY KEY NOT NULL);",
      "INSERT INTO `__new_agents`(`id`) SELECT `id` FROM `agents`;",
      "DROP TABLE `agents`;",
      "ALTER TABLE `__new_agents` RENAME TO `agents`;",
    ].join("--> statement-breakpoint\n");
    expect(destructiveStatements(rebuild)).toEqual([]);
    expect(destructiveStatements(rebuild.replace("RENAME TO `agents`", "RENAME TO `other`"))).toEqual([
      "drops table agents",
    ]);
    expect(destructiveStatements(`${REVIEWED_MARKER}\nDROP TABLE old_cache;`)).toEqual([]);
  });

  it("treats a database with no migration applied as new", () => {
    const input = {
      migrationsDir: "/nonexistent",
      pending: ["0000_init.sql", "0003_crm.sql"],
      allFiles: ["0003_crm.sql", "0000_init.sql"],
    };
    expect(d1DataLoss(input)).toEqual([]);
  });
});
