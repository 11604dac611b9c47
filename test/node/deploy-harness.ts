/**
 * Runs `scripts/deploy.mjs` against the fake wrangler (test/node/fake-wrangler.mjs) in a temporary folder: the fake's
 * account, its call log, the generated deploy config and, when a test needs one, a copy of wrangler.toml and its
 * migrations to change. Shared by the deploy tests.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export const ROOT = new URL("../../", import.meta.url).pathname;
const FAKE = new URL("./fake-wrangler.mjs", import.meta.url).pathname;
const SCRIPT = join(ROOT, "scripts", "deploy.mjs");
const RUN_TIMEOUT_MS = 90_000; // about 15 fake wrangler calls; a guard against a hang, not a timing

export type Run = { code: number; stdout: string; stderr: string; output: string };
export type Call = { args: string[]; stdin: boolean };
export type Account = {
  worker: boolean;
  d1: { uuid: string; name: string }[];
  r2: string[];
  queues: string[];
  vectorize: { name: string; config: { dimensions: number; metric: string } }[];
  secrets: Record<string, string>;
  applied: Record<string, string[]>;
  deploys: number;
};

export type Sandbox = {
  dir: string;
  configOut: string;
  /** Runs the deploy script; resolves with its exit code and output, whatever the code. */
  deploy(args?: string[], env?: Record<string, string>): Promise<Run>;
  calls(): Call[];
  account(): Account;
  /** A copy of wrangler.toml (paths made absolute) and its migrations, `edit`ed; returns its path. */
  localConfig(edit?: (toml: string) => string): string;
  migrationsDir: string;
};

export function sandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), "frontdesk-deploy-"));
  const state = join(dir, "fake");
  mkdirSync(state);
  const configOut = join(dir, "out", "wrangler.deploy.json");
  const migrationsDir = join(dir, "migrations");
  return {
    dir,
    configOut,
    migrationsDir,
    async deploy(args = [], env = {}) {
      try {
        const { stdout, stderr } = await promisify(execFile)(
          process.execPath,
          [SCRIPT, "--skip-build", "--config-out", configOut, ...args],
          {
            cwd: ROOT,
            timeout: RUN_TIMEOUT_MS,
            env: { ...process.env, WRANGLER: `${process.execPath} ${FAKE}`, FAKE_WRANGLER_STATE: state, ...env },
          },
        );
        return { code: 0, stdout, stderr, output: `${stdout}\n${stderr}` };
      } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        const stdout = failed.stdout ?? "";
        const stderr = failed.stderr ?? "";
        return {
          code: typeof failed.code === "number" ? failed.code : -1,
          stdout,
          stderr,
          output: `${stdout}\n${stderr}`,
        };
      }
    },
    calls() {
      const path = join(state, "calls.jsonl");
      if (!existsSync(path)) return [];
      return readFileSync(path, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Call);
    },
    account() {
      return JSON.parse(readFileSync(join(state, "account.json"), "utf8")) as Account;
    },
    localConfig(edit = (toml) => toml) {
      if (!existsSync(migrationsDir)) cpSync(join(ROOT, "migrations"), migrationsDir, { recursive: true });
      const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8")
        .replace('main = "worker/index.ts"', `main = "${join(ROOT, "worker/index.ts")}"`)
        .replace('directory = "./dist/public"', `directory = "${join(ROOT, "dist/public")}"`)
        .replace('migrations_dir = "migrations"', `migrations_dir = "${migrationsDir}"`);
      const path = join(dir, "wrangler.toml");
      writeFileSync(path, edit(toml));
      return path;
    },
  };
}

/** The calls that change the account (creates, secret puts, migrations applied, deploys). */
export const mutating = (calls: Call[]): string[] =>
  calls
    .map((call) => call.args.filter((arg) => !arg.startsWith("-") && !arg.startsWith("/")).join(" "))
    .filter((line) => /\b(create|put|apply)\b|^deploy\b/.test(line));
