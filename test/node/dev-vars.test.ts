/**
 * `npm run dev`'s secrets file: a first run creates .dev.vars with fresh secrets; a later run adds the
 * required secrets an older .dev.vars lacks (a .dev.vars without TOKEN_SECRET made every conversation
 * start fail) and leaves everything already set alone. Runs on copies in a temporary folder.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureDevVars, parseVars } from "../../scripts/lib/dev-vars.mjs";

const EXAMPLE = new URL("../../.dev.vars.example", import.meta.url).pathname;
const FRESH = expect.stringMatching(/^[A-Za-z0-9_-]{32}$/); // 24 random bytes, base64url

let dir: string;
let devVars: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "frontdesk-dev-vars-"));
  devVars = join(dir, ".dev.vars");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("ensureDevVars", () => {
  it("creates .dev.vars from the example with fresh values for every required secret", () => {
    const first = ensureDevVars(devVars, EXAMPLE);
    expect(first.created).toBe(true);
    expect(first.added).toEqual(["ADMIN_TOKEN", "TOKEN_SECRET"]);
    const vars = parseVars(readFileSync(devVars, "utf8"));
    expect(vars.ADMIN_TOKEN).toEqual(FRESH);
    expect(vars.TOKEN_SECRET).toEqual(FRESH);
    expect(vars.TOKEN_SECRET).not.toBe(vars.ADMIN_TOKEN);
    expect(vars.OPENAI_API_KEY).toBe(""); // optional settings stay empty
    expect(readFileSync(devVars, "utf8")).not.toMatch(/=change-me$/m); // no secret keeps the placeholder (comments may name it)
  });

  it("adds a secret missing from an existing .dev.vars and keeps everything already set", () => {
    const older = "# my settings\nADMIN_TOKEN=my-own-token\nOPENAI_API_KEY=sk-mine\n";
    writeFileSync(devVars, older);
    const result = ensureDevVars(devVars, EXAMPLE);
    expect(result).toMatchObject({ created: false, added: ["TOKEN_SECRET"] });
    const text = readFileSync(devVars, "utf8");
    expect(text.startsWith(older)).toBe(true);
    expect(parseVars(text)).toMatchObject({ ADMIN_TOKEN: "my-own-token", OPENAI_API_KEY: "sk-mine" });
    expect(parseVars(text).TOKEN_SECRET).toEqual(FRESH);
    expect(result.vars.TOKEN_SECRET).toBe(parseVars(text).TOKEN_SECRET);

    expect(ensureDevVars(devVars, EXAMPLE).added).toEqual([]); // a second run changes nothing
    expect(readFileSync(devVars, "utf8")).toBe(text);
  });

  it("fills a required secret left empty, and appends after a last line without a newline", () => {
    writeFileSync(devVars, "TOKEN_SECRET=\nADMIN_TOKEN=kept");
    expect(ensureDevVars(devVars, EXAMPLE).added).toEqual(["TOKEN_SECRET"]);
    expect(parseVars(readFileSync(devVars, "utf8"))).toMatchObject({ ADMIN_TOKEN: "kept", TOKEN_SECRET: FRESH });

    writeFileSync(devVars, "ADMIN_TOKEN=kept");
    expect(ensureDevVars(devVars, EXAMPLE).added).toEqual(["TOKEN_SECRET"]);
    expect(parseVars(readFileSync(devVars, "utf8"))).toMatchObject({ ADMIN_TOKEN: "kept", TOKEN_SECRET: FRESH });
  });
});
