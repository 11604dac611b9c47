/** robots.txt: the rules for our user agent (or for "*"), and the sitemaps it names. */

export const USER_AGENT_TOKEN = "frontdeskbot";
export type Robots = { allow: string[]; disallow: string[]; sitemaps: string[] };

export function parseRobots(text: string): Robots {
  const groups: { agents: string[]; allow: string[]; disallow: string[] }[] = [];
  const sitemaps: string[] = [];
  let group: (typeof groups)[number] | null = null;
  let lastWasAgent = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, "").trim();
    const match = /^([a-z-]+)\s*:\s*(.*)$/i.exec(line);
    if (!match) continue;
    const key = (match[1] ?? "").toLowerCase();
    const value = (match[2] ?? "").trim();
    if (key === "sitemap") {
      sitemaps.push(value);
      continue;
    }
    if (key === "user-agent") {
      if (!group || !lastWasAgent) {
        group = { agents: [], allow: [], disallow: [] };
        groups.push(group);
      }
      group.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!group) continue;
    if (key === "allow" && value) group.allow.push(value);
    if (key === "disallow" && value) group.disallow.push(value);
  }
  // Every group naming us applies (merged); only when none does, every "*" group (RFC 9309 §2.2.1).
  const named = groups.filter((g) => g.agents.some((a) => a.includes(USER_AGENT_TOKEN)));
  const mine = named.length > 0 ? named : groups.filter((g) => g.agents.includes("*"));
  return { allow: mine.flatMap((g) => g.allow), disallow: mine.flatMap((g) => g.disallow), sitemaps };
}

const patterns = new Map<string, RegExp>();

/** A rule as a regular expression anchored at the path's start: `*` matches anything, a final `$` anchors the end. */
function rulePattern(rule: string): RegExp {
  let pattern = patterns.get(rule);
  if (!pattern) {
    const anchored = rule.endsWith("$");
    const body = (anchored ? rule.slice(0, -1) : rule)
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    pattern = new RegExp(`^${body}${anchored ? "$" : ""}`);
    patterns.set(rule, pattern);
  }
  return pattern;
}

/**
 * Whether `path` (pathname plus query string, as rules may match "?") may be fetched: the longest
 * matching rule wins; Allow wins a tie (as Google and RFC 9309 do).
 */
export function isAllowed(robots: Robots, path: string): boolean {
  const longest = (rules: string[]) =>
    Math.max(-1, ...rules.filter((rule) => rulePattern(rule).test(path)).map((rule) => rule.length));
  return longest(robots.allow) >= longest(robots.disallow);
}
