import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAllowed, parseRobots } from "./robots";

describe("robots.txt (RFC 9309 details)", () => {
  it("uses the group for our user agent, else the * group, and collects sitemaps anywhere", () => {
    const robots = parseRobots(
      [
        "# comment",
        "User-agent: *",
        "Disallow: /private",
        "",
        "User-agent: FrontdeskBot/1.0",
        "Disallow: /no-bots",
        "Sitemap: https://acme.test/sitemap.xml",
        "User-agent: OtherBot",
        "Disallow: /",
        "sitemap: https://acme.test/more.xml # trailing comment",
      ].join("\r\n"),
    );
    expect(isAllowed(robots, "/private/page")).toBe(true); // our group replaces *, it does not add to it
    expect(isAllowed(robots, "/no-bots/page")).toBe(false);
    expect(isAllowed(robots, "/")).toBe(true);
    expect(robots.sitemaps).toEqual(["https://acme.test/sitemap.xml", "https://acme.test/more.xml"]);
  });

  it("falls back to the * group, and allows everything without rules", () => {
    const robots = parseRobots("User-agent: *\nDisallow: /admin\n");
    expect(isAllowed(robots, "/admin/x")).toBe(false);
    expect(isAllowed(robots, "/help")).toBe(true);
    expect(isAllowed(parseRobots(""), "/anything")).toBe(true);
    expect(isAllowed(parseRobots("User-agent: *\nDisallow:\n"), "/anything")).toBe(true); // an empty Disallow allows all
  });

  it("lets several user-agent lines share one group", () => {
    const robots = parseRobots("User-agent: a\nUser-agent: frontdeskbot\nDisallow: /shared\n");
    expect(isAllowed(robots, "/shared")).toBe(false);
  });

  it("merges every group that names us (RFC 9309)", () => {
    const robots = parseRobots(
      "User-agent: frontdeskbot\nDisallow: /one\n\nUser-agent: *\nDisallow: /all\n\nUser-agent: frontdeskbot\nDisallow: /two\n",
    );
    expect(isAllowed(robots, "/one")).toBe(false);
    expect(isAllowed(robots, "/two")).toBe(false);
    expect(isAllowed(robots, "/all")).toBe(true);
  });

  it("lets the longest matching rule win, and Allow win a tie", () => {
    const robots = parseRobots("User-agent: *\nDisallow: /docs\nAllow: /docs/public\nAllow: /same\nDisallow: /same\n");
    expect(isAllowed(robots, "/docs/secret")).toBe(false);
    expect(isAllowed(robots, "/docs/public/page")).toBe(true);
    expect(isAllowed(robots, "/same")).toBe(true);
  });

  it("understands * wildcards and the $ end anchor in the middle of rules, not only at the end", () => {
    const robots = parseRobots("User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?print=\nDisallow: /shop/*/cart\n");
    expect(isAllowed(robots, "/files/guide.pdf")).toBe(false);
    expect(isAllowed(robots, "/files/guide.pdf.html")).toBe(true); // $ anchors the end
    expect(isAllowed(robots, "/help/page")).toBe(true); // "/*.pdf$" must not block the whole site
    expect(isAllowed(robots, "/help/page?print=1")).toBe(false); // rules see the query string
    expect(isAllowed(robots, "/shop/boots/cart")).toBe(false);
    expect(isAllowed(robots, "/shop/boots")).toBe(true);
  });

  it("treats regular-expression characters in rules literally", () => {
    const robots = parseRobots("User-agent: *\nDisallow: /a+b(c)\n");
    expect(isAllowed(robots, "/a+b(c)/x")).toBe(false);
    expect(isAllowed(robots, "/aab(c)")).toBe(true);
  });
});

describe("robots.txt", () => {
  const robots = parseRobots(
    [
      "# shop",
      "User-agent: Googlebot",
      "Disallow: /",
      "",
      "User-agent: *",
      "Disallow: /admin",
      "Allow: /admin/help",
      "Disallow: /tmp*",
      "Sitemap: https://shop.example/sitemap.xml",
    ].join("\n"),
  );

  it("uses the group for every crawler when none names ours, and collects sitemaps", () => {
    expect(robots.disallow).toEqual(["/admin", "/tmp*"]);
    expect(robots.sitemaps).toEqual(["https://shop.example/sitemap.xml"]);
  });

  it("lets the longest matching rule win, allow on a tie", () => {
    expect(isAllowed(robots, "/help")).toBe(true);
    expect(isAllowed(robots, "/admin/users")).toBe(false);
    expect(isAllowed(robots, "/admin/help/faq")).toBe(true);
    expect(isAllowed(robots, "/tmp/x")).toBe(false);
  });

  it("prefers a group that names FrontdeskBot", () => {
    const mine = parseRobots("User-agent: *\nDisallow: /\n\nUser-agent: FrontdeskBot\nDisallow: /private\n");
    expect(isAllowed(mine, "/docs")).toBe(true);
    expect(isAllowed(mine, "/private/x")).toBe(false);
  });
});

