/**
 * What the audit log may keep of a state: every value under a key that names a secret (secret,
 * token, password, hash, key, invitation link, credential) becomes "[redacted]", and long text is cut, so an
 * article's body or an uploaded file's text does not fill the log.
 */
export const REDACTED = "[redacted]";
const SECRET_KEY = /secret|token|password|hash|^key$|invitation|^credentials?$/i;
const MAX_TEXT = 2_000; // characters of one text value kept; the rest is counted
const MAX_DEPTH = 12; // admin states are shallow; deeper values are summarised

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string")
    return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}… (${value.length} characters)` : value;
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[…]";
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      SECRET_KEY.test(key) && item !== null ? REDACTED : redact(item, depth + 1),
    ]),
  );
}

/** The names of the properties whose values differ between two property maps (values are never kept). */
export function changedNames(before: unknown, after: unknown): string[] {
  const a = isRecord(before) ? before : {};
  const b = isRecord(after) ? after : {};
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((name) => JSON.stringify(a[name]) !== JSON.stringify(b[name]))
    .sort();
}

/** Only the numbers of a state (an import's counts), nothing that could be personal data. */
export function countsOf(value: unknown): Record<string, number> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([, item]) => typeof item === "number")) as Record<
    string,
    number
  >;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);
