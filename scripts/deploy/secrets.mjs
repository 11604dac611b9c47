// The Worker's required secrets (the `change-me` lines of .dev.vars.example: ADMIN_TOKEN, TOKEN_SECRET, SECRETS_KEY):
// which are set (`wrangler secret list --format json`, names only; wrangler 4.164.0 answers `Worker "NAME" not found.`
// before the first deploy), and fresh values for the missing ones, handed to `wrangler secret put` on stdin. A value
// lives only in this process's memory: never on a command line, in a file or in the log.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { requiredSecrets } from "../lib/env-file.mjs";
import { jsonOf } from "./wrangler.mjs";

// 256 bits as 43 base64url characters: beyond guessing, and over SECRETS_KEY's 32-character minimum
// (worker/lib/secret-box.ts MIN_SECRETS_KEY_CHARS).
const SECRET_BYTES = 32;
const SecretList = z.array(z.object({ name: z.string() }).loose());

/** @typedef {ReturnType<typeof import("./wrangler.mjs").createWrangler>} Wrangler */

/**
 * Whether the Worker exists yet and the names of its secrets.
 * @param {Wrangler} wrangler
 * @param {string} worker
 * @returns {{ workerExists: boolean, names: string[] }}
 */
export function listSecrets(wrangler, worker) {
  const result = wrangler.run(["secret", "list", "--name", worker, "--format", "json"], { allowFailure: true });
  if (result.status !== 0) {
    if (result.output.includes(`Worker "${worker}" not found`)) return { workerExists: false, names: [] };
    throw new Error(`Could not list the secrets of ${worker}:\n${result.output.trim()}`);
  }
  return { workerExists: true, names: SecretList.parse(jsonOf(result.stdout)).map((secret) => secret.name) };
}

/** The secrets the Worker needs. */
export const REQUIRED_SECRETS = requiredSecrets();

/**
 * Sets every required secret that is not set yet to a fresh random value. Returns the names set and, when ADMIN_TOKEN
 * was among them, its value (to print once: it is the only way in until staff accounts exist).
 * @param {Wrangler} wrangler
 * @param {{ worker: string, configPath: string, present: string[], onSet?: (name: string, value: string) => void }} options
 * @returns {{ set: string[], adminToken: string | undefined }}
 */
export function setMissingSecrets(wrangler, { worker, configPath, present, onSet }) {
  const set = [];
  let adminToken;
  for (const name of REQUIRED_SECRETS) {
    if (present.includes(name)) continue;
    const value = randomBytes(SECRET_BYTES).toString("base64url");
    wrangler.run(["secret", "put", name, "--name", worker, "-c", configPath], { input: value });
    set.push(name);
    if (name === "ADMIN_TOKEN") adminToken = value;
    onSet?.(name, value);
  }
  return { set, adminToken };
}
