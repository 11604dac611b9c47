/**
 * Concurrency: 100, 500 and 1,000 conversations started at once, 3 messages each (the next when
 * the answer is complete), through the soak's load generator (bench/load/generator.ts), then every
 * log read back and audited. Each size gets a fresh Frontdesk, so one size's conversations, memory
 * and storage do not weigh on the next; workerd's peak RSS is sampled during the run.
 */
import { DEMO_QUESTIONS } from "../load/agent-settings.ts";
import { runLoad } from "../load/generator.ts";
import { sampleRss } from "./rss.ts";
import { within, withScaleServer } from "./server.ts";
import type { ConcurrencyRow } from "../report-schema.ts";

export const CONCURRENCY_SIZES = [100, 500, 1_000] as const;
const MESSAGES = 3;

const TURN_TIMEOUT_MS = 180_000; // as the soak: a hung turn counts as lost rather than stalling the run
const RUN_TIMEOUT_MS = 15 * 60_000; // 1,000 x 3 takes about 2 minutes here; far past that, something hangs

export type ConcurrencyFigures = ConcurrencyRow & {
  /** Beside the schema: the peak of the Worker's runtime alone, without wrangler's dev proxy (rss.ts). */
  rss_runtime_mb: number;
  /** Beside the schema: the problems, each kind once (empty when all went well). */
  examples: string[];
};

/** One size: `conversations` visitors at once against a fresh Frontdesk. */
export async function concurrencyRun(conversations: number): Promise<ConcurrencyFigures> {
  return withScaleServer(async (server) => {
    const rss = sampleRss(server.pid);
    try {
      const { report } = await within(
        RUN_TIMEOUT_MS,
        `${conversations} conversations x ${MESSAGES} messages`,
        runLoad({
          baseUrl: server.url,
          agentId: "demo",
          conversations,
          messagesPerConversation: MESSAGES,
          questions: DEMO_QUESTIONS,
          turnTimeoutMs: TURN_TIMEOUT_MS,
        }),
      );
      return {
        sent: report.sent,
        answered: report.answered,
        lost: report.lost,
        duplicated: report.duplicated,
        errors: report.errors,
        p50_ms: Math.round(report.firstDeltaP50Ms),
        p99_ms: Math.round(report.firstDeltaP99Ms),
        rss_mb: rss.stop(),
        rss_runtime_mb: rss.runtimePeak(),
        examples: report.examples,
      };
    } finally {
      rss.stop();
    }
  });
}

/** `concurrency` of the bench's JSON: every size, one after another. */
export async function concurrency(
  sizes: readonly number[] = CONCURRENCY_SIZES,
): Promise<Record<string, ConcurrencyFigures>> {
  const figures: Record<string, ConcurrencyFigures> = {};
  for (const size of sizes) figures[String(size)] = await concurrencyRun(size);
  return figures;
}
