/** The admin API (bearer ADMIN_TOKEN): one file per resource, mounted here. */
import { Hono } from "hono";
import type { AppEnv } from "../app";

export const adminApi = new Hono<AppEnv>();
