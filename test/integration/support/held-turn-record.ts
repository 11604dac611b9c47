/**
 * A D1 binding that holds back the batch a turn ends with (its token use and its facts row), as a
 * database far away would: the first batch that adds token use (an insert into token_usage) waits until the test lets it go
 * through. Every other statement and batch passes straight through.
 */

export type HeldTurnRecord = {
  db: D1Database;
  /** Whether the held batch has been asked for (a flag: see held-row-write.ts for why not a promise). */
  reached(): boolean;
  /** Lets the held batch go to the database. */
  release(): void;
};

const TOKEN_USAGE_ADD = /^\s*INSERT INTO "?token_usage"?/i;

export function holdTurnRecord(db: D1Database): HeldTurnRecord {
  const queries = new WeakMap<D1PreparedStatement, string>();
  let armed = true;
  let reached = false;
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  /** `statement`, remembering its query through `bind`, which makes a new statement. */
  const tracked = (statement: D1PreparedStatement, query: string): D1PreparedStatement => {
    queries.set(statement, query);
    const bind = statement.bind.bind(statement);
    statement.bind = (...values: unknown[]) => tracked(bind(...values), query);
    return statement;
  };
  const proxy = new Proxy(db, {
    get(target, key) {
      if (key === "prepare") return (query: string) => tracked(target.prepare(query), query);
      if (key === "batch")
        return async <T>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> => {
          if (armed && statements.some((s) => TOKEN_USAGE_ADD.test(queries.get(s) ?? ""))) {
            armed = false;
            reached = true;
            await released;
          }
          return target.batch<T>(statements);
        };
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: proxy, reached: () => reached, release: () => release() };
}
