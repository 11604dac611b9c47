/**
 * The ASCII shortcuts of the turn path's text readers (`isAscii`) give what their Unicode patterns give:
 * every ASCII character, inside and between words, in upper and lower case, read both ways.
 */
import { describe, expect, it } from "vitest";
import { squash } from "../agent/leak-check";
import { soundsFrustrated } from "../handoff/frustration";
import { asksForPerson } from "../handoff/person-request";
import { isAscii, stem, words } from "./text";

const ASCII = Array.from({ length: 0x80 }, (_, code) => String.fromCharCode(code));
/** Each ASCII character in words, shouting and a request for a person, alone and next to a non-ASCII one. */
const TEXTS = ASCII.flatMap((c) => [
  `Don't${c}WHY IS${c}THIS broken${c}${c}42x${c}talk to${c}a human`,
  `${c}PLEASE${c}HELP NOW${c}`,
  `${c}i${c}need${c}someone${c}`,
]);

const unicodeWords = (text: string): string[] =>
  text
    .normalize("NFC")
    .toLowerCase()
    .replace(/['’]/g, "")
    .match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
const unicodeSquash = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

describe("ASCII shortcuts of the text readers", () => {
  it("tells ASCII text from text with any other character", () => {
    expect(isAscii(ASCII.join(""))).toBe(true);
    expect(isAscii("naïve")).toBe(false);
    expect(isAscii("emoji 😀")).toBe(false);
  });

  it("splits and squashes ASCII text as the Unicode patterns do", () => {
    for (const text of TEXTS) {
      expect(words(text), text).toEqual(unicodeWords(text));
      expect(squash(text), text).toBe(unicodeSquash(text));
    }
  });

  it("hears shouting and requests for a person the same with or without a non-ASCII character", () => {
    for (const text of TEXTS) {
      // "é" after the text changes none of its words, so the Unicode path must agree with the ASCII one.
      expect(soundsFrustrated(text), text).toBe(soundsFrustrated(`${text} é`));
      expect(asksForPerson(text), text).toBe(asksForPerson(`${text} é`));
    }
  });

  it("keeps words starting with a digit of any script unstemmed", () => {
    expect(stem("1234abcd")).toBe("1234abcd");
    expect(stem("٣٤٥abcd")).toBe("٣٤٥abcd");
    expect(stem("running")).toBe("run");
  });
});
