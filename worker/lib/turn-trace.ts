/**
 * Where a turn's time goes, server-timing style: named spans in milliseconds (a name that repeats,
 * such as the writes of each streamed delta, adds up) and marks since the visitor's message was
 * taken up. With `TRACE_TURNS` set to "true" each traced turn ends in one `frontdesk-trace {json}`
 * log line, which the benchmark reads; otherwise a trace costs a few clock reads and nothing is printed.
 */

/** The log line's prefix; the benchmark finds the traces in wrangler's output by it. */
export const TRACE_PREFIX = "frontdesk-trace ";

export type TraceRecord = {
  conversationId: string;
  /** The visitor message the turn handled, when the caller said (a load run matches traces to its turns by it). */
  messageSeq?: number;
  /** Wall clock (ms since the epoch) when the trace started: a load run on the same machine lines it up with its sends. */
  at: number;
  /** Milliseconds spent in each span (summed over repeats). */
  spans: Record<string, number>;
  /** Milliseconds from the start of the trace to each mark (the first time it was reached). */
  marks: Record<string, number>;
};

export class TurnTrace {
  private readonly spans: Record<string, number> = {};
  private readonly marks: Record<string, number> = {};
  private readonly startedAt = performance.now();
  private readonly at = Date.now();

  /** Times synchronous work under `name`. */
  time<T>(name: string, work: () => T): T {
    const start = performance.now();
    try {
      return work();
    } finally {
      this.add(name, performance.now() - start);
    }
  }

  /** Times asynchronous work under `name`, until its promise settles. */
  async wait<T>(name: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.add(name, performance.now() - start);
    }
  }

  add(name: string, ms: number): void {
    this.spans[name] = (this.spans[name] ?? 0) + ms;
  }

  /** Notes the time since the start under `name`, once. */
  mark(name: string): void {
    this.marks[name] ??= performance.now() - this.startedAt;
  }

  record(conversationId: string, messageSeq?: number): TraceRecord {
    return {
      conversationId,
      ...(messageSeq !== undefined ? { messageSeq } : {}),
      at: this.at,
      spans: { ...this.spans },
      marks: { ...this.marks },
    };
  }

  /** Prints the trace when the deployment asks for traces (`TRACE_TURNS = "true"`). */
  report(env: { TRACE_TURNS?: string }, conversationId: string, messageSeq?: number): void {
    if (env.TRACE_TURNS === "true") console.log(TRACE_PREFIX + JSON.stringify(this.record(conversationId, messageSeq)));
  }
}
