/** Custom channels' inbound endpoint (being built). */
import { Hono } from "hono";
import type { AppEnv } from "../../lib/app-env";

export const customRoutes = new Hono<AppEnv>();
