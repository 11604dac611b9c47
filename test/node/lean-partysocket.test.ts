/**
 * The panel's trimmed partysocket: the published `partysocket/ws` file with its debug calls, its
 * Node paths, sub-protocols, handler properties and the members the panel never uses left out,
 * everything it runs kept, a loud failure when the published file no longer has the shape the cuts
 * expect, and socket.ts held to what the cuts assume of it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { leanPartysocket } from "../../scripts/lib/lean-partysocket.mjs";

const PATH = "node_modules/partysocket/dist/ws.js";
const source = readFileSync(PATH, "utf8");
const socketTs = readFileSync("widget/panel/socket.ts", "utf8");

/** A closed socket's event, cloned by partysocket through its constructor. */
class FakeCloseEvent extends Event {
  code: number;
  constructor(type: string, init?: { code?: number }) {
    super(type);
    this.code = init?.code ?? 1000;
  }
}

/** A WebSocket stand-in (no network): the scenario opens, feeds and drops it. */
class FakeSocket extends EventTarget {
  readyState = 0;
  sent: string[] = [];
  constructor(
    readonly url: string,
    readonly made: FakeSocket[],
  ) {
    super();
    made.push(this);
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event("open"));
  }
  drop(code: number): void {
    this.readyState = 3;
    this.dispatchEvent(new FakeCloseEvent("close", { code }));
  }
}

/** One socket's life, as socket.ts uses it, with the given build of partysocket/ws; returns what happened. */
async function scenario(moduleSource: string): Promise<string[]> {
  const { default: ReconnectingWebSocket } = await import(
    `data:text/javascript;base64,${Buffer.from(moduleSource).toString("base64")}`
  );
  const made: FakeSocket[] = [];
  const log: string[] = [];
  let attempt = 0;
  const socket = new ReconnectingWebSocket(async () => `ws://x/${++attempt}`, undefined, {
    // partysocket's own option for runtimes without a WebSocket class; the panel uses the browser's.
    WebSocket: class extends FakeSocket {
      constructor(url: string) {
        super(url, made);
        log.push(`connect ${url}`);
      }
    },
    maxEnqueuedMessages: 0,
    minReconnectionDelay: 1,
    maxReconnectionDelay: 1,
  });
  socket.addEventListener("open", () => log.push("open"));
  socket.addEventListener("message", (event: MessageEvent) => log.push(`message ${event.data}`));
  socket.addEventListener("close", (event: FakeCloseEvent) => log.push(`close ${event.code}`));
  await vi.waitFor(() => expect(made).toHaveLength(1));
  const first = made[0] as FakeSocket;
  log.push(`send early: ${socket.send("early")}`); // not open: dropped, not queued (maxEnqueuedMessages 0)
  first.open();
  log.push(`send hello: ${socket.send("hello")}`);
  first.dispatchEvent(new MessageEvent("message", { data: "frame" }));
  first.drop(1006);
  await vi.waitFor(() => expect(made).toHaveLength(2));
  log.push(`sent on 1: ${first.sent.join(",")}`);
  socket.close();
  log.push(`readyState ${socket.readyState}`);
  return log;
}

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

  it("behaves as the published socket: connects, delivers events, sends, reconnects with a fresh URL, stops on close()", async () => {
    // The published file as a browser runs it: under Node it clones events its Node way instead.
    const nodeCheck = 'typeof process !== "undefined" &&\n  typeof process.versions?.node !== "undefined"';
    expect(source).toContain(nodeCheck);
    const published = await scenario(source.replace(nodeCheck, "false"));
    const lean = await scenario(leanPartysocket(source, PATH));
    expect(lean).toEqual(published);
    expect(lean).toEqual([
      "connect ws://x/1",
      "send early: false",
      "open",
      "send hello: true",
      "message frame",
      "close 1006",
      "connect ws://x/2",
      "sent on 1: hello",
      "close close", // partysocket's own close() event in a browser: its CloseEvent cloned as (type, event)
      "readyState 3",
    ]);
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
