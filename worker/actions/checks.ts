/**
 * Save-time checks of actions beyond their schema, shared by the actions API and `PUT
 * /api/agents/:id`: templates must be sound (`checkTemplates`: an absolute http(s) URL whose origin
 * takes no input, known placeholders, a JSON body on POST only); the URL's host must not be a
 * private, loopback or reserved address (the policy of every outbound fetch); an input filled from
 * a contact property must name one the agent may read; no input pattern may backtrack for
 * exponentially long (`worker/lib/slow-pattern.ts`); ids and names are unique. Problems are keyed
 * by field path, as `invalid_body` details are.
 */
import { loopbackAllowance, refuseUrl } from "../lib/address-policy";
import { ApiError } from "../lib/errors";
import { slowPatternProblem } from "../lib/slow-pattern";
import type { CrmSettings } from "../crm/access-settings";
import { PLACEHOLDER, type Action } from "./definition";
import { checkTemplates } from "./template";

export type Problems = Record<string, string>;

/** A private, loopback or reserved host, checked with each placeholder filled (templates are checked apart). */
function privateHost(env: Pick<Env, "ALLOW_LOOPBACK_FETCH">, template: string): string | null {
  let url: URL;
  try {
    url = new URL(template.replace(new RegExp(PLACEHOLDER.source, "g"), "x"));
  } catch {
    return null; // checkTemplates says how the URL is malformed
  }
  return refuseUrl(url, loopbackAllowance(env.ALLOW_LOOPBACK_FETCH))?.message ?? null;
}

/** One action's problems, keyed by paths inside the action (`request.url`, `inputs.0.fromProperty`). */
export function actionProblems(
  env: Pick<Env, "ALLOW_LOOPBACK_FETCH">,
  action: Action,
  crm: CrmSettings | undefined,
): Problems {
  const problems: Problems = {};
  const add = (path: string, message: string): void => {
    problems[path] ??= message;
  };
  for (const problem of checkTemplates(action)) add(problem.path, problem.message);
  const host = privateHost(env, action.request.url);
  if (host) add("request.url", host);
  action.inputs.forEach((input, i) => {
    const slow = slowPatternProblem(input.pattern);
    if (slow) add(`inputs.${i}.pattern`, slow);
    if (input.fromProperty !== undefined && !crm?.properties[input.fromProperty]?.show)
      add(
        `inputs.${i}.fromProperty`,
        `The agent may not read the contact property ${input.fromProperty}: allow it under settings.crm.properties first`,
      );
  });
  return problems;
}

/** Every action's problems, keyed under `prefix` and the action's index; ids and names must be unique. */
export function actionsProblems(
  env: Pick<Env, "ALLOW_LOOPBACK_FETCH">,
  actions: Action[],
  crm: CrmSettings | undefined,
  prefix: string,
): Problems {
  const problems: Problems = {};
  const ids = new Set<string>();
  const names = new Set<string>();
  actions.forEach((action, i) => {
    const at = `${prefix}${i}`;
    if (ids.has(action.id)) problems[`${at}.id`] = "Another action has this id";
    if (names.has(action.name)) problems[`${at}.name`] = "Another action has this name";
    ids.add(action.id);
    names.add(action.name);
    for (const [path, message] of Object.entries(actionProblems(env, action, crm)))
      problems[`${at}.${path}`] ??= message;
  });
  return problems;
}

/** Throws the API's 400 for `problems`, when there are any. */
export function refuseProblems(problems: Problems): void {
  if (Object.keys(problems).length > 0)
    throw new ApiError(400, "invalid_body", "The request body is invalid", problems);
}
