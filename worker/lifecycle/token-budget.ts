/**
 * The daily token budget (`controls.dailyTokenLimit`): model tokens (input + output, as the
 * provider reports them) that an agent's conversations may use per local day in the agent's time
 * zone. Checked before every model call of a conversation's turn; once spent, new turns go to a
 * person (handoff reason `budget_exhausted`) until the next local midnight. Credits are a separate
 * rule: they meter resolved conversations; this budget is what stops a runaway conversation.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Agent } from "../db/agents";
import { database, type Db } from "../db/client";
import { agentControls, tokenUsage } from "../db/schema";
import { tokenUsageAdd } from "../db/turn-writes";
import { startOfZonedDay, zonedTime } from "../schedule/zoned-time";
import { DEFAULT_TIME_ZONE, readControls } from "./credits";

export type TokenUsage = {
  day: string;
  used: number;
  dailyLimit: number | null;
  remaining: number | null;
  resetsAt: number;
};

/** What a conversation's turn needs of the budget: whether it is spent, and a way to count what a model call used. */
export type TokenBudget = {
  exhausted(): Promise<boolean>;
  /**
   * Whether the agent has a daily limit, as the last check found (true before any check): then the next
   * message's check must see this turn's use, and its handling waits for the use to be counted.
   */
  limited(): boolean;
  record(tokens: number): Promise<void>;
  /** The write that counts `tokens` on today's use, for a caller that batches it with others; null: nothing to count. */
  charge(tokens: number): D1PreparedStatement | null;
};

const MS_PER_DAY = 86_400_000;
const MAX_TIME_ZONES = 256; // time zones an isolate keeps the local day of; more start over

/**
 * Each time zone's local day as last worked out, from the instant it was worked out for until the
 * next day starts: every budget check asks for the day, and Intl's time-zone formatting is slow.
 */
const knownDays = new Map<string, { day: string; resetsAt: number; from: number }>();

/** The local day `now` falls in, and when the next one starts. */
function localDay(now: number, timeZone: string): { day: string; resetsAt: number } {
  const known = knownDays.get(timeZone);
  if (known && known.from <= now && now < known.resetsAt) return known;
  const worked = workOutDay(now, timeZone);
  if (knownDays.size >= MAX_TIME_ZONES) knownDays.clear();
  knownDays.set(timeZone, { ...worked, from: now });
  return worked;
}

function workOutDay(now: number, timeZone: string): { day: string; resetsAt: number } {
  const local = zonedTime(now, timeZone);
  const next = new Date(Date.UTC(local.year, local.month - 1, local.day) + MS_PER_DAY);
  return {
    day: new Date(Date.UTC(local.year, local.month - 1, local.day)).toISOString().slice(0, 10),
    resetsAt: startOfZonedDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone),
  };
}

/** The query for the tokens `agentId` used on `day` (no row: none). */
export const tokensUsedQuery = (db: Db, agentId: string, day: string) =>
  db
    .select({ tokens: tokenUsage.tokens })
    .from(tokenUsage)
    .where(and(eq(tokenUsage.agentId, agentId), eq(tokenUsage.day, day)));

/** Today's token use of the agent, for `/usage`. */
export async function tokenUsageToday(env: Pick<Env, "DB">, agent: Agent, now = Date.now()): Promise<TokenUsage> {
  const db = database(env);
  const { day, resetsAt } = localDay(now, agent.settings.timeZone ?? DEFAULT_TIME_ZONE);
  const [row, controls] = await Promise.all([tokensUsedQuery(db, agent.id, day).get(), readControls(db, agent.id)]);
  const used = row?.tokens ?? 0;
  const dailyLimit = controls.dailyTokenLimit;
  return { day, used, dailyLimit, remaining: dailyLimit === null ? null : Math.max(0, dailyLimit - used), resetsAt };
}

/** The query for the day's limit and what is used of it (no row: no controls, so no limit). */
export const budgetQuery = (db: Db, agentId: string, day: string) =>
  db
    .select({
      limit: agentControls.dailyTokenLimit,
      used: sql<
        number | null
      >`(select ${tokenUsage.tokens} from ${tokenUsage} where ${tokenUsage.agentId} = ${agentId} and ${tokenUsage.day} = ${day})`,
    })
    .from(agentControls)
    .where(eq(agentControls.agentId, agentId));

type BudgetRow = { limit: number | null; used: number | null } | undefined;

/** The budget's row as read for a message (message-reads.ts), for the local day it was read on. */
export type BudgetReading = { day: string; row: BudgetRow };

/** The local day of `agent` now, for `budgetQuery`. */
export const budgetDay = (agent: Agent, now = Date.now()): string =>
  localDay(now, agent.settings.timeZone ?? DEFAULT_TIME_ZONE).day;

/**
 * The budget of `agent`'s conversations. `reading`, when the message's handling read the row already
 * (message-reads.ts, for this message), answers the first check if it is still the same day; later
 * checks read again.
 */
export function tokenBudget(env: Pick<Env, "DB">, agent: Agent, reading?: BudgetReading): TokenBudget {
  const timeZone = agent.settings.timeZone ?? DEFAULT_TIME_ZONE;
  let unused = reading;
  let limited = true;
  const spent = (row: BudgetRow): boolean => {
    limited = row?.limit != null;
    return row?.limit != null && (row.used ?? 0) >= row.limit;
  };
  return {
    // The message's reading answers the first check; a later one reads the day's limit and use together.
    async exhausted() {
      const { day } = localDay(Date.now(), timeZone);
      const known = unused?.day === day ? unused : undefined;
      unused = undefined;
      if (known) return spent(known.row);
      return spent(await budgetQuery(database(env), agent.id, day).get());
    },
    limited: () => limited,
    async record(tokens) {
      await this.charge(tokens)?.run();
    },
    charge(tokens) {
      if (!(tokens > 0)) return null;
      return tokenUsageAdd(env.DB, agent.id, localDay(Date.now(), timeZone).day, Math.round(tokens));
    },
  };
}
