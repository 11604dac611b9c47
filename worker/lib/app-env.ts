/** The Hono environment every route group shares: the Worker's bindings (generated `Env`), and who called the admin API. */
import type { AdminActor } from "../db/access-schema";

export type AppEnv = { Bindings: Env; Variables: { actor?: AdminActor } };
