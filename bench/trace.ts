/**
 * `npx tsx bench/trace.ts [turns] [--instant]`: where a turn's time goes. Starts Frontdesk with the
 * offline model (with `--instant`, the instant scripted model of `instant-model.ts`, the path of a
 * generative model) and TRACE_TURNS=true, sends the demo questions one after another in one
 * conversation, and prints the first-delta latency seen from the client beside the median and p95 of
 * each span of the trace.
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
import { instantModelVars, startInstantModel } from "./instant-model.ts";

const args = process.argv.slice(2);
const turns = Number(args.find((arg) => !arg.startsWith("--")) ?? 100);
const model = args.includes("--instant") ? await startInstantModel() : null;
const scratch = mkdtempSync(join(tmpdir(), "frontdesk-trace-"));
const envFile = join(scratch, "vars.env");
const adminToken = "trace-admin-token";
writeEnvFile(
  envFile,
  localVars({ ADMIN_TOKEN: adminToken, TRACE_TURNS: "true", ...(model ? instantModelVars(model) : {}) }),
);
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
  await model?.close();
  rmSync(scratch, { recursive: true, force: true });
}
