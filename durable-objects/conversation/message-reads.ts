/**
 * What handling a visitor message reads from D1, kept by the isolate for a few seconds: the agent's
 * stamp (published-agent.ts keeps the agent), the day's token budget row and, when the agent lets
 * its conversations use contact properties, their definitions — one batch, then nothing for
 * `READ_TTL_MS` (worker/db/read-cache.ts). Every D1 call costs CPU on the object's one thread and
 * delays the model's start, and a busy agent's messages come many a second.
 *
 * Staleness: a write through this isolate's admin API (publish, unpublish, controls, property
 * definitions) drops the entry at once, so the next message reads afresh; another isolate's write is
 * seen within the TTL. The budget check adds what this isolate spent since the reading
 * (token-budget.ts), so a limit is overshot by at most what other isolates spend within one TTL, on
 * top of the model call that crosses it (which every budget check before a call allows).
 * When the agent changed, or is not kept yet, it is read alone and the turn reads the rest itself.
 */
import { database } from "../../worker/db/client";
import type { Agent } from "../../worker/db/agents";
import { agentStampQuery, cachedAgent, publishedAgent } from "../../worker/db/published-agent";
import { isolateCache } from "../../worker/db/read-cache";
import { crmSettingsOf } from "../../worker/crm/access-settings";
import { definitionsQuery, toDefinition, type PropertyDefinition } from "../../worker/crm/definitions";
import { budgetDay, budgetQuery, tokensSpentHere, type BudgetReading } from "../../worker/lifecycle/token-budget";

/** Reads made with the agent's stamp, for the turn that answers the message (absent: the turn reads them itself). */
export type EarlyReads = { definitions?: readonly PropertyDefinition[]; budget?: BudgetReading };

type Kept = { agent: Agent; early: Required<Pick<EarlyReads, "budget">> & EarlyReads };

const kept = isolateCache<Kept>(["agent", "budget", "definitions"]);

/** The agent (null: it does not exist) and the reads made with it; `now` is the clock (tests move it). */
export async function readForMessage(
  env: Env,
  agentId: string,
  now = Date.now(),
): Promise<{ agent: Agent | null; early: EarlyReads }> {
  const fresh = kept.get(agentId, now);
  if (fresh && fresh.early.budget.day === budgetDay(fresh.agent, now)) return fresh;
  const db = database(env);
  const known = cachedAgent(agentId);
  if (!known) return { agent: await publishedAgent(db, agentId), early: {} };
  const read = kept.begin(now);
  const day = budgetDay(known, now);
  const spentHere = tokensSpentHere(agentId, day);
  const grants = Object.values(crmSettingsOf(known.settings).properties).some((access) => access.show || access.edit);
  const stampQuery = agentStampQuery(db, agentId);
  const dayQuery = budgetQuery(db, agentId, day);
  const [stamps, budgets, definitionRows] = grants
    ? await db.batch([stampQuery, dayQuery, definitionsQuery(db)])
    : [...(await db.batch([stampQuery, dayQuery])), undefined];
  const agent = await publishedAgent(db, agentId, { stamp: stamps[0] });
  // A changed agent may grant other properties, or keep its day in another time zone: the turn reads those itself.
  if (agent !== known) return { agent, early: {} };
  const reads: Kept = {
    agent,
    early: {
      budget: { day, row: budgets[0], spentHere },
      ...(definitionRows ? { definitions: Object.freeze(definitionRows.map(toDefinition)) } : {}),
    },
  };
  kept.set(agentId, reads, read);
  return reads;
}
