/**
 * The load generator's arrival-rate mode: opens every visitor's socket first, then sends messages
 * at a steady rate (open loop: arrival k is due at k / rate seconds, whatever the answers do) to
 * conversations chosen round-robin, skipping one whose previous answer is still coming (never two
 * messages at once in one conversation); then every log is read back and audited as in a burst run.
 */
import { auditRuns, inPool, type LoadReport, percentile, type VisitorRun } from "./generator";
import { startConversation, Visitor, type TurnResult } from "./visitor";

export type SteadyOptions = {
  baseUrl: string;
  agentId: string;
  /** Visitors whose sockets are open before the first message. */
  conversations: number;
  /** Messages per second. */
  rate: number;
  seconds: number;
  /** Asked in turn (visitor i's message j is question (i + j) mod length). */
  questions: string[];
  /** How many conversation starts and log reads are in flight at once. */
  httpConcurrency?: number;
  /** How long every socket may take to open and be replayed to before the arrivals begin. */
  openTimeoutMs?: number;
  turnTimeoutMs?: number;
  /** Called as the first arrival is due and once every turn has ended (a bench reads the server's CPU time then). */
  onArrivals?: (phase: "begin" | "end") => void;
};

export type SteadyReport = LoadReport & {
  rate: number;
  /** Arrivals due in the window (rate x seconds). */
  due: number;
  /** Arrivals that found every conversation busy or not ready, so nothing was sent. */
  skipped: number;
  /** Messages sent per second over the arrival window, as achieved. */
  sentPerSecond: number;
  /** How long opening every socket took. */
  openSeconds: number;
  /** Turns with no answer within the turn timeout (their first delta counts as the timeout in the percentiles). */
  timedOut: number;
  /** Every turn with its conversation, for lining up with the server's per-turn traces. */
  turns: { conversationId: string; turn: TurnResult }[];
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Opens `conversations` visitors (starts through a pool), resolving once each is ready, failed or out of time. */
async function openVisitors(options: SteadyOptions, httpConcurrency: number): Promise<VisitorRun[]> {
  const deadline = performance.now() + (options.openTimeoutMs ?? 120_000);
  const indexes = Array.from({ length: options.conversations }, (_, i) => i);
  return inPool(indexes, httpConcurrency, async (): Promise<VisitorRun> => {
    try {
      const start = await startConversation(options.baseUrl, options.agentId);
      return { visitor: new Visitor(options.baseUrl, start, options.turnTimeoutMs), turns: [] };
    } catch (error) {
      return { visitor: null, turns: [], error: String(error) };
    }
  }).then(async (runs) => {
    await Promise.all(
      runs.map((run) => run.visitor && Promise.race([run.visitor.whenReady(), sleep(deadline - performance.now())])),
    );
    return runs;
  });
}

export async function runSteady(options: SteadyOptions): Promise<SteadyReport> {
  const httpConcurrency = options.httpConcurrency ?? 50;
  const opening = performance.now();
  const runs = await openVisitors(options, httpConcurrency);
  const openSeconds = (performance.now() - opening) / 1000;

  const ready = new Set<number>();
  runs.forEach((run, i) => void run.visitor?.whenReady().then(() => ready.add(i)));
  await Promise.resolve(); // let the already-ready visitors' whenReady callbacks run
  const busy = new Set<number>();
  const inFlight: Promise<TurnResult>[] = [];
  const due = Math.round(options.rate * options.seconds);
  let cursor = 0;
  let skipped = 0;
  options.onArrivals?.("begin");
  const begun = performance.now();
  for (let k = 0; k < due; k++) {
    const wait = begun + (k * 1000) / options.rate - performance.now();
    if (wait > 0) await sleep(wait);
    let chosen = -1;
    for (let tried = 0; tried < runs.length && chosen < 0; tried++) {
      const i = (cursor + tried) % runs.length;
      if (ready.has(i) && !busy.has(i)) chosen = i;
    }
    if (chosen < 0) {
      skipped++;
      continue;
    }
    cursor = (chosen + 1) % runs.length;
    const run = runs[chosen]!;
    const question = options.questions[(chosen + run.turns.length) % options.questions.length]!;
    busy.add(chosen);
    const turn = run.visitor!.send(question).then((result) => {
      run.turns.push(result);
      busy.delete(chosen);
      return result;
    });
    inFlight.push(turn);
  }
  const windowSeconds = (performance.now() - begun) / 1000;
  await Promise.all(inFlight);
  options.onArrivals?.("end");
  const seconds = (performance.now() - begun) / 1000;

  const { report } = await auditRuns(options.baseUrl, runs, seconds, httpConcurrency);
  // A turn that timed out waited at least the timeout: left out, it would flatter the percentiles
  // exactly when the rate is past what the server carries; counted as the timeout, they are a floor.
  const turns = runs.flatMap((run) => run.turns);
  const timeoutMs = options.turnTimeoutMs ?? 120_000;
  const delays = turns.flatMap((t) =>
    t.firstDeltaMs !== undefined ? [t.firstDeltaMs] : t.outcome === "timeout" ? [timeoutMs] : [],
  );
  return {
    ...report,
    firstDeltaP50Ms: percentile(delays, 50),
    firstDeltaP99Ms: percentile(delays, 99),
    timedOut: turns.filter((t) => t.outcome === "timeout").length,
    rate: options.rate,
    due,
    skipped,
    sentPerSecond: inFlight.length / windowSeconds,
    openSeconds,
    turns: runs.flatMap((run) => run.turns.map((turn) => ({ conversationId: run.visitor!.conversationId, turn }))),
  };
}
