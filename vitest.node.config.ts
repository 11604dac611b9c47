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
  },
});
