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
  const mine = groups.find((g) => g.agents.some((a) => a.includes(USER_AGENT_TOKEN))) ?? groups.find((g) => g.agents.includes("*"));
  return { allow: mine?.allow ?? [], disallow: mine?.disallow ?? [], sitemaps };
}

/** The longest matching rule wins; allow wins a tie (as Google and RFC 9309 do). */
export function isAllowed(robots: Robots, path: string): boolean {
  const longest = (rules: string[]) => Math.max(-1, ...rules.filter((rule) => path.startsWith(rule.replace(/\*.*$/, ""))).map((rule) => rule.length));
  return longest(robots.allow) >= longest(robots.disallow);
}

/** The <loc> URLs of a sitemap (or sitemap index). */
export function sitemapLocations(xml: string): string[] {
  return [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/gi)].map((m) => (m[1] ?? "").replace(/&amp;/g, "&"));
}
