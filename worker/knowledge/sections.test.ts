/** Heading lines in splitSections: the same reading as the regular expression they replaced, in linear time (issue 13). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitSections } from "./sections";

/** The heading regular expression sections.ts used before, as a reference on short lines. */
const REFERENCE_HEADING = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;
const RUNS = 3_000; // lines of up to 12 characters from 6: enough to cover levels, closing hashes and blank texts
const ADVERSARIAL_TIMEOUT_MS = 2_000; // the linear reading takes milliseconds; the regular expression took over 30 s

describe("splitSections headings", () => {
  it("reads heading lines exactly as the old regular expression did", () => {
    const line = fc.string({ unit: fc.constantFrom("#", " ", "\t", "a", "b", "\u2028"), maxLength: 12 });
    fc.assert(
      fc.property(line, (l) => {
        const heading = REFERENCE_HEADING.exec(l);
        const level = heading?.[1]?.length ?? 0;
        const text = (heading?.[2] ?? "").trim();
        const expected = heading
          ? [{ headingPath: level === 1 ? ["Title", text] : ["Title", "Top", text], text: "Body." }]
          : [{ headingPath: ["Title", "Top"], text: `${l}\nBody.`.trim() }];
        expect(splitSections("Title", `# Top\n${l}\nBody.`)).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it(
    "reads a heading of many closing-looking hashes without backtracking",
    () => {
      const title = `a${" #".repeat(150_000)} b`;
      const [section] = splitSections("Page", `## ${title}\n\nBody.`);
      expect(section?.headingPath).toEqual(["Page", title]);
    },
    ADVERSARIAL_TIMEOUT_MS,
  );
});
