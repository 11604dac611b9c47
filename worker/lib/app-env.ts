/** The Hono environment every route group shares: the Worker's bindings (generated `Env`). */
export type AppEnv = { Bindings: Env };
