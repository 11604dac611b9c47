/**
 * A D1 binding that enforces what local D1 does not: production D1 refuses a statement binding
 * more than 100 parameters. Tests hand it to the code under test (`{ ...env, DB: limitedD1(env.DB) }`)
 * so that a query binding a long list of ids fails here as it would in production.
 */

export const D1_MAX_BOUND_PARAMETERS = 100; // D1's documented limit per statement

/** Thrown by `bind` when a statement binds more parameters than D1 allows. */
export class TooManyParametersError extends Error {}

/** `db` with every prepared statement's `bind` checked against D1_MAX_BOUND_PARAMETERS. */
export function limitedD1(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, key) {
      if (key === "prepare") return (query: string) => limitedStatement(target.prepare(query), query);
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function limitedStatement(statement: D1PreparedStatement, query: string): D1PreparedStatement {
  return new Proxy(statement, {
    get(target, key) {
      if (key === "bind")
        return (...values: unknown[]) => {
          if (values.length > D1_MAX_BOUND_PARAMETERS)
            throw new TooManyParametersError(
              `D1 binds at most ${D1_MAX_BOUND_PARAMETERS} parameters; this statement binds ${values.length}: ${query.slice(0, 200)}`,
            );
          return target.bind(...values);
        };
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
