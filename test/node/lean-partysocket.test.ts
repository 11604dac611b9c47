/**
 * The panel's trimmed partysocket: the published `partysocket/ws` file with its debug calls and the
 * members the panel never uses left out, everything it runs kept, and a loud failure when the
 * published file no longer has the shape the cuts expect.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { leanPartysocket } from "../../scripts/lib/lean-partysocket.mjs";

const PATH = "node_modules/partysocket/dist/ws.js";
const source = readFileSync(PATH, "utf8");

describe("leanPartysocket", () => {
  it("leaves out the debug calls and the unused members, and keeps what the panel runs", async () => {
    const lean = leanPartysocket(source, PATH);
    expect(lean).not.toMatch(/\n {4}this\._debug\(/);
    for (const member of ["get url()", "get bufferedAmount()", "reconnect(code, reason)", "drainQueuedMessages()"]) {
      expect(source).toContain(member);
      expect(lean).not.toContain(member);
    }
    for (const member of ["get readyState()", "get OPEN()", "send(data)", "close(code = 1e3, reason)", "_connect()"])
      expect(lean).toContain(member);
    // Still a module with the same exports.
    const module = await import(`data:text/javascript;base64,${Buffer.from(lean).toString("base64")}`);
    expect(typeof module.default).toBe("function");
    expect(Object.keys(module).sort()).toEqual(["CloseEvent", "ErrorEvent", "default"]);
    expect(module.default.OPEN).toBe(1);
  });

  it("fails the build when a cut finds nothing to cut", () => {
    expect(() => leanPartysocket(source.replace("get url() {", "get href() {"), PATH)).toThrow(/get url\(\)/);
    expect(() => leanPartysocket(source.replaceAll("this._debug(", "this.log("), PATH)).toThrow(/_debug/);
  });
});
