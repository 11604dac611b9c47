/** Visitor-facing routes of the chat widget: widget config, conversations, the socket. */
import { Hono } from "hono";
import type { AppEnv } from "../app";

export const chatRoutes = new Hono<AppEnv>();