/** The obvious matcher, by dynamic programming over (rule position, path position): slow, plainly right. */
function referenceMatch(rule: string, path: string): boolean {
  const anchored = rule.endsWith("$");
  const body = anchored ? rule.slice(0, -1) : rule;
  // after[j]: does body.slice(i + 1) match from path position j (to the end, when anchored)?
  let after = Array.from({ length: path.length + 1 }, (_, j) => !anchored || j === path.length);
  for (let i = body.length - 1; i >= 0; i--) {
    const here: boolean[] = new Array(path.length + 1).fill(false);
    for (let j = path.length; j >= 0; j--) {
      here[j] =
        body[i] === "*"
          ? Boolean(after[j]) || (j < path.length && Boolean(here[j + 1]))
          : j < path.length && path[j] === body[i] && Boolean(after[j + 1]);
    }
    after = here;
  }
  return Boolean(after[0]);
}

/** The field regular expression robots.ts used before, as a reference on short lines. */
function referenceField(line: string): { key: string; value: string } | null {
  const match = /^([a-z-]+)\s*:\s*(.*)$/i.exec(line.replace(/#.*/, "").trim());
  return match ? { key: (match[1] ?? "").toLowerCase(), value: (match[2] ?? "").trim() } : null;
}

describe("robots.txt matching takes linear time (issue 13)", () => {
  const RUNS = 3_000; // small alphabets and short strings: 3,000 cases cover wildcards, anchors and literals well

  it("matches rules exactly as a plain dynamic-programming matcher does", () => {
    const rule = fc.string({ unit: fc.constantFrom("/", "a", "b", "*", "$", "?", "."), maxLength: 10 });
    const path = fc.string({ unit: fc.constantFrom("/", "a", "b", "$", "?", ".", "*"), maxLength: 16 });
    // One Disallow rule: the path is refused exactly when the rule matches it.
    fc.assert(
      fc.property(
        rule,
        path,
        (r, p) => isAllowed({ allow: [], disallow: [r], sitemaps: [] }, p) === !referenceMatch(r, p),
      ),
      { numRuns: RUNS },
    );
  });

  it("reads every line as the old field regular expression did", () => {
    const piece = fc.constantFrom(
      "Allow",
      "disallow",
      "SITEMAP",
      "x-y",
      "a1",
      ":",
      " ",
      "\t",
      "#",
      "/p",
      "*",
      "\r",
      "\u2028",
    );
    const line = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(""));
    fc.assert(
      fc.property(line, (l) => {
        const field = referenceField(l);
        const rule = (key: string) => (field?.key === key && field.value ? [field.value] : []);
        expect(parseRobots(`User-agent: *\n${l}`)).toEqual({
          allow: rule("allow"),
          disallow: rule("disallow"),
          sitemaps: field?.key === "sitemap" ? [field.value] : [],
        });
      }),
      { numRuns: RUNS },
    );
  });

  // Sizes at which the backtracking versions took well over 30 s (measured before the fix); the
  // linear ones take milliseconds, so the 2,000 ms timeout only trips on a regression.
  const ADVERSARIAL_TIMEOUT_MS = 2_000;

  it(
    "matches a rule of many wildcards against a long path without backtracking",
    () => {
      const robots = parseRobots(`User-agent: *\nDisallow: /${"a*".repeat(4)}b\n`);
      expect(isAllowed(robots, `/${"a".repeat(1_000)}`)).toBe(true);
      expect(isAllowed(robots, `/${"a".repeat(1_000)}b`)).toBe(false);
    },
    ADVERSARIAL_TIMEOUT_MS,
  );

  it(
    "reads a line of many spaces before a line separator without backtracking",
    () => {
      const robots = parseRobots(`User-agent: *\nDisallow:${" ".repeat(250_000)}/x\u2028z\nDisallow: /y\n`);
      expect(robots.disallow).toEqual(["/y"]);
    },
    ADVERSARIAL_TIMEOUT_MS,
  );
});
