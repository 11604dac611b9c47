/**
 * `npm run deploy` against a fake wrangler that records its calls and answers in wrangler's formats: a first run
 * creates each resource once and sets each secret once; a second run creates nothing and sets nothing; a run that
 * fails half-way is finished by the next; secret values are never printed twice, never on a command line and never
 * in a file written; --dry-run calls nothing; a missing login stops before anything is created.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { mutating, type Sandbox, sandbox } from "./deploy-harness";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const ADMIN_TOKEN_LINE = /Admin token \(shown this once[^:]*\): ([A-Za-z0-9_-]+)/;
/** Every file under a folder, recursively. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());

let box: Sandbox;
afterEach(() => rmSync(box.dir, { recursive: true, force: true }));

describe("npm run deploy", () => {
  it("creates each resource and secret once, then a second run creates and sets nothing", async () => {
    box = sandbox();
    const first = await box.deploy();
    expect(first.code, first.output).toBe(0);
    expect(mutating(box.calls()).sort()).toEqual(
      [
        "d1 create frontdesk",
        "r2 bucket create frontdesk-files",
        "queues create frontdesk-ingest",
        "queues create frontdesk-outbox",
        "secret put ADMIN_TOKEN frontdesk",
        "secret put TOKEN_SECRET frontdesk",
        "secret put SECRETS_KEY frontdesk",
        "d1 migrations apply frontdesk",
        "deploy",
      ].sort(),
    );
    const account = box.account();
    expect(account.d1.map((db) => db.name)).toEqual(["frontdesk"]);
    expect(account.queues).toEqual(["frontdesk-ingest", "frontdesk-outbox"]);
    expect(account.vectorize).toEqual([]); // the embedded backend needs no index
    expect(Object.keys(account.secrets).sort()).toEqual(["ADMIN_TOKEN", "SECRETS_KEY", "TOKEN_SECRET"]);
    expect(account.applied[account.d1[0]?.uuid ?? ""]).toContain("0015_goals.sql");

    // The generated config carries the real id and no Vectorize binding; the printed token is the one set.
    const config = JSON.parse(readFileSync(box.configOut, "utf8"));
    expect(config.d1_databases[0].database_id).toBe(account.d1[0]?.uuid);
    expect(config.vectorize).toBeUndefined();
    const token = ADMIN_TOKEN_LINE.exec(first.stdout)?.[1] ?? "";
    expect(sha256(token)).toBe(account.secrets.ADMIN_TOKEN);
    expect(first.stdout).toContain('<script src="https://frontdesk.example.workers.dev/widget.js" data-agent=');
    expect(first.stdout).toContain("https://frontdesk.example.workers.dev/console/");
    expect(first.stdout).toContain("Worker bundle: 1534.20 KiB / gzip: 301.77 KiB");

    const callsBefore = box.calls().length;
    const second = await box.deploy();
    expect(second.code, second.output).toBe(0);
    expect(mutating(box.calls().slice(callsBefore))).toEqual(["d1 migrations apply frontdesk", "deploy"]);
    expect(second.stdout).toMatch(/ADMIN_TOKEN: already set/);
    expect(second.output).not.toContain(token);
    expect(ADMIN_TOKEN_LINE.test(second.stdout)).toBe(false);
    expect(box.account().secrets).toEqual(account.secrets);

    // No secret value in any output but the token's one line, on any command line, or in any file written.
    const secretHashes = new Set(Object.values(account.secrets));
    const printed = [...`${first.output}\n${second.output}`.matchAll(/[A-Za-z0-9_-]{32,}/g)].map((m) => m[0]);
    expect(printed.filter((word) => secretHashes.has(sha256(word)))).toEqual([token]);
    expect(box.calls().every((call) => call.args.every((arg) => !secretHashes.has(sha256(arg))))).toBe(true);
    expect(
      box
        .calls()
        .filter((call) => call.stdin)
        .map((call) => call.args[2]),
    ).toEqual(["ADMIN_TOKEN", "TOKEN_SECRET", "SECRETS_KEY"]);
    const files = filesUnder(box.dir);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const words = readFileSync(file, "utf8").match(/[A-Za-z0-9_-]{32,}/g) ?? [];
      expect(
        words.filter((word) => secretHashes.has(sha256(word))),
        file,
      ).toEqual([]);
    }
  });

  it("stops with a clear message when a call fails half-way, and the next run finishes what is missing", async () => {
    box = sandbox();
    const failed = await box.deploy([], { FAKE_WRANGLER_FAIL: "queues create frontdesk-outbox" });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("Deploy stopped: `wrangler queues create frontdesk-outbox` failed");
    expect(failed.stderr).toContain("(simulated)");
    expect(failed.stderr).toContain("run `npm run deploy` again");
    expect(box.account().queues).toEqual(["frontdesk-ingest"]);
    expect(box.account().deploys).toBe(0);

    const callsBefore = box.calls().length;
    const resumed = await box.deploy();
    expect(resumed.code, resumed.output).toBe(0);
    expect(mutating(box.calls().slice(callsBefore)).filter((line) => line.includes("create"))).toEqual([
      "queues create frontdesk-outbox",
    ]);
    expect(box.account().d1).toHaveLength(1);
    expect(box.account().deploys).toBe(1);
  });

  it("prints the admin token even when the run stops after setting it, and never again", async () => {
    box = sandbox();
    const failed = await box.deploy([], { FAKE_WRANGLER_FAIL: "deploy" });
    expect(failed.code).toBe(1);
    const token = /Admin token \(set by this run before it stopped; shown this once\): (\S+)/.exec(failed.stderr)?.[1];
    expect(sha256(token ?? "")).toBe(box.account().secrets.ADMIN_TOKEN);
    const resumed = await box.deploy();
    expect(resumed.code, resumed.output).toBe(0);
    expect(resumed.output).not.toContain(token);
    expect(box.account().deploys).toBe(1);
  });

  it("--dry-run prints every step and calls nothing", async () => {
    box = sandbox();
    const dry = await box.deploy(["--dry-run"]);
    expect(dry.code, dry.output).toBe(0);
    expect(box.calls()).toEqual([]);
    expect(existsSync(box.configOut)).toBe(false); // nor writes the deploy config or its state
    for (const step of [
      "wrangler whoami",
      "wrangler d1 create frontdesk",
      "wrangler r2 bucket create frontdesk-files",
      "wrangler queues create frontdesk-ingest",
      "wrangler queues create frontdesk-outbox",
      "wrangler secret put NAME",
      "wrangler d1 migrations apply frontdesk --remote",
      "npm run build",
      "wrangler deploy -c",
    ])
      expect(dry.stdout).toContain(step);
  });

  it("stops before creating anything when wrangler is not logged in, naming the command to run", async () => {
    box = sandbox();
    const run = await box.deploy([], { FAKE_WRANGLER_LOGGED_OUT: "1" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Not logged in to Cloudflare: run `npx wrangler login`");
    expect(box.calls().map((call) => call.args[0])).toEqual(["whoami"]);
  });

  it("refuses an unknown option with the usage", async () => {
    box = sandbox();
    const run = await box.deploy(["--dryrun"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Unknown option '--dryrun'");
    expect(run.stderr).toContain("Usage: npm run deploy");
    expect(box.calls()).toEqual([]);
  });
});
