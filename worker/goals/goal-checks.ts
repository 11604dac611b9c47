/**
 * Save-time checks of an agent's goal that need D1 (the schema checks the rest): each criterion's
 * contact property must exist (and not be the email, which identifies the contact), and a qualified
 * lead's own handoff routing must name a team or staff member that exists — otherwise answers would
 * be stored nowhere and leads handed to no one; and no criterion's pattern may backtrack for
 * exponentially long on a visitor's answer (`worker/lib/slow-pattern.ts`).
 */
import { EMAIL_PROPERTY, listDefinitions } from "../crm/definitions";
import { routingTargetExists } from "../handoff/routing";
import { ApiError } from "../lib/errors";
import { slowPatternProblem } from "../lib/slow-pattern";
import type { Goal } from "./definition";

/** Field errors of the goal (keyed like the request body's, `settings.goal.…`); empty when it can be saved. */
export async function goalErrors(env: Pick<Env, "DB">, goal: Goal): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  const known = new Set((await listDefinitions(env)).map((d) => d.name));
  goal.criteria.forEach((criterion, index) => {
    const field = `settings.goal.criteria.${index}.property`;
    if (criterion.property === EMAIL_PROPERTY)
      errors[field] = "The email identifies the contact; email capture asks for it, not a goal question";
    else if (!known.has(criterion.property)) errors[field] = "No such contact property (GET /api/contact-properties)";
    const slow = slowPatternProblem(criterion.pattern);
    if (slow) errors[`settings.goal.criteria.${index}.pattern`] = slow;
  });
  const routing = goal.qualified.kind === "handoff" ? goal.qualified.routing : undefined;
  if (routing && !(await routingTargetExists(env, routing))) {
    if (routing.type === "team") errors["settings.goal.qualified.routing.teamId"] = "No such team (GET /api/teams)";
    else errors["settings.goal.qualified.routing.staffId"] = "No such staff member (GET /api/staff)";
  }
  return errors;
}

/** Refuses a goal that names a property, team or staff member that does not exist, or a slow pattern (400 with a field error each). */
export async function refuseInvalidGoal(env: Pick<Env, "DB">, goal: Goal | undefined): Promise<void> {
  if (!goal) return;
  const errors = await goalErrors(env, goal);
  if (Object.keys(errors).length > 0) throw new ApiError(400, "invalid_body", "The request body is invalid", errors);
}
