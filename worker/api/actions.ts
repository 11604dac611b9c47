/**
 * Admin routes for an agent's actions (calls to the owner's APIs): list, create, read, replace and
 * remove, and a test run. Actions are part of the agent's versioned settings, so every change is saved like `PUT
 * /api/agents/:id`: a draft of a live agent until it is published, live at once for a new agent.
 * Credentials go in (`credential`) and never come out: answers only say whether one is set; a test
 * run shows the request it sent with the credential redacted.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { countActionTest } from "../abuse/action-tests";
import { crmSettingsOf } from "../crm/access-settings";
import { actionProblems, refuseProblems } from "../actions/checks";
import { MAX_CREDENTIAL_CHARS, openActionCredential, setActionCredential } from "../actions/credentials";
import { actionSchema, MAX_ACTION_INPUTS, MAX_ACTIONS, type Action } from "../actions/definition";
import { MAX_INPUT_CHARS } from "../actions/inputs";
import { runAction } from "../actions/run";
import { editableActions, saveActions, viewsOf, type Editable } from "../actions/editing";
import type { AppEnv } from "../lib/app-env";
import { randomId } from "../lib/crypto";
import { ApiError, notFound } from "../lib/errors";
import { agentIdParam, agentIdPath } from "../lib/params";
import { pathParam, readPathParam, routeSpecs } from "../lib/route-spec";

const ACTION_ID = /^act_[A-Za-z0-9_-]{6,40}$/;
const ID_BYTES = 12; // 16 base64url characters: ids are generated, never guessed

const credential = z
  .string()
  .min(1)
  .max(MAX_CREDENTIAL_CHARS)
  .regex(/^[^\r\n]*$/, "A credential is one line")
  .describe("Write-only: the bearer token, password or API key the action authenticates with");
const definition = actionSchema.omit({ id: true });
const createBody = definition.extend({ credential: credential.optional() });
const replaceBody = definition.extend({
  credential: credential.nullable().optional().describe("A string sets it, null removes it, absent keeps it"),
});

const testBody = z.strictObject({
  inputs: z
    .record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "An input's name"), z.string().max(MAX_INPUT_CHARS))
    .refine((inputs) => Object.keys(inputs).length <= MAX_ACTION_INPUTS, `At most ${MAX_ACTION_INPUTS} inputs`)
    .default({})
    .describe("Sample values by input name, checked as a visitor's answers would be"),
});

const declare = routeSpecs("Actions");
const actionIdPath = pathParam(z.string().regex(ACTION_ID).describe("The action's id (act_…)"), () =>
  notFound("Action"),
);
const params = { id: agentIdPath };
const oneParams = { id: agentIdPath, act: actionIdPath };
const ACTION =
  "The action's definition (id, name, description, triggerPhrases, inputs, request, auth, " +
  "protection, risk, response, timeoutMs, enabled), credentialSet (never the credential) and live " +
  "(published and on)";
const SAVED_AS_VERSION =
  "Saved as the agent's next configuration version: a live agent's change is a draft until `POST /api/agents/:id/publish`.";

type Found = { editable: Editable; action: Action; index: number };

async function existingAction(c: Context<AppEnv>): Promise<Found> {
  const editable = await editableActions(c.env, agentIdParam(c));
  const id = readPathParam(c, "act", actionIdPath);
  const index = editable.actions.findIndex((action) => action.id === id);
  const action = editable.actions[index];
  if (!action) throw notFound("Action");
  return { editable, action, index };
}

/** Names are tool names models see: one per agent. */
function refuseTakenName(actions: Action[], name: string, exceptId?: string): void {
  if (actions.some((action) => action.name === name && action.id !== exceptId))
    throw new ApiError(409, "name_taken", `The agent already has an action named ${name}`, {
      name: "Another action of this agent has this name",
    });
}

function refuseInvalid(c: Context<AppEnv>, editable: Editable, action: Action): void {
  refuseProblems(actionProblems(c.env, action, crmSettingsOf(editable.base.settings)));
}

async function viewOf(c: Context<AppEnv>, editable: Editable, action: Action) {
  const [view] = await viewsOf(c.env, editable, [action]);
  return view;
}

