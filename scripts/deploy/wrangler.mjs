// How the deploy script calls wrangler, its only tool: the command comes from the WRANGLER environment variable
// (tests point it at a fake) or is this checkout's own node_modules/.bin/wrangler — the pinned version whose output
// formats the parsers here were read from (wrangler 4.164.0), never whatever `npx` would resolve. Secret values go in
// on stdin only; the log shows the command, never the input.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const OUTPUT_LIMIT_BYTES = 64 * 1024 * 1024; // wrangler deploy prints its binding table and upload progress
// ANSI colour and cursor sequences: wrangler colours some output even when told not to.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, "g");

/** A wrangler call failed; the message names the command and repeats wrangler's own words. */
export class WranglerError extends Error {
  name = "WranglerError";
  /**
   * @param {string} message
   * @param {{ stdout: string, stderr: string, status: number | null }} result
   */
  constructor(message, result) {
    super(message);
    this.result = result;
  }
}

/**
 * The wrangler command as program and leading arguments.
 * @param {string} root the checkout
 * @param {NodeJS.ProcessEnv} env
 * @returns {string[]}
 */
export function wranglerCommand(root, env = process.env) {
  const configured = env.WRANGLER?.trim();
  if (configured) return configured.split(/\s+/);
  const local = join(root, "node_modules", ".bin", "wrangler");
  if (!existsSync(local)) throw new Error("wrangler is not installed here: run `npm install` first");
  return [local];
}

/**
 * A runner for wrangler subcommands.
 * @param {{ command: string[], cwd: string, log: (line: string) => void }} options
 */
export function createWrangler({ command, cwd, log }) {
  const [program, ...leading] = command;
  /**
   * Runs `wrangler ...args`; `input` goes to its stdin. Throws WranglerError on a non-zero exit unless `allowFailure`.
   * @param {string[]} args
   * @param {{ input?: string, allowFailure?: boolean, quiet?: boolean }} [options]
   * @returns {{ stdout: string, stderr: string, status: number | null, output: string }}
   */
  function run(args, { input, allowFailure = false, quiet = false } = {}) {
    if (!quiet) log(`  $ wrangler ${args.join(" ")}${input === undefined ? "" : "  (value on stdin)"}`);
    const child = spawnSync(/** @type {string} */ (program), [...leading, ...args], {
      cwd,
      input: input ?? "",
      encoding: "utf8",
      maxBuffer: OUTPUT_LIMIT_BYTES,
      // No colours, no prompts (wrangler takes its non-interactive defaults), no telemetry from a deploy script.
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", WRANGLER_SEND_METRICS: "false" },
    });
    if (child.error)
      throw new WranglerError(`Could not run wrangler (${program}): ${child.error.message}`, emptyResult);
    const stdout = child.stdout.replace(ANSI, "");
    const stderr = child.stderr.replace(ANSI, "");
    const result = { stdout, stderr, status: child.status, output: `${stdout}\n${stderr}` };
    if (child.status !== 0 && !allowFailure)
      throw new WranglerError(
        `\`wrangler ${args.join(" ")}\` failed (exit ${child.status}):\n${indent(lastLines(result.output))}`,
        result,
      );
    return result;
  }
  return { run };
}

const emptyResult = { stdout: "", stderr: "", status: null };
const lastLines = (/** @type {string} */ text) => text.trim().split("\n").slice(-15).join("\n");
const indent = (/** @type {string} */ text) =>
  text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");

/**
 * The JSON a `--json` (or `--format json`) wrangler command printed: wrangler may print a banner or warnings around
 * it, so the text from the first `[` or `{` on is read.
 * @param {string} stdout
 * @returns {unknown}
 */
export function jsonOf(stdout) {
  const start = stdout.search(/^[[{]/m);
  if (start < 0) throw new Error(`wrangler printed no JSON:\n${indent(lastLines(stdout))}`);
  return JSON.parse(stdout.slice(start));
}
