/**
 * Tests that run in plain Node, outside workerd: the widget's own unit tests (beside its code,
 * type-checked by widget/tsconfig.json), the widget build and its budgets, and the browser e2e test.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The panel's .tsx modules use Preact's automatic JSX runtime, as in the esbuild bundle.
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  test: {
    include: ["test/node/**/*.test.ts", "widget/**/*.test.ts", "inbox/**/*.test.ts"],
    environment: "node",
    // Browser and server tests wait for conditions, never for fixed times. These are guards against
    // hangs, set well above a loaded 2-core machine's slowest step (a test's own limit, where it sets
    // one, still applies): a poll gives up after 30 s, a test after 2 minutes.
    testTimeout: 120_000,
    expect: { poll: { timeout: 30_000 } },
  },
});
