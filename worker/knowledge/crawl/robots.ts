/** robots.txt: the rules for our user agent (or for "*"), and the sitemaps it names. */

export const USER_AGENT_TOKEN = "frontdeskbot";
export type Robots = { allow: string[]; disallow: string[]; sitemaps: string[] };

const KEY = /^[a-z-]+$/i;
const LINE_BREAK = /[\r\u2028\u2029]/; // a value holding one is not a field (as when "." refused to match it)

/**
 * One `key: value` line, comment removed, key lower-cased, value trimmed; null when the line is
 * not a field. Cut at the colon by hand: the regular expression it replaces
 * (`/^([a-z-]+)\s*:\s*(.*)$/i`) took time quadratic in a run of spaces before a line separator.
 */
function parseLine(raw: string): { key: string; value: string } | null {
  const line = raw.replace(/#.*/, "").trim();
  const colon = line.indexOf(":");
  if (colon < 0) return null;
  const key = line.slice(0, colon).trimEnd();
  const value = line.slice(colon + 1).trimStart();
  if (!KEY.test(key) || LINE_BREAK.test(value)) return null;
  return { key: key.toLowerCase(), value: value.trim() };
}

export function parseRobots(text: string): Robots {
  const groups: { agents: string[]; allow: string[]; disallow: string[] }[] = [];
  const sitemaps: string[] = [];
  let group: (typeof groups)[number] | null = null;
  let lastWasAgent = false;
  for (const raw of text.split(/\r?\n/)) {
    const field = parseLine(raw);
    if (!field) continue;
    const { key, value } = field;
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

/**
 * Whether `rule` matches `path` from its start: `*` matches any run of characters, a final `$`
 * anchors the end, everything else is literal. The literal pieces between wildcards are found
 * greedily, leftmost first (enough when `*` is the only wildcard), so the time grows linearly with
 * the path for a given rule (at most path × rule length), where the backtracking regular
 * expression this replaces took path^k steps for a rule with k wildcards ("/a*a*a*a*b").
 */
function ruleMatches(rule: string, path: string): boolean {
  const anchored = rule.endsWith("$");
  const pieces = (anchored ? rule.slice(0, -1) : rule).split("*");
  const first = pieces[0] ?? "";
  if (!path.startsWith(first)) return false;
  if (pieces.length === 1) return !anchored || path.length === first.length;
  // Anchored: the last piece must end the path, and the pieces between must fit before it.
  const last = anchored ? (pieces.pop() ?? "") : "";
  const end = path.length - last.length;
  if (anchored && (end < first.length || !path.endsWith(last))) return false;
  let from = first.length;
  for (let i = 1; i < pieces.length; i++) {
    const piece = pieces[i] ?? "";
    const at = path.indexOf(piece, from);
    if (at < 0 || at + piece.length > end) return false;
    from = at + piece.length;
  }
  return true;
}

/**
 * Whether `path` (pathname plus query string, as rules may match "?") may be fetched: the longest
 * matching rule wins; Allow wins a tie (as Google and RFC 9309 do).
 */
export function isAllowed(robots: Robots, path: string): boolean {
  const longest = (rules: string[]) => {
    let length = -1;
    for (const rule of rules) if (rule.length > length && ruleMatches(rule, path)) length = rule.length;
    return length;
  };
  return longest(robots.allow) >= longest(robots.disallow);
}
