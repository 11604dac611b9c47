/**
 * An agent's performance report for a period: totals and a time series (local days, weeks or
 * months), with the rates DECISIONS.md defines — handled = the agent sent at least one answer;
 * resolved = closed as resolved (the agent answered, nobody was asked for, no answer left rated
 * down) and not rated 1–2 afterwards; handoff rate = handled conversations handed off / handled;
 * deflection = resolved / conversations; abstention rate = answers that said "I don't know" /
 * answers. Tokens are priced per model (`prices.ts`); a cost is null when a model's price is unknown.
 */
import type { Agent } from "../db/agents";
import { DEFAULT_TIME_ZONE } from "../lifecycle/credits";
import { type Bucket, bucketIndex, type Granularity, type Period, periodOf } from "./periods";
import { costOf } from "./prices";
import * as queries from "./report-queries";

export type Counts = {
  conversations: number;
  handled: number;
  resolved: number;
  handedOff: number;
  answers: number;
  abstentions: number;
  thumbsUp: number;
  thumbsDown: number;
  ratings: number;
  ratingSum: number;
  inputTokens: number;
  outputTokens: number;
  /** Dollars; null when some tokens were of a model without a known price. */
  cost: number | null;
};

export type Rates = {
  handleRate: number | null;
  resolutionRate: number | null;
  deflection: number | null;
  handoffRate: number | null;
  abstentionRate: number | null;
  averageRating: number | null;
};

export type Figures = Counts & Rates;
export type SeriesPoint = Figures & { period: string; start: number };

export type Report = {
  agentId: string;
  from: string;
  to: string;
  timeZone: string;
  granularity: Granularity;
  channel: string | null;
  totals: Figures & {
    handoffReasons: Record<string, number>;
    ratingCounts: Record<string, number>;
    medianFirstDeltaMs: number | null;
    medianFirstStaffReplyMs: number | null;
    creditsUsed: number;
    costPerConversation: number | null;
    costPerResolution: number | null;
  };
  series: SeriesPoint[];
};

const emptyCounts = (): Counts => ({
  conversations: 0,
  handled: 0,
  resolved: 0,
  handedOff: 0,
  answers: 0,
  abstentions: 0,
  thumbsUp: 0,
  thumbsDown: 0,
  ratings: 0,
  ratingSum: 0,
  inputTokens: 0,
  outputTokens: 0,
  cost: 0,
});

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function withRates(c: Counts): Figures {
  return {
    ...c,
    handleRate: ratio(c.handled, c.conversations),
    resolutionRate: ratio(c.resolved, c.handled),
    deflection: ratio(c.resolved, c.conversations),
    handoffRate: ratio(c.handedOff, c.handled),
    abstentionRate: ratio(c.abstentions, c.answers),
    averageRating: ratio(c.ratingSum, c.ratings),
  };
}

export type ReportRequest = { from: string; to: string; granularity: Granularity; channel: string | null };

export async function buildReport(env: Pick<Env, "DB">, agent: Agent, request: ReportRequest): Promise<Report> {
  const timeZone = agent.settings.timeZone ?? DEFAULT_TIME_ZONE;
  const period: Period = periodOf(request.from, request.to, request.granularity, timeZone);
  const scope = { agentId: agent.id, start: period.start, end: period.end, channel: request.channel };
  const db = env.DB;
  const [conversations, turns, feedback, reasons, ratings, credits, firstDelta, firstReply] = await Promise.all([
    queries.conversationRows(db, scope),
    queries.turnRows(db, scope),
    queries.feedbackRows(db, scope),
    queries.handoffReasons(db, scope),
    queries.ratingCounts(db, scope),
    queries.creditsUsed(db, scope),
    queries.medianFirstDeltaMs(db, scope),
    queries.medianFirstReplyMs(db, scope),
  ]);

  const buckets = period.buckets.map(emptyCounts);
  const total = emptyCounts();
  const into = (quarter: number, add: (counts: Counts) => void): void => {
    const bucket = buckets[bucketIndex(period.buckets, quarter)];
    if (bucket) add(bucket);
    add(total);
  };
  for (const row of conversations)
    into(row.quarter, (c) => {
      c.conversations += row.conversations;
      c.handled += row.handled;
      c.resolved += row.resolved;
      c.handedOff += row.handed_off;
      c.ratings += row.rated;
      c.ratingSum += row.rating_sum;
    });
  for (const row of turns) {
    const cost = costOf(row.model, { input: row.input_tokens, output: row.output_tokens }, agent.settings.modelPrices);
    into(row.quarter, (c) => {
      c.answers += row.answers;
      c.abstentions += row.abstained;
      c.inputTokens += row.input_tokens;
      c.outputTokens += row.output_tokens;
      c.cost = c.cost === null || cost === null ? null : c.cost + cost;
    });
  }
  for (const row of feedback)
    into(row.quarter, (c) => {
      c.thumbsUp += row.up;
      c.thumbsDown += row.down;
    });

  const totals = withRates(total);
  return {
    agentId: agent.id,
    from: period.from,
    to: period.to,
    timeZone,
    granularity: request.granularity,
    channel: request.channel,
    totals: {
      ...totals,
      handoffReasons: Object.fromEntries(reasons.map((r) => [r.reason, r.count])),
      ratingCounts: Object.fromEntries(ratings.map((r) => [String(r.rating), r.count])),
      medianFirstDeltaMs: firstDelta,
      medianFirstStaffReplyMs: firstReply,
      creditsUsed: credits,
      costPerConversation: totals.cost === null ? null : ratio(totals.cost, totals.conversations),
      costPerResolution: totals.cost === null ? null : ratio(totals.cost, totals.resolved),
    },
    series: period.buckets.map((bucket: Bucket, i) => ({
      period: bucket.label,
      start: bucket.start,
      ...withRates(buckets[i] as Counts),
    })),
  };
}
