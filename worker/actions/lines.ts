/**
 * What the server says at each step of an action (the offline flow, and confirmations of writes
 * a model proposed): the line's kind, the values it is filled with, and an explicit wording where
 * the default does not fit. Conversations say them (durable-objects/conversation/action-steps.ts);
 * preview shows the same words.
 */
import { CRM_LINES } from "../agent/offline/crm-lines";
import type { CopyValues } from "../lifecycle/copy";
import type { CrmToolResult } from "../crm/session";
import type { SystemMessageKind } from "../protocol/events";
import type { Action, ActionInput } from "./definition";
import type { ActionCallResult } from "./run";
import { actionWords, describeFields } from "./session";

export type ActionLine = { kind: SystemMessageKind; values?: CopyValues; template?: string };

export const inputQuestion = (input: ActionInput): ActionLine => ({
  kind: "action_input",
  values: { label: input.label.toLowerCase(), value: input.instructions ? ` (${input.instructions})` : "" },
});

export const invalidInput = (input: ActionInput, error: string): ActionLine => ({
  kind: "action_input_invalid",
  values: { label: input.label.toLowerCase(), value: error },
});

/** Said when a second answer did not fit either: the action stops. */
export const inputGivenUp = (error: string): ActionLine => ({ kind: "action_failed", values: { value: error } });

/** The server's question before a write runs, naming exactly the inputs it runs with. */
export function confirmQuestion(action: Action, inputs: Record<string, string>): ActionLine {
  const named = action.inputs
    .filter((i) => inputs[i.name] !== undefined)
    .map((i) => `${i.label.toLowerCase()}: ${inputs[i.name]}`)
    .join(", ");
  return { kind: "action_confirm", values: { label: actionWords(action), value: named } };
}

/** What came of a call: the chosen fields, or a polite failure with a person offered. */
export function resultLine(action: Action, result: ActionCallResult): ActionLine {
  if (!result.ok) return { kind: "action_failed", values: { value: result.message } };
  const fields = describeFields(result);
  const done = action.risk === "write" ? "Done." : "Here is what I found.";
  return { kind: "action_result", values: { value: fields ? `${done} ${fields}.` : done } };
}

/** While a check of who the visitor is stands between them and the action. */
export function identityLine(result: CrmToolResult): ActionLine {
  const lines = CRM_LINES.en;
  if (result.status === "email_needed") return { kind: "action_identity" };
  if (result.status === "verification_sent") return { kind: "action_identity", template: lines.linkSent(result.email) };
  if (result.status === "verification_unavailable")
    return {
      kind: "action_failed",
      template: result.reason === "rate_limited" ? lines.tooManyLinks : lines.linkFailed,
    };
  return { kind: "action_failed", values: { value: "it needs details I cannot use here." } };
}