export const actionRoutes = new Hono<AppEnv>()
  .get(
    "/agents/:id/actions",
    declare({
      summary: "List the agent's actions (of its draft when it has one)",
      description:
        "The actions of the configuration being edited: the draft when there is one, else the published " +
        "one. `published` lists the ids of the actions live now.",
      params,
      response: { description: `{ actions: [${ACTION}], published: [action ids] }` },
    }),
    async (c) => {
      const editable = await editableActions(c.env, agentIdParam(c));
      return c.json({
        actions: await viewsOf(c.env, editable, editable.actions),
        published: editable.agent.unpublishedAt === null ? editable.liveIds : [],
      });
    },
  )
  .post(
    "/agents/:id/actions",
    declare({
      summary: "Add an action (live when the agent is next published)",
      description: `${SAVED_AS_VERSION} The credential is stored encrypted and never returned.`,
      params,
      body: createBody,
      response: { status: 201, description: ACTION },
    }),
    async (c) => {
      const editable = await editableActions(c.env, agentIdParam(c));
      const { credential: secret, ...rest } = c.req.valid("json");
      const action: Action = { id: randomId("act", ID_BYTES), ...rest };
      if (editable.actions.length >= MAX_ACTIONS)
        throw new ApiError(409, "too_many_actions", `An agent has at most ${MAX_ACTIONS} actions; remove one first`);
      refuseTakenName(editable.actions, action.name);
      refuseInvalid(c, editable, action);
      if (secret !== undefined) await setActionCredential(c.env, editable.agent.id, action.id, secret);
      await saveActions(c.env, editable, [...editable.actions, action]);
      return c.json(await viewOf(c, editable, action), 201);
    },
  )
  .get(
    "/agents/:id/actions/:act",
    declare({
      summary: "Read an action (of the draft when there is one)",
      params: oneParams,
      response: { description: ACTION },
    }),
    async (c) => {
      const { editable, action } = await existingAction(c);
      return c.json(await viewOf(c, editable, action));
    },
  )
  .put(
    "/agents/:id/actions/:act",
    declare({
      summary: "Replace an action's definition (live when the agent is next published)",
      description: `${SAVED_AS_VERSION} \`credential\`: a string sets it, null removes it, absent keeps it.`,
      params: oneParams,
      body: replaceBody,
      response: { description: ACTION },
    }),
    async (c) => {
      const { editable, action: old, index } = await existingAction(c);
      const { credential: secret, ...rest } = c.req.valid("json");
      const action: Action = { id: old.id, ...rest };
      refuseTakenName(editable.actions, action.name, old.id);
      refuseInvalid(c, editable, action);
      if (secret !== undefined) await setActionCredential(c.env, editable.agent.id, action.id, secret);
      await saveActions(c.env, editable, editable.actions.with(index, action));
      return c.json(await viewOf(c, editable, action));
    },
  )
  .delete(
    "/agents/:id/actions/:act",
    declare({
      summary: "Remove an action (still live until the agent is next published)",
      description: `${SAVED_AS_VERSION} Its credential goes once no configuration in use has the action.`,
      params: oneParams,
      response: { description: "{ id, deleted: true }" },
    }),
    async (c) => {
      const { editable, action } = await existingAction(c);
      await saveActions(
        c.env,
        editable,
        editable.actions.filter((other) => other.id !== action.id),
      );
      return c.json({ id: action.id, deleted: true });
    },
  )
  .post(
    "/agents/:id/actions/:act/test",
    declare({
      summary: "Run an action of the draft with sample inputs, as the agent would (write actions really write)",
      description:
        "Calls the owner's API now, with the stored credential, through the outbound-fetch guard: a " +
        "write action changes what it changes, as the admin asked. Answers the request as sent " +
        "(credential redacted) and the result: status, duration, the response fields and data, or the " +
        "failure's code and message. At most 30 runs per agent in 10 minutes (429 `rate_limited` with " +
        "`Retry-After` beyond, nothing sent).",
      params: oneParams,
      body: testBody,
      response: {
        description:
          "{ id, ok, status, durationMs, request: { method, url, headers, body } (credential redacted), " +
          "fields, data } or, when it failed, { id, ok: false, code, message, status, durationMs, request }",
      },
    }),
    async (c) => {
      const { editable, action } = await existingAction(c);
      const { inputs } = c.req.valid("json");
      await countActionTest(c.env, editable.agent.id);
      const credential = await openActionCredential(c.env, editable.agent.id, action.id);
      return c.json({ id: action.id, ...(await runAction(c.env, action, inputs, { credential })) });
    },
  );
