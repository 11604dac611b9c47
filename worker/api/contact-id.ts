/** The `:id` path parameter of contact routes: ids the store hands out (`ct_` + 22 characters); anything else is not found. */
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { notFound } from "../lib/errors";
import { pathParam, readPathParam } from "../lib/route-spec";

const CONTACT_ID = /^ct_[A-Za-z0-9_-]{22}$/;

export const contactIdPath = pathParam(z.string().regex(CONTACT_ID).describe("The contact's id"), () =>
  notFound("Contact"),
);

export const contactIdParam = (c: Context<AppEnv>): string => readPathParam(c, "id", contactIdPath);
