// A small, strict TOML reader for the deploy script: the subset wrangler configurations use — tables, arrays of tables
// (dotted names too), bare/quoted/dotted keys, basic and literal strings, integers, floats, booleans, arrays (over
// several lines) and inline tables, with comments anywhere. Anything else (multi-line strings, dates) is refused with
// the line it is on rather than read wrong. No TOML library is installed at the top level (wrangler bundles its own),
// and importing wrangler's bundle to parse one file takes seconds; test/node/deploy-config.test.ts holds this reader
// to wrangler's own on the committed wrangler.toml.

/** A TOML text the reader does not accept; the message names the line. */
export class TomlError extends Error {
  name = "TomlError";
}

const BARE_KEY = /^[A-Za-z0-9_-]+/;
const NUMBER = /^[+-]?(?:\d[\d_]*)(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?/;
const ESCAPES = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", '"': '"', "\\": "\\" };

/**
 * Parses a TOML document into plain objects and arrays.
 * @param {string} text
 * @returns {Record<string, unknown>}
 */
export function parseToml(text) {
  let pos = 0;
  let line = 1;
  const fail = (/** @type {string} */ message) => {
    throw new TomlError(`TOML line ${line}: ${message}`);
  };
  const peek = () => text[pos];
  const skipSpaces = () => {
    while (peek() === " " || peek() === "\t") pos++;
  };
  const skipComment = () => {
    if (peek() === "#") while (pos < text.length && peek() !== "\n") pos++;
  };
  /** Spaces, newlines and comments (inside arrays and between statements). */
  const skipBlank = () => {
    for (;;) {
      skipSpaces();
      skipComment();
      if (peek() === "\r" && text[pos + 1] === "\n") pos++;
      if (peek() !== "\n") return;
      pos++;
      line++;
    }
  };
  const endOfStatement = () => {
    skipSpaces();
    skipComment();
    if (peek() === "\r") pos++;
    if (pos < text.length && peek() !== "\n") fail(`unexpected ${JSON.stringify(peek())}`);
  };

  const readString = () => {
    const quote = peek();
    if (text.startsWith(quote.repeat(3), pos)) fail("multi-line strings are not supported here");
    pos++;
    let value = "";
    while (peek() !== quote) {
      const char = peek();
      if (char === undefined || char === "\n") fail("unterminated string");
      if (quote === '"' && char === "\\") {
        const next = text[pos + 1] ?? "";
        if (next === "u" || next === "U") {
          const size = next === "u" ? 4 : 8;
          const hex = text.slice(pos + 2, pos + 2 + size);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== size) fail("bad unicode escape");
          value += String.fromCodePoint(Number.parseInt(hex, 16));
          pos += 2 + size;
          continue;
        }
        const escaped = ESCAPES[/** @type {keyof typeof ESCAPES} */ (next)];
        if (escaped === undefined) fail(`bad escape \\${next}`);
        value += escaped;
        pos += 2;
        continue;
      }
      value += char;
      pos++;
    }
    pos++;
    return value;
  };

  const readKeyPart = () => {
    skipSpaces();
    if (peek() === '"' || peek() === "'") return readString();
    const match = BARE_KEY.exec(text.slice(pos));
    if (!match) fail("expected a key");
    pos += match[0].length;
    return match[0];
  };
  const readKey = () => {
    const parts = [readKeyPart()];
    for (skipSpaces(); peek() === "."; skipSpaces()) {
      pos++;
      parts.push(readKeyPart());
    }
    return parts;
  };

  /** @returns {unknown} */
  const readValue = () => {
    skipSpaces();
    const char = peek();
    if (char === '"' || char === "'") return readString();
    if (char === "[") {
      pos++;
      const items = [];
      for (skipBlank(); peek() !== "]"; skipBlank()) {
        items.push(readValue());
        skipBlank();
        if (peek() === ",") pos++;
        else if (peek() !== "]") fail("expected , or ] in an array");
      }
      pos++;
      return items;
    }
    if (char === "{") {
      pos++;
      /** @type {Record<string, unknown>} */
      const table = {};
      for (skipSpaces(); peek() !== "}"; skipSpaces()) {
        const key = readKey();
        skipSpaces();
        if (peek() !== "=") fail("expected = in an inline table");
        pos++;
        assign(table, key, readValue());
        skipSpaces();
        if (peek() === ",") pos++;
        else if (peek() !== "}") fail("expected , or } in an inline table");
      }
      pos++;
      return table;
    }
    for (const [word, value] of /** @type {const} */ ([
      ["true", true],
      ["false", false],
    ]))
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    const number = NUMBER.exec(text.slice(pos));
    if (number && !/^[\d:-]/.test(text[pos + number[0].length] ?? "")) {
      pos += number[0].length;
      return Number(number[0].replaceAll("_", ""));
    }
    return fail("unsupported value (dates, inf/nan and hex numbers are not read here)");
  };

  /** @type {Record<string, unknown>} */
  const root = {};
  /** The table named by a header path, created on the way (the last element of an array of tables). */
  const tableAt = (/** @type {string[]} */ path) => {
    /** @type {Record<string, unknown>} */
    let table = root;
    for (const part of path) {
      let next = table[part];
      if (next === undefined) next = table[part] = {};
      if (Array.isArray(next)) next = next[next.length - 1];
      if (typeof next !== "object" || next === null) fail(`${path.join(".")} is not a table`);
      table = /** @type {Record<string, unknown>} */ (next);
    }
    return table;
  };
  const assign = (
    /** @type {Record<string, unknown>} */ table,
    /** @type {string[]} */ key,
    /** @type {unknown} */ value,
  ) => {
    const parent = tableIn(table, key.slice(0, -1));
    const last = /** @type {string} */ (key[key.length - 1]);
    if (Object.hasOwn(parent, last)) fail(`${key.join(".")} is defined twice`);
    parent[last] = value;
  };
  const tableIn = (/** @type {Record<string, unknown>} */ table, /** @type {string[]} */ path) => {
    let current = table;
    for (const part of path) {
      current[part] ??= {};
      const next = current[part];
      if (typeof next !== "object" || next === null || Array.isArray(next)) fail(`${part} is not a table`);
      current = /** @type {Record<string, unknown>} */ (next);
    }
    return current;
  };

  let current = root;
  for (skipBlank(); pos < text.length; skipBlank()) {
    if (peek() === "[") {
      const isArray = text[pos + 1] === "[";
      pos += isArray ? 2 : 1;
      const path = readKey();
      skipSpaces();
      if (!text.startsWith(isArray ? "]]" : "]", pos)) fail("expected ] after a table name");
      pos += isArray ? 2 : 1;
      if (isArray) {
        const parent = tableAt(path.slice(0, -1));
        const name = /** @type {string} */ (path[path.length - 1]);
        parent[name] ??= [];
        const list = parent[name];
        if (!Array.isArray(list)) fail(`${path.join(".")} is not an array of tables`);
        current = {};
        /** @type {unknown[]} */ (list).push(current);
      } else current = tableAt(path);
    } else {
      const key = readKey();
      skipSpaces();
      if (peek() !== "=") fail("expected =");
      pos++;
      assign(current, key, readValue());
    }
    endOfStatement();
  }
  return root;
}
