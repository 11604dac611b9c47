import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: [
    "./worker/db/schema.ts",
    "./worker/db/people-schema.ts",
    "./worker/db/crm-schema.ts",
    "./worker/db/access-schema.ts",
    "./worker/db/audit-schema.ts",
    "./worker/db/analytics-schema.ts",
    "./worker/db/channel-schema.ts",
    "./worker/db/action-schema.ts",
    "./worker/db/lead-schema.ts",
  ],
  out: "./migrations",
});
