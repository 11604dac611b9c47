/**
 * `npx tsx bench/trace.ts [turns]`: where a turn's time goes. Starts Frontdesk with the offline model
 * and TRACE_TURNS=true, sends the demo questions one after another in one conversation, and prints
 * the first-delta latency seen from the client beside the median and p95 of each span of the trace.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMeasuredFrontdesk } from "./measured-server.ts";
import { localVars, writeEnvFile } from "../scripts/lib/env-file.mjs";
import { seedDemo } from "../scripts/seed.mjs";
import { firstDeltaLatency } from "./first-delta.ts";
import { DEMO_QUESTIONS, prepareAgentForLoad } from "./load/agent-settings.ts";
import { frontdeskSessions } from "./peers/clients.ts";
import { formatTraceSummary, parseTraces, summarizeTraces } from "./turn-trace.ts";

const turns = Number(process.argv[2] ?? 100);
const scratch = mkdtempSync(join(tmpdir(), "frontdesk-trace-"));
const envFile = join(scratch, "vars.env");
const adminToken = "trace-admin-token";
writeEnvFile(envFile, localVars({ ADMIN_TOKEN: adminToken, TRACE_TURNS: "true" }));
const server = await startMeasuredFrontdesk(scratch, envFile);
try {
  await seedDemo({ url: server.url, token: adminToken });
  await prepareAgentForLoad(server.url, adminToken);
  await firstDeltaLatency(frontdeskSessions(server.url, "demo"), DEMO_QUESTIONS, 10); // warm-up, not counted
  const skip = parseTraces(server.output()).length;
  const figures = await firstDeltaLatency(frontdeskSessions(server.url, "demo"), DEMO_QUESTIONS, turns);
  console.log(
    `First delta seen by the client: median ${figures.medianMs.toFixed(2)} ms, p95 ${figures.p95Ms.toFixed(2)} ms`,
  );
  console.log(formatTraceSummary(summarizeTraces(parseTraces(server.output()).slice(skip))));
} finally {
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
