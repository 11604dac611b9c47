// Builds the staff inbox into dist/public/inbox (served at /inbox/).
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildPageApp } from "./build-page-app.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const INBOX_OUT_DIR = join(ROOT, "dist/public/inbox");
/** Staff load it once a day on a desk; the budget keeps it small anyway. */
export const INBOX_BUDGET = 25_600;

/** @param {{ outDir?: string, log?: boolean }} [options] */
export function buildInbox({ outDir = INBOX_OUT_DIR, log = true } = {}) {
  return buildPageApp({ name: "inbox", outDir, budget: INBOX_BUDGET, log });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildInbox().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
