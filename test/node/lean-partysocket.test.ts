/**
 * The panel's trimmed partysocket: the published `partysocket/ws` file with its debug calls, its
 * Node paths, sub-protocols, handler properties and the members the panel never uses left out,
 * everything it runs kept, a loud failure when the published file no longer has the shape the cuts
 * expect, and socket.ts held to what the cuts assume of it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { leanPartysocket } from "../../scripts/lib/lean-partysocket.mjs";

const PATH = "node_modules/partysocket/dist/ws.js";
const source = readFileSync(PATH, "utf8");
const socketTs = readFileSync("widget/panel/socket.ts", "utf8");

describe("leanPartysocket", () => {
  it("leaves out the debug calls and the unused members, and keeps what the panel runs", async () => {
    const lean = leanPartysocket(source, PATH);
    expect(lean).not.toMatch(/\n {4}this\._debug\(/);
    for (const member of [
      "get url()",
      "get bufferedAmount()",
      "reconnect(code, reason)",
      "drainQueuedMessages()",
      "_getNextProtocols(",
      "onopen = null",
      "isNode",
      "console.warn(",
    ]) {
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

  it("is used by socket.ts only as the cuts assume: no sub-protocols, no debug, listeners, send, close, readyState", () => {
    expect(socketTs).toContain("new ReconnectingWebSocket(url, undefined, {");
    expect(socketTs).not.toMatch(/debug|\.on(open|message|error|close)\b|protocols|binaryType|reconnect\(|\.url\b/);
    const used = [...socketTs.matchAll(/\bsocket\.(\w+)/g)].map((match) => match[1]);
    expect(new Set(used)).toEqual(new Set(["readyState", "OPEN", "send", "addEventListener", "close"]));
  });

  it("fails the build when a cut finds nothing to cut", () => {
    expect(() => leanPartysocket(source.replace("get url() {", "get href() {"), PATH)).toThrow(/get url\(\)/);
    expect(() => leanPartysocket(source.replaceAll("this._debug(", "this.log("), PATH)).toThrow(/_debug/);
    expect(() => leanPartysocket(source.replace("  onopen = null;\n", ""), PATH)).toThrow(/onopen = null/);
    expect(() => leanPartysocket(source.replace("console.warn(", "report("), PATH)).toThrow(/warning/);
  });
});
