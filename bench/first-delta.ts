/**
 * First delta and turns per second, measured from Node over real WebSockets to `wrangler dev` (clocks
 * inside workerd are too coarse for this), the same way for every system: a ChatSession sends a
 * message and resolves when its answer is complete, with the time to its first streamed delta.
 * - First delta: one conversation, `turns` messages one after another; median, p95, min, max.
 * - Turns per second: `conversations` conversations at once, each sending its next message as soon as
 *   the previous answer is complete; turns completed inside a fixed window after a warm-up, per second.
 */
import { percentile } from "./load/generator.ts";

export type ChatTurn = { firstDeltaMs: number };

/** One conversation of one system, as its own client speaks it (bench/peers/clients.ts). */
export interface ChatSession {
  /** Sends `text` and resolves once the answer is complete; rejects when the turn fails. */
  send(text: string): Promise<ChatTurn>;
  close(): void;
}

export type OpenSession = () => Promise<ChatSession>;

export type LatencyFigures = { turns: number; medianMs: number; p95Ms: number; minMs: number; maxMs: number };

/** Sends `turns` questions one after another in one conversation and times each until its first delta. */
export async function firstDeltaLatency(
  open: OpenSession,
  questions: string[],
  turns: number,
): Promise<LatencyFigures> {
  const session = await open();
  const samples: number[] = [];
  try {
    for (let i = 0; i < turns; i++) {
      try {
        samples.push((await session.send(questions[i % questions.length]!)).firstDeltaMs);
      } catch (error) {
        throw new Error(`turn ${i} was not answered: ${error instanceof Error ? error.message : error}`);
      }
    }
  } finally {
    session.close();
  }
  return {
    turns,
    medianMs: percentile(samples, 50),
    p95Ms: percentile(samples, 95),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
  };
}

export type ThroughputOptions = { conversations: number; warmupMs: number; durationMs: number };
export type ThroughputFigures = ThroughputOptions & { turns: number; turnsPerS: number };

/**
 * Keeps `conversations` conversations busy (each sends its next message when its answer completes)
 * and counts the answers completed between the end of the warm-up and the end of the window.
 */
export async function turnThroughput(
  open: OpenSession,
  questions: string[],
  options: ThroughputOptions,
): Promise<ThroughputFigures> {
  const sessions = await Promise.all(Array.from({ length: options.conversations }, open));
  const start = performance.now();
  const windowStart = start + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  let turns = 0;
  const loop = async (session: ChatSession, offset: number) => {
    for (let i = offset; performance.now() < windowEnd; i++) {
      await session.send(questions[i % questions.length]!);
      const now = performance.now();
      if (now >= windowStart && now < windowEnd) turns++;
    }
  };
  try {
    await Promise.all(sessions.map((session, i) => loop(session, i)));
  } finally {
    for (const session of sessions) session.close();
  }
  return { ...options, turns, turnsPerS: turns / (options.durationMs / 1000) };
}
