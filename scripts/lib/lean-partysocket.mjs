// An esbuild plugin that gives the widget panel partysocket's reconnecting socket (`partysocket/ws`)
// without what the panel can never reach: its debug logging (the panel never sets `debug`) and the
// public members socket.ts never calls (the socket stays inside socket.ts, which exposes only its own
// send and close). What runs — connect, back-off, ticket URL per attempt, open/message/close events,
// send, close — is partysocket's code unchanged. Every cut must match exactly once, so an upgrade
// that reshapes the file fails the build here instead of shipping a half-trimmed socket.
import { readFileSync } from "node:fs";

const PARTYSOCKET_WS = /node_modules[\\/]partysocket[\\/]dist[\\/]ws\.js$/;

/** `this._debug(...)` only logs with the `debug` option: `0&&` makes the minifier drop each call and its strings. */
const DEBUG_CALL = "this._debug(";

/** Class members socket.ts never uses, as they start in the published file (each ends at the next `\n  }\n`). */
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
];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * partysocket/ws's source with the cuts above made.
 * @param {string} source
 * @param {string} path for error messages
 * @returns {string}
 */
export function leanPartysocket(source, path) {
  if (!source.includes(DEBUG_CALL)) throw new Error(`${path}: no ${DEBUG_CALL} calls to compile out`);
  let lean = source.replaceAll(DEBUG_CALL, `0&&${DEBUG_CALL}`);
  for (const member of UNUSED_MEMBERS) {
    const body = new RegExp(`\\n  ${escape(member)}\\n[\\s\\S]*?\\n  \\}\\n`, "g");
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
