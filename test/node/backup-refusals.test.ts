/**
 * What `npm run restore` refuses before it changes anything — a missing, damaged or altered backup, a target
 * that already holds data — with a fake wrangler (WRANGLER) that records its calls and a loopback admin API;
 * and the D1 export's split into rows and applied migrations.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { restoreSql, splitExport } from "../../scripts/backup/d1-data.mjs";
import { FORMAT, VERSION, fileEntryOf } from "../../scripts/backup/manifest.mjs";
import { restore } from "../../scripts/restore.mjs";

const scratch = mkdtempSync(join(tmpdir(), "frontdesk-restore-refusals-"));
const callLog = join(scratch, "wrangler-calls.jsonl");
const fake = join(scratch, "fake-wrangler.mjs");
let api: Server;
let url: string;

// Answers like wrangler: migrations apply succeeds, `d1 execute --json` answers the restore's three queries.
const FAKE_WRANGLER = `
import { appendFileSync } from "node:fs";
const args = process.argv.slice(2);
appendFileSync(process.env.FAKE_WRANGLER_LOG, JSON.stringify(args) + "\\n");
if (args.includes("--json")) {
  console.log(JSON.stringify([
    { results: [{ name: "0000_init.sql" }] },
    { results: [{ n: Number(process.env.FAKE_OWNER_ROWS) }] },
    { results: [{ name: "agents" }] },
  ]));
}
`;

const calls = (): string[][] =>
  existsSync(callLog)
    ? readFileSync(callLog, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];

/** A well-formed backup in a new folder; `change` edits it before the manifest is written. */
function writeBackup(change: (dir: string, manifest: Record<string, unknown>) => void = () => {}): string {
  const dir = mkdtempSync(join(scratch, "backup-"));
  mkdirSync(join(dir, "objects"));
  const d1 = `PRAGMA defer_foreign_keys=TRUE;\nINSERT INTO "agents" ("id") VALUES('demo');\n`;
  const transcripts = `{"id":"c1","agentId":"demo","events":[]}\n`;
  const avatar = Buffer.from("not really a png");
  writeFileSync(join(dir, "d1.sql"), d1);
  writeFileSync(join(dir, "transcripts.jsonl"), transcripts);
  writeFileSync(join(dir, "objects/000001"), avatar);
  const manifest: Record<string, unknown> = {
    format: FORMAT,
    version: VERSION,
    createdAt: new Date().toISOString(),
    source: "local",
    migrations: ["0000_init.sql"],
    counts: { d1Statements: 1, objects: 1, conversations: 1, events: 0 },
    files: {
      "d1.sql": fileEntryOf(Buffer.from(d1)),
      "transcripts.jsonl": fileEntryOf(Buffer.from(transcripts)),
      "objects/000001": fileEntryOf(avatar),
    },
    objects: [{ key: "avatars/demo/a.png", file: "objects/000001", contentType: "image/png" }],
  };
  change(dir, manifest);
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
  return dir;
}

const run = (dir: string, force = false) =>
  restore({ dir, url, token: "t", target: { remote: false, persistTo: join(scratch, "state") }, force });

beforeAll(async () => {
  writeFileSync(fake, FAKE_WRANGLER);
  process.env.WRANGLER = `${process.execPath} ${fake}`;
  process.env.FAKE_WRANGLER_LOG = callLog;
  api = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url?.startsWith("/api/backup/reindex")) res.end(JSON.stringify({ sourcesQueued: 0, articlesIndexed: 0 }));
    else res.end(JSON.stringify({ checked: 0, unreadable: [] }));
  });
  api.listen(0, "127.0.0.1");
  await once(api, "listening");
  const address = api.address();
  if (!address || typeof address === "string") throw new Error("no port");
  url = `http://127.0.0.1:${address.port}`;
});

beforeEach(() => {
  rmSync(callLog, { force: true });
  process.env.FAKE_OWNER_ROWS = "0";
});

afterAll(async () => {
  delete process.env.WRANGLER;
  api.close();
  await once(api, "close");
  rmSync(scratch, { recursive: true, force: true });
});

