/**
 * Time from a visitor's message frame to the first streamed delta of the reply, measured from
 * Node over a real WebSocket to `wrangler dev` (clocks inside workerd are too coarse for this).
 */

const FRAME_TIMEOUT_MS = 30_000; // a guard against a hung run, far above any turn's time

export type LatencyFigures = { turns: number; medianMs: number; p95Ms: number; minMs: number; maxMs: number };

type Frame = { type: string; id?: string; turnId?: string };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function openSocket(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error(`could not open ${url}`)), { once: true });
  });
  return ws;
}

/** Sends `turns` questions one after another and times each until its first assistant_delta. */
export async function firstDeltaLatency(
  baseUrl: string,
  agentId: string,
  questions: string[],
  turns: number,
): Promise<LatencyFigures> {
  const started = await fetch(`${baseUrl}/v1/agents/${agentId}/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ resume: false }),
  });
  const { conversationId, visitorToken } = (await started.json()) as { conversationId: string; visitorToken: string };
  const ws = await openSocket(
    `${baseUrl.replace(/^http/, "ws")}/v1/conversations/${conversationId}/socket?token=${encodeURIComponent(visitorToken)}`,
  );

  const matchers = new Set<(frame: Frame) => void>();
  ws.addEventListener("message", (message) => {
    const frame = JSON.parse(String(message.data)) as Frame;
    for (const matcher of [...matchers]) matcher(frame);
  });
  /** Resolves on the first frame from now on that matches; fails (rather than hangs) when none comes. */
  const next = (match: (frame: Frame) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        matchers.delete(matcher);
        reject(new Error(`no matching frame within ${FRAME_TIMEOUT_MS} ms`));
      }, FRAME_TIMEOUT_MS);
      const matcher = (frame: Frame) => {
        if (!match(frame)) return;
        clearTimeout(timer);
        matchers.delete(matcher);
        resolve();
      };
      matchers.add(matcher);
    });

  const ready = next((f) => f.type === "ready");
  ws.send(JSON.stringify({ type: "hello", lastSeq: 0 }));
  await ready;

  const samples: number[] = [];
  for (let i = 0; i < turns; i++) {
    const firstDelta = next((f) => f.type === "assistant_delta");
    const done = next((f) => f.type === "assistant_complete" || f.type === "turn_error");
    const sentAt = performance.now();
    ws.send(JSON.stringify({ type: "message", id: `bench-${i}`, text: questions[i % questions.length] }));
    await firstDelta;
    samples.push(performance.now() - sentAt);
    await done;
  }
  ws.close();
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    turns,
    medianMs: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    minMs: sorted[0] ?? NaN,
    maxMs: sorted.at(-1) ?? NaN,
  };
}
