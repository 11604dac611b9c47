/**
 * A D1 binding that holds one write back, as a slow database would: the first update of a
 * conversation's row that records a given last message waits until the test lets it go through or
 * fails it. Every other statement, a later write of the same row included, passes straight through.
 */

export type HeldRowWrite = {
  db: D1Database;
  /**
   * Whether the held write has been asked for. A flag, not a promise: the object resolving a test's
   * promise would resume the test in the object's context, where the test's own sockets are out of reach.
   */
  reached(): boolean;
  /** Lets the held write go to the database. */
  release(): void;
  /** Makes the held write fail, as an outage would. */
  fail(): void;
};

/** Called inside the object as the held write is asked for, before it waits: what the test wants to see at that moment. */
export type OnReached = () => void;

const CONVERSATION_UPDATE = /^\s*UPDATE\s+"?conversations"?\s/i;

export function holdRowWrite(db: D1Database, lastMessage: string, onReached: OnReached = () => {}): HeldRowWrite {
  let armed = true;
  let reached = false;
  let decide: (go: boolean) => void = () => {};
  const decided = new Promise<boolean>((resolve) => {
    decide = resolve;
  });
  const held = (statement: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, key) {
        if (key === "run")
          return async () => {
            reached = true;
            onReached();
            if (!(await decided)) throw new Error("held D1 write failed");
            return target.run();
          };
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  const watched = (statement: D1PreparedStatement, query: string): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, key) {
        if (key === "bind")
          return (...values: unknown[]) => {
            const bound = target.bind(...values);
            if (!armed || !CONVERSATION_UPDATE.test(query) || !values.includes(lastMessage)) return bound;
            armed = false;
            return held(bound);
          };
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  const proxy = new Proxy(db, {
    get(target, key) {
      if (key === "prepare") return (query: string) => watched(target.prepare(query), query);
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: proxy, reached: () => reached, release: () => decide(true), fail: () => decide(false) };
}
