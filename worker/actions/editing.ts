/**
 * The agent's actions as the admin edits them: read from the draft configuration (or the published
 * one when there is no draft) and saved as a new version through the same path as `PUT
 * /api/agents/:id`, so an edit of a live agent is a draft until published and a new agent's is live
 * at once. A credential is kept while the draft or the live configuration still has its action.
 */
import { database } from "../db/client";
import { getAgent, getDraft, saveAgentVersion, type Agent, type AgentConfig } from "../db/agents";
import { notFound } from "../lib/errors";
import { actionCredentialsSet, deleteActionCredentials } from "./credentials";
import { actionsOf, type Action } from "./definition";

/** What an edit starts from: the agent, the configuration edits apply to, its actions and the live ones. */
export type Editable = { agent: Agent; base: AgentConfig; actions: Action[]; liveIds: string[] };

/** An action as the API shows it: its definition, whether a credential is set (never the value), whether it is live. */
export type ActionView = Action & { credentialSet: boolean; live: boolean };

export async function editableActions(env: Pick<Env, "DB">, agentId: string): Promise<Editable> {
  const db = database(env);
  const agent = await getAgent(db, agentId);
  if (!agent) throw notFound("Agent");
  const base = (await getDraft(db, agent)) ?? agent;
  const { name, personality, greeting, settings } = base;
  return {
    agent,
    base: { name, personality, greeting, settings },
    actions: actionsOf(settings),
    liveIds: actionsOf(agent.settings).map((action) => action.id),
  };
}

/** Views of `actions`; `credentials` is the set of action ids with a credential. */
export function actionViews(editable: Editable, actions: Action[], credentials: Set<string>): ActionView[] {
  return actions.map((action) => ({
    ...action,
    credentialSet: credentials.has(action.id),
    live: editable.liveIds.includes(action.id) && editable.agent.unpublishedAt === null,
  }));
}

export async function viewsOf(env: Pick<Env, "DB">, editable: Editable, actions: Action[]): Promise<ActionView[]> {
  return actionViews(editable, actions, await actionCredentialsSet(env, editable.agent.id));
}

/** Saves `actions` as the agent's next version (a draft of a live agent) and drops credentials no version in use needs. */
export async function saveActions(env: Pick<Env, "DB">, editable: Editable, actions: Action[]): Promise<void> {
  const { base, agent } = editable;
  await saveAgentVersion(database(env), agent.id, { ...base, settings: { ...base.settings, actions } });
  await pruneActionCredentials(env, agent.id);
}

/** Removes the credentials of actions neither the draft nor the published configuration has (after a save or a publish). */
export async function pruneActionCredentials(env: Pick<Env, "DB">, agentId: string): Promise<void> {
  const db = database(env);
  const agent = await getAgent(db, agentId);
  if (!agent) return;
  const draft = await getDraft(db, agent);
  const inUse = [...actionsOf(agent.settings), ...actionsOf(draft?.settings)].map((action) => action.id);
  await deleteActionCredentials(env, agentId, [...new Set(inUse)]);
}

/**
 * What publishing (or restoring a version) left live without what it needs: one line per live action
 * that authenticates but has no credential — one restored after its credential went with the version
 * that dropped it, or one saved without it. Such an action fails with `missing_credentials` until it is set.
 */
export async function liveActionWarnings(env: Pick<Env, "DB">, agent: Agent): Promise<string[]> {
  if (agent.unpublishedAt !== null) return [];
  const needing = actionsOf(agent.settings).filter((action) => action.auth.kind !== "none");
  if (needing.length === 0) return [];
  const set = await actionCredentialsSet(env, agent.id);
  return needing
    .filter((action) => !set.has(action.id))
    .map(
      (action) =>
        `Action "${action.name}" is live without its credential and fails until it is set again ` +
        `(PUT /api/agents/${agent.id}/actions/${action.id} with "credential", then publish; or on the Actions page).`,
    );
}
