/**
 * `npx tsx bench/trace.ts [turns] [--instant|--http]`: where a turn's time goes. Starts Frontdesk with the
 * offline model (with `--instant`, the in-process scripted model; with `--http`, the instant model over
 * loopback HTTP: both take the path of a generative model, see `instant-model.ts`) and TRACE_TURNS=true,
 * sends the demo questions one after another in one conversation, and prints the ack and first-delta latency
 * seen from the client beside the median and p95 of each span of the trace. The ack leaves the object when
 * the turn first waits on I/O, so the time to it is mostly the synchronous work a message starts with (a
 * frame's round trip alone is under a millisecond).
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { startMeasuredFrontdesk } from "./measured-server.ts";
import { localVars, writeEnvFile } from "../scripts/lib/env-file.mjs";
import { seedDemo } from "../scripts/seed.mjs";
import { firstDeltaLatency } from "./first-delta.ts";
import { percentile } from "./load/generator.ts";
import { startConversation, Visitor } from "./load/visitor.ts";
import { DEMO_QUESTIONS, prepareAgentForLoad } from "./load/agent-settings.ts";
import { frontdeskSessions } from "./peers/clients.ts";
import { formatTraceSummary, parseTraces, summarizeTraces } from "./turn-trace.ts";
import { modelFromFlags } from "./instant-model.ts";
import { benchScratch } from "./state-dir.ts";

const args = process.argv.slice(2);
const turns = Number(args.find((arg) => !arg.startsWith("--")) ?? 100);
const model = await modelFromFlags({ instant: args.includes("--instant"), http: args.includes("--http") });
const scratch = benchScratch("frontdesk-trace-");
const envFile = join(scratch, "vars.env");
const adminToken = "trace-admin-token";
writeEnvFile(envFile, localVars({ ADMIN_TOKEN: adminToken, TRACE_TURNS: "true", ...model.vars }));
const server = await startMeasuredFrontdesk(scratch, envFile);
try {
  await seedDemo({ url: server.url, token: adminToken });
  await prepareAgentForLoad(server.url, adminToken);
  await firstDeltaLatency(frontdeskSessions(server.url, "demo", model.expectedAnswer), DEMO_QUESTIONS, 10); // warm-up, not counted
  const skip = parseTraces(server.output()).length;
  const seen = await clientTimes(server.url, turns);
  for (const [what, samples] of [
    ["Ack", seen.acks],
    ["First delta", seen.firstDeltas],
  ] as const)
    console.log(
      `${what} seen by the client: median ${percentile(samples, 50).toFixed(2)} ms, p95 ${percentile(samples, 95).toFixed(2)} ms`,
    );
  console.log(formatTraceSummary(summarizeTraces(parseTraces(server.output()).slice(skip))));
} finally {
  await server.stop();
  await model.server?.close();
  rmSync(scratch, { recursive: true, force: true });
}

/** Each turn's ack and first delta as one visitor sees them, `turns` demo questions one after another. */
async function clientTimes(url: string, turns: number): Promise<{ acks: number[]; firstDeltas: number[] }> {
  const visitor = new Visitor(url, await startConversation(url, "demo"));
  const acks: number[] = [];
  const firstDeltas: number[] = [];
  try {
    await visitor.whenReady();
    for (let i = 0; i < turns; i++) {
      const turn = await visitor.send(DEMO_QUESTIONS[i % DEMO_QUESTIONS.length]!);
      if (turn.outcome !== "answered" || turn.ackMs === undefined || turn.firstDeltaMs === undefined)
        throw new Error(`turn ${i} was not answered: ${turn.outcome} ${turn.code ?? ""}`);
      acks.push(turn.ackMs);
      firstDeltas.push(turn.firstDeltaMs);
    }
  } finally {
    visitor.close();
  }
  return { acks, firstDeltas };
}
