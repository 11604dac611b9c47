/**
 * Reads one value out of an action's JSON response by the path syntax of definition.ts (`$`,
 * `.key`, `[n]`): no eval, no library, and only own properties — `__proto__`, `constructor` and
 * `prototype` are never followed, so a path can reach nothing the server did not send.
 */

const STEP = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d{1,4})\]/y;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

type Step = { key: string } | { index: number };

/** The steps of a path like `$.items[0].name`, or null when it is not one. */
export function parsePath(path: string): Step[] | null {
  if (!path.startsWith("$")) return null;
  const steps: Step[] = [];
  STEP.lastIndex = 1;
  while (STEP.lastIndex < path.length) {
    const at = STEP.lastIndex;
    const match = STEP.exec(path);
    if (!match || match.index !== at) return null;
    if (match[1] !== undefined) steps.push({ key: match[1] });
    else steps.push({ index: Number(match[2]) });
  }
  return steps;
}

/** The value at `path` in `value`, or undefined when any step is absent (or the path is not valid). */
export function selectPath(value: unknown, path: string): unknown {
  const steps = parsePath(path);
  if (!steps) return undefined;
  let current = value;
  for (const step of steps) {
    if ("index" in step) {
      if (!Array.isArray(current) || step.index >= current.length) return undefined;
      current = current[step.index];
    } else {
      if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
      if (FORBIDDEN_KEYS.has(step.key) || !Object.hasOwn(current, step.key)) return undefined;
      current = (current as Record<string, unknown>)[step.key];
    }
  }
  return current;
}
