/**
 * What handling a visitor message reads from D1, kept by the isolate for a few seconds: the agent's
 * stamp (published-agent.ts keeps the agent), the day's token budget row and, when the agent lets
 * its conversations use contact properties, their definitions — one batch, then nothing for
 * `READ_TTL_MS` (worker/db/read-cache.ts). Every D1 call costs CPU on the object's one thread and
 * delays the model's start, and a busy agent's messages come many a second.
 *
 * Staleness: a write through this isolate's admin API (publish, unpublish, controls, property
 * definitions) drops the entry at once, so the next message reads afresh; another isolate's write is
 * seen within the TTL. The budget is not kept (DECISIONS.md: budgets live where every isolate shares
 * them): the entry keeps the daily limit, which is configuration, and a message of an agent with a
 * limit reads the day's use from D1 afresh — one small read; an agent without one reads nothing.
 * When the agent changed, or is not kept yet, it is read alone and the turn reads the rest itself.
 */
import { database } from "../../worker/db/client";
import type { Agent } from "../../worker/db/agents";
import { agentStampQuery, cachedAgent, publishedAgent } from "../../worker/db/published-agent";
import { isolateCache } from "../../worker/db/read-cache";
import { crmSettingsOf } from "../../worker/crm/access-settings";
import { definitionsQuery, toDefinition, type PropertyDefinition } from "../../worker/crm/definitions";
import { budgetDay, budgetQuery, tokensUsedQuery, type BudgetReading } from "../../worker/lifecycle/token-budget";

/** Reads made with the agent's stamp, for the turn that answers the message (absent: the turn reads them itself). */
export type EarlyReads = { definitions?: readonly PropertyDefinition[]; budget?: BudgetReading };

/** What the isolate keeps: the agent, its definitions, and its daily limit on the day it was read. */
type Kept = { agent: Agent; definitions?: readonly PropertyDefinition[]; day: string; limit: number | null };

const kept = isolateCache<Kept>(["agent", "budget", "definitions"]);

/** The agent (null: it does not exist) and the reads made with it; `now` is the clock (tests move it). */
export async function readForMessage(
  env: Env,
  agentId: string,
  now = Date.now(),
): Promise<{ agent: Agent | null; early: EarlyReads }> {
  const fresh = kept.get(agentId, now);
  if (fresh && fresh.day === budgetDay(fresh.agent, now))
    return { agent: fresh.agent, early: await withUse(env, fresh) };
  const db = database(env);
  const known = cachedAgent(agentId);
  if (!known) return { agent: await publishedAgent(db, agentId), early: {} };
  const read = kept.begin(now);
  const day = budgetDay(known, now);
  const grants = Object.values(crmSettingsOf(known.settings).properties).some((access) => access.show || access.edit);
  const stampQuery = agentStampQuery(db, agentId);
  const dayQuery = budgetQuery(db, agentId, day);
  const [stamps, budgets, definitionRows] = grants
    ? await db.batch([stampQuery, dayQuery, definitionsQuery(db)])
    : [...(await db.batch([stampQuery, dayQuery])), undefined];
  const agent = await publishedAgent(db, agentId, { stamp: stamps[0] });
  // A changed agent may grant other properties, or keep its day in another time zone: the turn reads those itself.
  if (agent !== known) return { agent, early: {} };
  const definitions = definitionRows ? Object.freeze(definitionRows.map(toDefinition)) : undefined;
  const reads: Kept = { agent, day, limit: budgets[0]?.limit ?? null, ...(definitions ? { definitions } : {}) };
  kept.set(agentId, reads, read);
  return { agent, early: { budget: { day, row: budgets[0] }, ...(definitions ? { definitions } : {}) } };
}

/** A kept entry's reads for this message: the day's use read afresh when the agent has a limit. */
async function withUse(env: Env, reads: Kept): Promise<EarlyReads> {
  const { agent, day, limit, definitions } = reads;
  const used = limit === null ? null : ((await tokensUsedQuery(database(env), agent.id, day).get())?.tokens ?? null);
  const budget: BudgetReading = { day, row: limit === null ? undefined : { limit, used } };
  return { budget, ...(definitions ? { definitions } : {}) };
}
