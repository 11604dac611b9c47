/**
 * The drizzle client over the D1 binding. One client per binding, kept for the isolate's life:
 * building one walks the whole schema (drizzle's relational config), and a turn asks for the
 * client a dozen times. A binding object that differs (a test's, another request's) gets its own.
 */
import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

const create = (db: D1Database) => drizzle(db, { schema });

export type Db = ReturnType<typeof create>;

const clients = new WeakMap<D1Database, Db>();

export function database(env: Pick<Env, "DB">): Db {
  let client = clients.get(env.DB);
  if (!client) {
    client = create(env.DB);
    clients.set(env.DB, client);
  }
  return client;
}
