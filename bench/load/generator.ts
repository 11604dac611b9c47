/**
 * The load generator: many visitors at once, each starting a conversation and sending its
 * messages one after another (the next when the answer is complete), then every conversation's
 * log read back and audited. Used by the soak (`npm run test:soak`) and the benchmarks.
 */
import { auditLog, readLog, type ConversationAudit } from "./audit";
import { startConversation, Visitor, type TurnResult } from "./visitor";

export type LoadOptions = {
  baseUrl: string;
  agentId: string;
  conversations: number;
  messagesPerConversation: number;
  /** Asked in turn (visitor i's message j is question (i + j) mod length). */
  questions: string[];
  /** How many conversation starts and log reads are in flight at once (all visitors still talk at once). */
  httpConcurrency?: number;
  turnTimeoutMs?: number;
};

export type LoadReport = {
  conversations: number;
  sent: number;
  answered: number;
  /** Messages the visitor sent that the log does not hold, or that never got an answer. */
  lost: number;
  /** Messages stored twice, or answered twice. */
  duplicated: number;
  /** Turns that ended in an error or refusal, conversations that could not start, replay problems. */
  errors: number;
  firstDeltaP50Ms: number;
  firstDeltaP99Ms: number;
  seconds: number;
  turnsPerSecond: number;
  /** The problems, each kind once with how often it happened and its first example (for a failed run's log). */
  examples: string[];
};

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Runs `task` over `items` with at most `limit` running at once, keeping results in order. */
export async function inPool<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await task(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** One visitor's part of a run: its turns, or why its conversation could not start. */
export type VisitorRun = { visitor: Visitor | null; turns: TurnResult[]; error?: string };

async function runVisitor(options: LoadOptions, index: number, started: Promise<Visitor>): Promise<VisitorRun> {
  let visitor: Visitor;
  try {
    visitor = await started;
  } catch (error) {
    return { visitor: null, turns: [], error: String(error) };
  }
  const turns: TurnResult[] = [];
  await visitor.whenReady();
  for (let m = 0; m < options.messagesPerConversation; m++) {
    const question = options.questions[(index + m) % options.questions.length]!;
    const turn = await visitor.send(question);
    turns.push(turn);
    if (turn.outcome !== "answered") break;
  }
  return { visitor, turns };
}

export async function runLoad(options: LoadOptions): Promise<{ report: LoadReport; audits: ConversationAudit[] }> {
  const httpConcurrency = options.httpConcurrency ?? 50;
  const begun = performance.now();
  const indexes = Array.from({ length: options.conversations }, (_, i) => i);
  // Starts go through a pool; each visitor begins talking as soon as its conversation exists.
  const starts = indexes.map(() => Promise.withResolvers<Visitor>());
  const startsDone = inPool(indexes, httpConcurrency, async (i) => {
    try {
      const start = await startConversation(options.baseUrl, options.agentId);
      starts[i]!.resolve(new Visitor(options.baseUrl, start, options.turnTimeoutMs));
    } catch (error) {
      starts[i]!.reject(error);
    }
  });
  const runs = await Promise.all(indexes.map((i) => runVisitor(options, i, starts[i]!.promise)));
  await startsDone;
  const seconds = (performance.now() - begun) / 1000;
  return auditRuns(options.baseUrl, runs, seconds, httpConcurrency);
}

/** Closes the visitors' sockets, reads every conversation's log back and audits it against what its visitor sent. */
export async function auditRuns(
  baseUrl: string,
  runs: VisitorRun[],
  seconds: number,
  httpConcurrency: number,
): Promise<{ report: LoadReport; audits: ConversationAudit[] }> {
  for (const run of runs) run.visitor?.close();
  const audits = await inPool(runs, httpConcurrency, async (run) => {
    if (!run.visitor) return null;
    const events = await readLog(baseUrl, run.visitor.start);
    const audit = auditLog(
      run.visitor.conversationId,
      events,
      run.turns.map((t) => t.messageId),
    );
    audit.problems.push(...run.visitor.anomalies);
    return audit;
  });
  return { report: summarise(runs, audits, seconds), audits: audits.filter((a) => a !== null) };
}

function summarise(runs: VisitorRun[], audits: (ConversationAudit | null)[], seconds: number): LoadReport {
  const turns = runs.flatMap((run) => run.turns);
  const examples: string[] = runs.flatMap((run) => (run.error ? [run.error] : []));
  let lost = 0;
  let duplicated = 0;
  let problems = 0;
  for (const audit of audits) {
    if (!audit) continue;
    lost += audit.lost.length + audit.unanswered;
    duplicated += audit.duplicated.length + audit.answeredTwice;
    problems += audit.problems.length;
    if (audit.lost.length + audit.unanswered + audit.duplicated.length + audit.answeredTwice + audit.problems.length)
      examples.push(
        `${audit.conversationId}: lost ${audit.lost.join(",")} unanswered ${audit.unanswered} ` +
          `duplicated ${audit.duplicated.join(",")} answered twice ${audit.answeredTwice} ${audit.problems.join("; ")}`,
      );
  }
  for (const turn of turns)
    if (turn.outcome !== "answered") examples.push(`${turn.messageId}: ${turn.outcome} ${turn.code ?? ""}`);
  const delays = turns.flatMap((t) => (t.firstDeltaMs === undefined ? [] : [t.firstDeltaMs]));
  const answered = turns.filter((t) => t.outcome === "answered").length;
  return {
    conversations: runs.length,
    sent: turns.length,
    answered,
    lost,
    duplicated,
    errors: runs.filter((r) => r.error).length + turns.filter((t) => t.outcome !== "answered").length + problems,
    firstDeltaP50Ms: percentile(delays, 50),
    firstDeltaP99Ms: percentile(delays, 99),
    seconds,
    turnsPerSecond: answered / seconds,
    examples: tally(examples),
  };
}

/** Problems grouped by kind (their text without ids and numbers): "3 x first example". */
function tally(problems: string[]): string[] {
  const kinds = new Map<string, { count: number; example: string }>();
  for (const problem of problems) {
    const kind = problem.replace(/\b[a-z]_[\w-]+|\d+/g, "#");
    const entry = kinds.get(kind) ?? { count: 0, example: problem };
    entry.count++;
    kinds.set(kind, entry);
  }
  return [...kinds.values()].map(({ count, example }) => `${count} x ${example}`);
}

/** The report as a Markdown table. */
export function formatReport(report: LoadReport): string {
  const rows: [string, string][] = [
    ["conversations", String(report.conversations)],
    ["messages sent", String(report.sent)],
    ["answered", String(report.answered)],
    ["lost", String(report.lost)],
    ["duplicated", String(report.duplicated)],
    ["errors", String(report.errors)],
    ["first delta p50 (ms)", report.firstDeltaP50Ms.toFixed(0)],
    ["first delta p99 (ms)", report.firstDeltaP99Ms.toFixed(0)],
    ["duration (s)", report.seconds.toFixed(1)],
    ["answered turns per second", report.turnsPerSecond.toFixed(1)],
  ];
  return ["| | |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join("\n");
}
