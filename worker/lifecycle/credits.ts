/**
 * Credits: a monthly allowance that resets on a chosen day in the agent's time zone, metered
 * per resolved conversation. Each charge is a row keyed by conversation, so charging twice
 * charges once; usage is the sum of the current period's rows.
 */
import { and, eq, sum } from "drizzle-orm";
import { getAgent } from "../db/agents";
import { database, type Db } from "../db/client";
import { agentControls, creditCharges } from "../db/schema";
import { isolateCache } from "../db/read-cache";
import { startOfZonedDay, zonedTime } from "../schedule/zoned-time";

export const DEFAULT_TIME_ZONE = "UTC";

export type CreditPeriod = { start: string; resetsAt: number };
export type CreditUsage = {
  period: string;
  used: number;
  allowance: number | null;
  remaining: number | null;
  resetsAt: number;
};
export type Controls = {
  enabled: boolean;
  monthlyCredits: number | null;
  creditResetDay: number;
  creditsPerResolution: number;
  /** Model tokens per local day (`token-budget.ts`); null: unlimited. */
  dailyTokenLimit: number | null;
};

export const DEFAULT_CONTROLS: Controls = {
  enabled: true,
  monthlyCredits: null,
  creditResetDay: 1,
  creditsPerResolution: 1,
  dailyTokenLimit: null,
};

const isoDate = (year: number, month: number, day: number): string =>
  new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);

/** The credit period `now` falls in: it starts on `resetDay` (1–28) at local midnight and ends at the next one. */
export function creditPeriod(now: number, resetDay: number, timeZone = DEFAULT_TIME_ZONE): CreditPeriod {
  const local = zonedTime(now, timeZone);
  const startsThisMonth = local.day >= resetDay;
  const startMonth = startsThisMonth ? local.month : local.month - 1;
  const start = new Date(Date.UTC(local.year, startMonth - 1, resetDay));
  const next = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, resetDay));
  return {
    start: isoDate(start.getUTCFullYear(), start.getUTCMonth() + 1, resetDay),
    resetsAt: startOfZonedDay(next.getUTCFullYear(), next.getUTCMonth() + 1, resetDay, timeZone),
  };
}

/** Controls as the isolate keeps them for a conversation's checks (read-cache.ts: a few seconds, dropped on a write here). */
const keptControls = isolateCache<Controls>(["budget"]);

/**
 * The agent's controls for a conversation's checks (is it switched on, has it credits): kept by the
 * isolate for `READ_TTL_MS`, so the first message of each of many conversations reads no D1 for them.
 * A change through this isolate's admin API is seen at once, another isolate's within the TTL.
 */
export async function controlsForConversation(db: Db, agentId: string, now = Date.now()): Promise<Controls> {
  const kept = keptControls.get(agentId, now);
  if (kept) return kept;
  const read = keptControls.begin(now);
  const controls = await readControls(db, agentId);
  keptControls.set(agentId, controls, read);
  return controls;
}

export async function readControls(db: Db, agentId: string): Promise<Controls> {
  const row = await db.select().from(agentControls).where(eq(agentControls.agentId, agentId)).get();
  return row
    ? {
        enabled: row.enabled,
        monthlyCredits: row.monthlyCredits,
        creditResetDay: row.creditResetDay,
        creditsPerResolution: row.creditsPerResolution,
        dailyTokenLimit: row.dailyTokenLimit,
      }
    : DEFAULT_CONTROLS;
}

export async function creditUsage(
  env: Pick<Env, "DB">,
  agentId: string,
  timeZone: string,
  now = Date.now(),
  known?: Controls,
): Promise<CreditUsage> {
  const db = database(env);
  const controls = known ?? (await readControls(db, agentId));
  const period = creditPeriod(now, controls.creditResetDay, timeZone);
  const row = await db
    .select({ used: sum(creditCharges.credits) })
    .from(creditCharges)
    .where(and(eq(creditCharges.agentId, agentId), eq(creditCharges.period, period.start)))
    .get();
  const used = Number(row?.used ?? 0);
  const allowance = controls.monthlyCredits;
  return {
    period: period.start,
    used,
    allowance,
    remaining: allowance === null ? null : Math.max(0, allowance - used),
    resetsAt: period.resetsAt,
  };
}

/** Charges a resolved conversation into the current period, once however often it is called. */
export async function chargeResolvedConversation(
  env: Pick<Env, "DB">,
  input: { agentId: string; conversationId: string; now: number },
): Promise<void> {
  const db = database(env);
  const agent = await getAgent(db, input.agentId);
  const controls = await readControls(db, input.agentId);
  const period = creditPeriod(input.now, controls.creditResetDay, agent?.settings.timeZone ?? DEFAULT_TIME_ZONE);
  await db
    .insert(creditCharges)
    .values({
      conversationId: input.conversationId,
      agentId: input.agentId,
      period: period.start,
      credits: controls.creditsPerResolution,
      createdAt: input.now,
    })
    .onConflictDoNothing();
}
