/**
 * Frontdesk under `wrangler dev` as every benchmark measures it: a free port, state in the run's scratch
 * folder, quiet, and without wrangler dev's local trace store (it records each SQL statement inside the
 * measured workerd and is no part of a deployment).
 */
import { join } from "node:path";
import { startFrontdesk } from "../scripts/lib/frontdesk-server.mjs";

export function startMeasuredFrontdesk(scratch: string, envFile: string): ReturnType<typeof startFrontdesk> {
  return startFrontdesk({
    port: "any",
    persistTo: join(scratch, "state"),
    envFile,
    quiet: true,
    localObservability: false,
  });
}
