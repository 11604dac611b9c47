// An esbuild plugin that gives the widget panel partysocket's reconnecting socket (`partysocket/ws`)
// without what the panel can never reach: its debug logging (the panel never sets `debug` or
// `debugLogger`), its Node and React Native paths (the panel runs in a browser page), sub-protocols
// (socket.ts passes none), the `onopen`-style handler properties (socket.ts listens with
// addEventListener) and the public members socket.ts never calls (the socket stays inside socket.ts,
// which exposes only its own send and close). What runs — connect, back-off, a fresh URL per attempt,
// open/message/error/close events, send, close — is partysocket's code unchanged. Every cut must
// match exactly once, so an upgrade that reshapes the file fails the build here instead of shipping
// a half-trimmed socket. test/node/lean-partysocket.test.ts holds socket.ts to these assumptions.
import { readFileSync } from "node:fs";

const PARTYSOCKET_WS = /node_modules[\\/]partysocket[\\/]dist[\\/]ws\.js$/;

/** `this._debug(...)` only logs with the `debug` option: `0&&` makes the minifier drop each call and its strings. */
const DEBUG_CALL = "this._debug(";

/** Exact source text, and what it becomes in the panel. */
const REPLACEMENTS = [
  // A warning for runtimes without EventTarget, printed with console (which the panel's build drops anyway).
  ["if (!globalThis.EventTarget || !globalThis.Event)", "if (0)"],
  // Node and React Native events are cloned another way; a browser page is neither.
  ['const isNode =\n  typeof process !== "undefined" &&\n  typeof process.versions?.node !== "undefined";\n', ""],
  ['const isReactNative =\n  typeof navigator !== "undefined" && navigator.product === "ReactNative";\n', ""],
  [
    "const cloneEvent = isNode || isReactNative ? cloneEventNode : cloneEventBrowser;",
    "const cloneEvent = cloneEventBrowser;",
  ],
  // The debug logger, used by nothing once the debug calls are gone.
  ["  _debugLogger = console.log.bind(console);\n", ""],
  ["    if (this._options.debugLogger)\n      this._debugLogger = this._options.debugLogger;\n", ""],
  // No sub-protocols: the provider resolves to null, which is what the socket is then opened with.
  ["this._getNextProtocols(this._protocols || null)", "null"],
  // The onopen/onmessage/onerror/onclose properties, which nothing sets.
  ["  onclose = null;\n", ""],
  ["  onerror = null;\n", ""],
  ["  onmessage = null;\n", ""],
  ["  onopen = null;\n", ""],
  ["    if (this.onopen) this.onopen(event);\n", ""],
  ["    if (this.onmessage) this.onmessage(event);\n", ""],
  ["    if (this.onerror) this.onerror(event);\n", ""],
  ["    if (this.onclose) this.onclose(event);\n", ""],
  // Sub-protocols are passed nowhere (see above), so the socket keeps none.
  ["  _protocols;\n", ""],
  ["    this._protocols = protocols;\n", ""],
  // Flags of the two console warnings below.
  ["  _didWarnAboutClosedSend = false;\n", ""],
  ["let didWarnAboutMissingWebSocket = false;\n", ""],
];

/** Statements, from their first text to the first end text after it, that only print a console warning. */
const WARNINGS = [
  // send() after close(): the panel checks readyState before sending.
  ["    if (this._closeCalled && !this._didWarnAboutClosedSend) {\n", "      );\n    }\n"],
  // No WebSocket class: every browser has one.
  [
    "        if (\n          !this._options.WebSocket &&\n",
    "          didWarnAboutMissingWebSocket = true;\n        }\n",
  ],
];

/** Class members nothing reaches, as they start in the published file (each ends at the next `\n  }\n`). */
const UNUSED_MEMBERS = [
  "get binaryType() {",
  "set binaryType(value) {",
  "get retryCount() {",
  "get bufferedAmount() {",
  "get extensions() {",
  "get protocol() {",
  "get url() {",
  "get shouldReconnect() {",
  "reconnect(code, reason) {",
  "drainQueuedMessages() {",
  "_debug(...args) {",
  "_getNextProtocols(protocolsProvider) {",
];

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * partysocket/ws's source with the cuts above made.
 * @param {string} source
 * @param {string} path for error messages
 * @returns {string}
 */
export function leanPartysocket(source, path) {
  if (!source.includes(DEBUG_CALL)) throw new Error(`${path}: no ${DEBUG_CALL} calls to compile out`);
  let lean = source.replaceAll(DEBUG_CALL, `0&&${DEBUG_CALL}`);
  for (const [text, replacement] of REPLACEMENTS) {
    const found = lean.split(text).length - 1;
    if (found !== 1)
      throw new Error(`${path}: expected one \`${text.trim().split("\n")[0]}\` to replace, found ${found}`);
    lean = lean.replace(text, replacement);
  }
  for (const [start, end] of WARNINGS) {
    const from = lean.indexOf(start);
    const to = lean.indexOf(end, from);
    if (
      from < 0 ||
      lean.indexOf(start, from + 1) >= 0 ||
      to < 0 ||
      !/console\.(warn|error)\(/.test(lean.slice(from, to))
    )
      throw new Error(`${path}: expected one warning at \`${start.trim()}\` to leave out`);
    lean = lean.slice(0, from) + lean.slice(to + end.length);
  }
  for (const member of UNUSED_MEMBERS) {
    const body = new RegExp(`\\n  ${escapeRegExp(member)}\\n[\\s\\S]*?\\n  \\}\\n`, "g");
    const found = lean.match(body)?.length ?? 0;
    if (found !== 1) throw new Error(`${path}: expected one \`${member}\` member to leave out, found ${found}`);
    lean = lean.replace(body, "\n");
  }
  return lean;
}

/** @type {import("esbuild").Plugin} */
export const leanPartysocketPlugin = {
  name: "lean-partysocket",
  setup(build) {
    build.onLoad({ filter: PARTYSOCKET_WS }, ({ path }) => ({
      contents: leanPartysocket(readFileSync(path, "utf8"), path),
      loader: "js",
    }));
  },
};
