// Builds the admin console into dist/public/console (served at /console/).
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildPageApp } from "./build-page-app.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const CONSOLE_OUT_DIR = join(ROOT, "dist/public/console");
/** DECISIONS.md: the console's first load is at most 60 KB brotli (script, styles and page together). */
export const CONSOLE_BUDGET = 61_440;

/** @param {{ outDir?: string, log?: boolean }} [options] */
export async function buildConsole({ outDir = CONSOLE_OUT_DIR, log = true } = {}) {
  const built = await buildPageApp({ name: "console", outDir, budget: CONSOLE_BUDGET, log });
  if (built.firstLoad > CONSOLE_BUDGET)
    throw new Error(`console first load over budget: ${built.firstLoad} B brotli > ${CONSOLE_BUDGET} B`);
  return built;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildConsole().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
