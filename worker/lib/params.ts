/** Path parameters shared by the admin routes: slug ids, declared once here, and the agent lookup. */
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "./app-env";
import { database } from "../db/client";
import { agentExists } from "../db/agents";
import { ApiError, notFound } from "./errors";
import { pathParam, readPathParam } from "./route-spec";

/** Admin-chosen agent ids: lowercase slugs, short enough to sit in URLs and script tags. */
export const AGENT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Article ids: the same alphabet, longer because they often mirror a page's path or file name. */
export const ARTICLE_ID = /^[a-z0-9][a-z0-9-]{0,127}$/;

/** A slug parameter: a malformed one is a 400 naming the field (it can never exist, and the caller chose it). */
const slug = (field: string, pattern: RegExp, description: string) =>
  pathParam(
    z.string().regex(pattern).describe(description),
    () =>
      new ApiError(400, "invalid_id", `The ${field} is not a valid id`, {
        [field]: `Must match ${pattern.source} (lowercase letters, digits and hyphens)`,
      }),
  );

/** `:id` of the agent routes. */
export const agentIdPath = slug("agentId", AGENT_ID, "The agent's id: a lowercase slug the admin chose");
/** `:aid` of the article routes. */
export const articleIdPath = slug("articleId", ARTICLE_ID, "The article's id: a lowercase slug the admin chose");

/** The `:id` path parameter as a valid agent id (400 otherwise). */
export const agentIdParam = (c: Context<AppEnv>) => readPathParam(c, "id", agentIdPath);

/** The `:aid` path parameter as a valid article id (400 otherwise). */
export const articleIdParam = (c: Context<AppEnv>) => readPathParam(c, "aid", articleIdPath);

/** A path parameter the route looks up as it is: any string; one that names nothing is the route's own 404. */
export const anyIdPath = (description: string) => pathParam(z.string().describe(description), () => notFound("Item"));

/** The `:id` agent, which must exist (404 otherwise); for routes on an agent's sub-resources. */
export async function existingAgentId(c: Context<AppEnv>): Promise<string> {
  const id = agentIdParam(c);
  if (!(await agentExists(database(c.env), id))) throw notFound("Agent");
  return id;
}
