/** Vitest config of the index object benchmark (`bench/index-do.ts`): the measurement runs inside workerd, alone. */
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
    include: ["test/integration/bench/*.measure.ts"],
    globalSetup: ["./bench/index-do-setup.ts"],
    testTimeout: 900_000, // filling 50,000 chunks embeds each one offline
  },
});
