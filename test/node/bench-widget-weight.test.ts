/**
 * A peer widget's weight counts its script-tag entry and every file it imports statically, as a browser
 * loads them at once — not the chunks it imports dynamically later (bench/widget-weight.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importClosure } from "../../bench/widget-weight";

const dir = mkdtempSync(join(tmpdir(), "bench-widget-weight-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("peer widget import closure", () => {
  it("follows minified static imports and re-exports, once each, and leaves dynamic imports out", () => {
    writeFileSync(
      join(dir, "entry.js"),
      'import{a as e}from"./chunk.mjs";import "./side.mjs";export{b}from"./re.mjs";const l=()=>import("./lazy.mjs");',
    );
    writeFileSync(join(dir, "chunk.mjs"), 'import{x}from"./shared.mjs";export const a=1;');
    writeFileSync(join(dir, "side.mjs"), 'import{x}from"./shared.mjs";');
    writeFileSync(join(dir, "re.mjs"), "export const b=2;");
    writeFileSync(join(dir, "shared.mjs"), "export const x=3;");
    writeFileSync(join(dir, "lazy.mjs"), "export const never=4;");
    const files = importClosure(join(dir, "entry.js")).map((path) => path.slice(dir.length + 1));
    expect(files.sort()).toEqual(["chunk.mjs", "entry.js", "re.mjs", "shared.mjs", "side.mjs"]);
  });
});
