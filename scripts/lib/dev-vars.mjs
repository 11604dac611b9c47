// The local secrets file for `npm run dev`: creates .dev.vars from .dev.vars.example with fresh random values
// for every required secret, and adds required secrets the example gained since an existing .dev.vars was made.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

// The example's value for a secret the Worker needs; empty values in the example are optional settings.
const PLACEHOLDER = "change-me";
const SECRET_BYTES = 24; // 192 bits: far beyond guessing, short enough to paste into a header

const freshSecret = () => randomBytes(SECRET_BYTES).toString("base64url");

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
 * Makes sure `path` holds every required secret of `examplePath`, each a fresh random value, without touching
 * what is already set. Returns the variables and the names that were added (all of them on a first run).
 * @param {string} path
 * @param {string} examplePath
 * @returns {{ vars: Record<string, string>, created: boolean, added: string[] }}
 */
export function ensureDevVars(path, examplePath) {
  const example = readFileSync(examplePath, "utf8");
  const required = Object.entries(parseVars(example))
    .filter(([, value]) => value === PLACEHOLDER)
    .map(([name]) => name);
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