describe("restore refuses, changing nothing", () => {
  it("a folder without a manifest", async () => {
    const dir = writeBackup();
    rmSync(join(dir, "manifest.json"));
    await expect(run(dir)).rejects.toThrow(/manifest\.json is missing/);
    expect(calls()).toEqual([]);
  });

  it("a manifest that is not JSON", async () => {
    const dir = writeBackup();
    appendFileSync(join(dir, "manifest.json"), "}{");
    await expect(run(dir)).rejects.toThrow(/is damaged \(not JSON/);
    expect(calls()).toEqual([]);
  });

  it("a manifest of another version or shape", async () => {
    const dir = writeBackup((_, manifest) => {
      manifest.version = 2;
    });
    await expect(run(dir)).rejects.toThrow(/damaged or from another version/);
    expect(calls()).toEqual([]);
  });

  it("a manifest that names a file outside the backup", async () => {
    const dir = writeBackup((_, manifest) => {
      (manifest.files as Record<string, unknown>)["../outside"] = fileEntryOf(Buffer.from(""));
    });
    await expect(run(dir)).rejects.toThrow(/damaged or from another version/);
    expect(calls()).toEqual([]);
  });

  it("a file whose hash does not match", async () => {
    const dir = writeBackup((d) => appendFileSync(join(d, "d1.sql"), "DELETE FROM agents;\n"));
    await expect(run(dir)).rejects.toThrow(/d1\.sql does not match its sha256/);
    expect(calls()).toEqual([]);
  });

  it("a listed file that is missing", async () => {
    const dir = writeBackup((d) => rmSync(join(d, "objects/000001")));
    await expect(run(dir)).rejects.toThrow(/objects\/000001 is listed in the manifest but missing/);
    expect(calls()).toEqual([]);
  });

  it("a target that already holds data, unless --force", async () => {
    process.env.FAKE_OWNER_ROWS = "3";
    const dir = writeBackup();
    await expect(run(dir)).rejects.toThrow(/already holds agents.*--force/);
    const writes = calls().filter((args) => args.includes("--file") || args.includes("put"));
    expect(writes).toEqual([]);

    rmSync(callLog);
    await run(dir, true);
    const executed = calls().find((args) => args[1] === "execute" && args.includes("--file"));
    expect(executed).toBeDefined();
    expect(calls().find((args) => args[0] === "r2" && args[2] === "put")).toEqual(
      expect.arrayContaining(["frontdesk-files/avatars/demo/a.png", "--content-type", "image/png"]),
    );
  });
});

describe("the D1 export", () => {
  const exported = [
    "PRAGMA defer_foreign_keys=TRUE;",
    `INSERT INTO "d1_migrations" ("id","name","applied_at") VALUES(1,'0000_init.sql','2026-12-05 16:10:31');`,
    `INSERT INTO "agents" ("id","name") VALUES('demo','It''s
two lines');`,
    `INSERT INTO "sqlite_sequence" ("name","seq") VALUES('d1_migrations',1);`,
  ].join("\n");

  it("keeps the rows, drops the migrations' bookkeeping and lists the applied migrations", () => {
    const { data, migrations, statements } = splitExport(exported);
    expect(migrations).toEqual(["0000_init.sql"]);
    expect(statements).toBe(1);
    expect(data).toContain(`VALUES('demo','It''s\ntwo lines');`);
    expect(data).not.toContain("d1_migrations");
  });

  it("empties every table but the migrations' before the rows go in, and refuses an odd table name", () => {
    const sql = restoreSql("INSERT 1;\n", ["agents", "d1_migrations", "contact_properties"]);
    expect(sql).toBe(
      'PRAGMA defer_foreign_keys=TRUE;\nDELETE FROM "agents";\nDELETE FROM "contact_properties";\nINSERT 1;\n',
    );
    expect(() => restoreSql("", ['x"; DROP TABLE agents; --'])).toThrow(/unexpected table name/);
  });
});
