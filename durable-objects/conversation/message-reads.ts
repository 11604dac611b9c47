/**
 * What handling a visitor message reads from D1, in one round trip while the isolate keeps the
 * agent (published-agent.ts): the agent's stamp, the day's token budget row and, when the agent
 * lets its conversations use contact properties, their definitions. Every D1 call costs CPU on the
 * object's one thread, so three reads in one batch cost less than three calls. The budget and the
 * definitions are read fresh each message (nothing of them is cached); when the agent changed, or is
 * not kept yet, it is read alone and the turn reads the rest when it needs it, as before.
 */
import { database } from "../../worker/db/client";
import type { Agent } from "../../worker/db/agents";
import { agentStampQuery, cachedAgent, publishedAgent } from "../../worker/db/published-agent";
import { crmSettingsOf } from "../../worker/crm/access-settings";
import { definitionsQuery, toDefinition, type PropertyDefinition } from "../../worker/crm/definitions";
import { budgetDay, budgetQuery, type BudgetReading } from "../../worker/lifecycle/token-budget";

/** Reads made with the agent's stamp, for the turn that answers the message (absent: the turn reads them itself). */
export type EarlyReads = { definitions?: readonly PropertyDefinition[]; budget?: BudgetReading };

export async function readForMessage(env: Env, agentId: string): Promise<{ agent: Agent | null; early: EarlyReads }> {
  const db = database(env);
  const kept = cachedAgent(agentId);
  if (!kept) return { agent: await publishedAgent(db, agentId), early: {} };
  const day = budgetDay(kept);
  const grants = Object.values(crmSettingsOf(kept.settings).properties).some((access) => access.show || access.edit);
  const stampQuery = agentStampQuery(db, agentId);
  const dayQuery = budgetQuery(db, agentId, day);
  const [stamps, budgets, definitionRows] = grants
    ? await db.batch([stampQuery, dayQuery, definitionsQuery(db)])
    : [...(await db.batch([stampQuery, dayQuery])), undefined];
  const agent = await publishedAgent(db, agentId, { stamp: stamps[0] });
  // A changed agent may grant other properties, or keep its day in another time zone: the turn reads those itself.
  if (agent !== kept) return { agent, early: {} };
  return {
    agent,
    early: {
      budget: { day, row: budgets[0] },
      ...(definitionRows ? { definitions: definitionRows.map(toDefinition) } : {}),
    },
  };
}
