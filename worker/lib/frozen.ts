/**
 * Values an isolate shares read-only between requests (a published agent, the settings parsed from
 * it): frozen all the way down, so no caller can change what the next one sees; and a parse of such
 * a frozen object, done once for as long as the object lives.
 */

/** Freezes `value` and everything it holds; returns it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * `parse`, kept per frozen source object (its result deep-frozen, since every later caller shares it);
 * a source that can still change, or is not an object, is parsed on every call.
 */
export function parsedOnce<T>(parse: (source: unknown) => T): (source: unknown) => T {
  const kept = new WeakMap<object, T>();
  return (source) => {
    const frozen = typeof source === "object" && source !== null && Object.isFrozen(source);
    const known = frozen ? kept.get(source) : undefined;
    if (known !== undefined) return known;
    const result = parse(source);
    if (frozen) kept.set(source, deepFreeze(result));
    return result;
  };
}
