/** Vitest config of the ceilings benchmark (`bench/ceilings.ts`): the measurement runs inside workerd, alone. */
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [
    cloudflareTest({
      main: "./worker/index.ts",
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: { bindings: { ADMIN_TOKEN: "bench-admin-token", TOKEN_SECRET: "bench", OPENAI_API_KEY: "" } },
    }),
  ],
  test: {
    include: ["test/integration/bench/*.ceiling.ts"],
    globalSetup: ["./bench/index-do-setup.ts"], // the help center's chunks and questions
    testTimeout: 600_000,
  },
});
