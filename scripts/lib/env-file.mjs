// The one place that knows the Worker's secrets for local runs: the required ones are the `change-me` lines of
// .dev.vars.example. It keeps `npm run dev`'s .dev.vars complete and gives node tests, eval, bench and the
// workerd test config a complete set of variables, so a secret added to the example reaches all of them.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const EXAMPLE = new URL("../../.dev.vars.example", import.meta.url).pathname;
// The example's value for a secret the Worker needs; empty values in the example are optional settings.
const PLACEHOLDER = "change-me";
const SECRET_BYTES = 24; // 192 bits: far beyond guessing, short enough to paste into a header

/** A fresh random value for a required secret (32 base64url characters). */
export const freshSecret = () => randomBytes(SECRET_BYTES).toString("base64url");

/**
 * `NAME=value` lines of a .dev.vars-format text, as an object (comments and other lines ignored).
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseVars(text) {
  /** @type {Record<string, string>} */
  const vars = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) vars[match[1]] = match[2];
  }
  return vars;
}

/**
 * The names of the secrets the Worker needs: the example's `change-me` lines.
 * @param {string} [examplePath]
 * @returns {string[]}
 */
export function requiredSecrets(examplePath = EXAMPLE) {
  return Object.entries(parseVars(readFileSync(examplePath, "utf8")))
    .filter(([, value]) => value === PLACEHOLDER)
    .map(([name]) => name);
}

/**
 * A complete set of variables for a local run (tests, eval, bench): every variable of the example, each
 * required secret a fresh random value and each optional setting empty, unless `overrides` sets it;
 * `overrides` may add variables the example lacks.
 * @param {Record<string, string>} [overrides]
 * @param {string} [examplePath]
 * @returns {Record<string, string>}
 */
export function localVars(overrides = {}, examplePath = EXAMPLE) {
  /** @type {Record<string, string>} */
  const vars = {};
  for (const [name, value] of Object.entries(parseVars(readFileSync(examplePath, "utf8"))))
    vars[name] = value === PLACEHOLDER ? freshSecret() : "";
  return { ...vars, ...overrides };
}

/**
 * Writes `vars` as a .dev.vars-format file, for `wrangler dev --env-file`.
 * @param {string} path
 * @param {Record<string, string>} vars
 */
export function writeEnvFile(path, vars) {
  writeFileSync(
    path,
    Object.entries(vars)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(""),
  );
}

/**
 * Makes sure `path` (`npm run dev`'s .dev.vars) holds every required secret of `examplePath`, each a fresh
 * random value, without touching what is already set. Returns the variables and the names that were added
 * (all of them on a first run).
 * @param {string} path
 * @param {string} [examplePath]
 * @returns {{ vars: Record<string, string>, created: boolean, added: string[] }}
 */
export function ensureDevVars(path, examplePath = EXAMPLE) {
  const example = readFileSync(examplePath, "utf8");
  const required = requiredSecrets(examplePath);
  if (!existsSync(path)) {
    const text = example.replace(
      new RegExp(`^([A-Z_][A-Z0-9_]*)=${PLACEHOLDER}$`, "gm"),
      (_, name) => `${name}=${freshSecret()}`,
    );
    writeFileSync(path, text);
    return { vars: parseVars(text), created: true, added: required };
  }
  let text = readFileSync(path, "utf8");
  const present = parseVars(text);
  // An empty value counts as missing: the Worker treats `TOKEN_SECRET=` as not set.
  const added = required.filter((name) => !present[name]);
  for (const name of added) {
    const line = `${name}=${freshSecret()}`;
    const existing = new RegExp(`^${name}=\\s*$`, "m");
    text = existing.test(text)
      ? text.replace(existing, line)
      : `${text}${text.endsWith("\n") || !text ? "" : "\n"}${line}\n`;
  }
  if (added.length > 0) writeFileSync(path, text);
  return { vars: parseVars(text), created: false, added };
}
