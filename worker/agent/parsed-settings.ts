/**
 * Parts of a published agent's settings parsed once instead of on every turn. The isolate keeps a
 * published agent deep-frozen (worker/db/published-agent.ts), so a frozen settings object stands for
 * one version, and what is parsed from it is kept beside it (a WeakMap: gone with the agent).
 * Settings that are not frozen (a draft being previewed, a test's object) are parsed each time.
 * What is returned is shared by every turn of that version: callers read it, never change it.
 */
import type { Agent } from "../db/agents";

const parsed = new WeakMap<object, Map<string, unknown>>();

/** `parse()` of `settings`' part named `part`, once per frozen settings object. */
export function parsedOnce<T>(settings: Agent["settings"] | undefined, part: string, parse: () => T): T {
  if (!settings || !Object.isFrozen(settings)) return parse();
  let parts = parsed.get(settings);
  if (!parts) {
    parts = new Map();
    parsed.set(settings, parts);
  }
  if (!parts.has(part)) parts.set(part, parse());
  return parts.get(part) as T;
}
