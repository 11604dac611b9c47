/** D1 table of the agents' actions: the credential each action authenticates with, sealed. */
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * One action's credential (bearer token, password, API key), sealed for its row with SECRETS_KEY
 * (lib/secret-box.ts). Not versioned with the action's definition: a credential is a live secret,
 * set or removed through the actions API and never returned by it.
 */
export const actionCredentials = sqliteTable(
  "action_credentials",
  {
    agentId: text("agent_id").notNull(),
    actionId: text("action_id").notNull(),
    sealed: text("sealed").notNull(),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.actionId] })],
);
