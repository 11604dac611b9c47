/** Path parameters shared by the admin routes: slug ids, checked once here, and the agent lookup. */
import type { Context } from "hono";
import type { AppEnv } from "./app-env";
import { database } from "../db/client";
import { agentExists } from "../db/agents";
import { ApiError, notFound } from "./errors";

/** Admin-chosen agent ids: lowercase slugs, short enough to sit in URLs and script tags. */
export const AGENT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Article ids: the same alphabet, longer because they often mirror a page's path or file name. */
export const ARTICLE_ID = /^[a-z0-9][a-z0-9-]{0,127}$/;

function slug(c: Context<AppEnv>, name: string, field: string, pattern: RegExp): string {
  const value = c.req.param(name) ?? "";
  if (!pattern.test(value)) {
    throw new ApiError(400, "invalid_id", `The ${field} is not a valid id`, {
      [field]: `Must match ${pattern.source} (lowercase letters, digits and hyphens)`,
    });
  }
  return value;
}

/** The `:id` path parameter as a valid agent id (400 otherwise). */
export const agentIdParam = (c: Context<AppEnv>) => slug(c, "id", "agentId", AGENT_ID);

/** The `:aid` path parameter as a valid article id (400 otherwise). */
export const articleIdParam = (c: Context<AppEnv>) => slug(c, "aid", "articleId", ARTICLE_ID);

/** The `:id` agent, which must exist (404 otherwise); for routes on an agent's sub-resources. */
export async function existingAgentId(c: Context<AppEnv>): Promise<string> {
  const id = agentIdParam(c);
  if (!(await agentExists(database(c.env), id))) throw notFound("Agent");
  return id;
}
