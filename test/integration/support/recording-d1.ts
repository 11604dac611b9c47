/**
 * A D1 binding that reports each round trip it makes — one statement run, or one batch — with the
 * SQL of its statements, so a test can count what the code under test reads and writes
 * (`{ ...env, DB: recordingD1(env.DB, (queries) => …) }`). Everything else passes through.
 */

/** `db`, calling `onTrip` with the SQL of each statement run (one) or batch (several) before it goes. */
export function recordingD1(db: D1Database, onTrip: (queries: string[]) => void): D1Database {
  const real = new WeakMap<object, D1PreparedStatement>();
  const sqlOf = new WeakMap<object, string>();
  const wrap = (statement: D1PreparedStatement, query: string): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, key) {
        if (key === "bind") return (...values: unknown[]) => wrap(target.bind(...values), query);
        if (key === "run" || key === "all" || key === "first" || key === "raw") onTrip([query]);
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    real.set(proxy, statement);
    sqlOf.set(proxy, query);
    return proxy;
  };
  return new Proxy(db, {
    get(target, key) {
      if (key === "prepare") return (query: string) => wrap(target.prepare(query), query);
      if (key === "batch")
        return (statements: D1PreparedStatement[]) => {
          onTrip(statements.map((s) => sqlOf.get(s) ?? ""));
          return target.batch(statements.map((s) => real.get(s) ?? s));
        };
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
