/**
 * The secrets of local runs, from scripts/lib/env-file.mjs. `npm run dev`'s .dev.vars: a first run creates
 * it with fresh secrets; a later run adds the required secrets an older .dev.vars lacks (a .dev.vars without
 * TOKEN_SECRET made every conversation start fail) and leaves everything already set alone. Node tests, eval,
 * bench and the workerd test config get every required secret from the same helper, so a secret added to
 * .dev.vars.example reaches all of them. Runs on copies in a temporary folder.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureDevVars, localVars, parseVars, requiredSecrets } from "../../scripts/lib/env-file.mjs";

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
    expect(first.added).toEqual(["ADMIN_TOKEN", "TOKEN_SECRET", "SECRETS_KEY"]);
    const vars = parseVars(readFileSync(devVars, "utf8"));
    expect(vars.ADMIN_TOKEN).toEqual(FRESH);
    expect(vars.TOKEN_SECRET).toEqual(FRESH);
    expect(vars.SECRETS_KEY).toEqual(FRESH);
    expect(new Set([vars.ADMIN_TOKEN, vars.TOKEN_SECRET, vars.SECRETS_KEY]).size).toBe(3);
    expect(vars.OPENAI_API_KEY).toBe(""); // optional settings stay empty
    expect(vars.SECRETS_KEY_PREVIOUS).toBe(""); // set only while rotating
    expect(readFileSync(devVars, "utf8")).not.toMatch(/=change-me$/m); // no secret keeps the placeholder (comments may name it)
  });

  it("adds a secret missing from an existing .dev.vars and keeps everything already set", () => {
    const older = "# my settings\nADMIN_TOKEN=my-own-token\nOPENAI_API_KEY=sk-mine\n";
    writeFileSync(devVars, older);
    const result = ensureDevVars(devVars, EXAMPLE);
    expect(result).toMatchObject({ created: false, added: ["TOKEN_SECRET", "SECRETS_KEY"] });
    const text = readFileSync(devVars, "utf8");
    expect(text.startsWith(older)).toBe(true);
    expect(parseVars(text)).toMatchObject({ ADMIN_TOKEN: "my-own-token", OPENAI_API_KEY: "sk-mine" });
    expect(parseVars(text).TOKEN_SECRET).toEqual(FRESH);
    expect(parseVars(text).SECRETS_KEY).toEqual(FRESH);
    expect(result.vars.TOKEN_SECRET).toBe(parseVars(text).TOKEN_SECRET);

    expect(ensureDevVars(devVars, EXAMPLE).added).toEqual([]); // a second run changes nothing
    expect(readFileSync(devVars, "utf8")).toBe(text);
  });

  it("fills a required secret left empty, and appends after a last line without a newline", () => {
    writeFileSync(devVars, "TOKEN_SECRET=\nADMIN_TOKEN=kept\nSECRETS_KEY=kept-key");
    expect(ensureDevVars(devVars, EXAMPLE).added).toEqual(["TOKEN_SECRET"]);
    expect(parseVars(readFileSync(devVars, "utf8"))).toMatchObject({ ADMIN_TOKEN: "kept", TOKEN_SECRET: FRESH });

    writeFileSync(devVars, "ADMIN_TOKEN=kept");
    expect(ensureDevVars(devVars, EXAMPLE).added).toEqual(["TOKEN_SECRET", "SECRETS_KEY"]);
    expect(parseVars(readFileSync(devVars, "utf8"))).toMatchObject({
      ADMIN_TOKEN: "kept",
      TOKEN_SECRET: FRESH,
      SECRETS_KEY: FRESH,
    });
  });
});

// Every place that starts the Worker outside `npm run dev`; each must take its variables from localVars.
const CONSUMERS = ["test/node/support/frontdesk.ts", "scripts/eval.ts", "bench/chat.ts", "vitest.config.ts"];
const ROOT = new URL("../../", import.meta.url);

describe("the env-file helper", () => {
  it("knows the required secrets from the example's change-me lines, SECRETS_KEY among them", () => {
    expect(requiredSecrets(EXAMPLE)).toEqual(["ADMIN_TOKEN", "TOKEN_SECRET", "SECRETS_KEY"]);
  });

  it("gives a local run every required secret, fresh, and every optional setting", () => {
    const vars = localVars({ ADMIN_TOKEN: "mine" }, EXAMPLE);
    for (const name of requiredSecrets(EXAMPLE)) expect(vars[name], name).toMatch(/^[A-Za-z0-9_-]{4,}$/);
    expect(vars.ADMIN_TOKEN).toBe("mine");
    expect(vars.SECRETS_KEY).toEqual(FRESH);
    expect(vars).toMatchObject({ OPENAI_API_KEY: "", SECRETS_KEY_PREVIOUS: "", ALLOW_LOOPBACK_FETCH: "" });
    expect(localVars({}, EXAMPLE).SECRETS_KEY).not.toBe(localVars({}, EXAMPLE).SECRETS_KEY);
  });

  it("a secret added to the example reaches .dev.vars and every local run without another change", () => {
    const example = join(dir, ".dev.vars.example");
    copyFileSync(EXAMPLE, example);
    writeFileSync(example, `${readFileSync(example, "utf8")}# a new one\nNEW_SECRET=change-me\n`);
    expect(requiredSecrets(example)).toContain("NEW_SECRET");
    expect(localVars({}, example).NEW_SECRET).toEqual(FRESH);
    expect(ensureDevVars(devVars, example).vars.NEW_SECRET).toEqual(FRESH);
  });

  it("is where every other consumer gets its variables (no hand-written secret lists)", () => {
    for (const path of CONSUMERS) {
      const source = readFileSync(new URL(path, ROOT), "utf8");
      expect(source, path).toMatch(/from "[./]*\/?(?:scripts\/)?lib\/env-file\.mjs"/);
      expect(source, path).toMatch(/localVars\(/);
      expect(source, path).not.toMatch(/TOKEN_SECRET/); // a hand-written list would name it
    }
  });
});
