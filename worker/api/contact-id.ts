/** The `:id` path parameter of contact routes: ids the store hands out (`ct_` + 22 characters); anything else is not found. */
import type { Context } from "hono";
import type { AppEnv } from "../lib/app-env";
import { notFound } from "../lib/errors";

const CONTACT_ID = /^ct_[A-Za-z0-9_-]{22}$/;

export function contactIdParam(c: Context<AppEnv>): string {
  const id = c.req.param("id") ?? "";
  if (!CONTACT_ID.test(id)) throw notFound("Contact");
  return id;
}
