/**
 * Unit tests (beside their modules in worker/ and durable-objects/) and integration tests (test/integration), run
 * inside workerd with the real bindings (D1, Durable Objects).
 */
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { localVars } from "./scripts/lib/env-file.mjs";
import { startWebhookReceiver } from "./test/node/webhook-receiver";

const migrations = await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url)));
// Started here rather than in a global setup: the Worker's bindings must name its port.
const webhookReceiver = await startWebhookReceiver();

export default defineConfig({
  plugins: [
    cloudflareTest({
      main: "./worker/index.ts",
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        // Every variable of .dev.vars.example (each required secret fresh), with the tests' own settings.
        bindings: {
          ...localVars(),
          // Only the webhook receiver, so Durable Objects' own webhooks can be received; fetch-guard
          // tests allow their loopback sites per call, and every other loopback port stays refused.
          ALLOW_LOOPBACK_FETCH: new URL(webhookReceiver.url).host,
          WEBHOOK_RECEIVER_URL: webhookReceiver.url,
          // Mail goes to the receiver as a fake Resend; it refuses addresses starting with "bounce".
          EMAIL_PROVIDER: "resend",
          EMAIL_API_KEY: "test-email-key",
          EMAIL_API_URL: `${webhookReceiver.url}/email`,
          TEST_MIGRATIONS: migrations,
        },
      },
    }),
  ],
  test: {
    include: ["worker/**/*.test.ts", "durable-objects/**/*.test.ts", "test/integration/**/*.test.ts"],
    setupFiles: ["./test/integration/setup.ts"],
    // Tests wait for conditions; this only stops a hung one (the default 5 s failed busy machines).
    testTimeout: 30_000,
    // Starts the loopback OpenAI-compatible server (in Node) and provides its URL to tests.
    globalSetup: [
      "./test/node/openai-loopback-global-setup.ts",
      "./test/node/loopback-site-global-setup.ts",
      "./test/node/generated-site-global-setup.ts",
      "./test/node/action-api-global-setup.ts",
    ],
  },
});
