/**
 * The action a preview or batch test shows: with the offline model, the one the message's trigger
 * phrase starts and the line the visitor would read at that step; with a generative model, the
 * first action tool it called. A write is never called; a read only when the preview asks for it
 * (the action session's preview mode).
 */
import type { Agent } from "../db/agents";
import { handoffSettings } from "../handoff/settings";
import { ACTION_TOOL_PREFIX } from "../actions/tools";
import { findInputsIn } from "../actions/inputs";
import { matchAction, type ActionCallLog, type ActionSession } from "../actions/session";
import {
  confirmQuestion,
  identityLine,
  inputQuestion,
  inputUnavailable,
  invalidInput,
  resultLine,
  type ActionLine,
} from "../actions/lines";
import { lifecycleText } from "../lifecycle/copy";

export type ToolCall = { name: string; input: unknown };

/**
 * An action in preview: its inputs so far, what it would still ask for, and — only for a read
 * action the preview asked to call (`callReadActions`) — how the call went. Writes are never called.
 */
export type PreviewAction = {
  name: string;
  risk: "read" | "write";
  inputs: Record<string, string>;
  /** The label of the input it would ask for next, if any. */
  asks: string | null;
  called: boolean;
  result: { ok: boolean; status: number | null; code: string | null; durationMs: number } | null;
};

/** With the offline model, the action the message's trigger phrase starts, and the line the visitor would read. */
export async function planOfflineAction(
  session: ActionSession,
  agent: Agent,
  message: string,
): Promise<{ action: PreviewAction; line: string } | null> {
  const action = matchAction(agent.settings, message);
  if (!action) return null;
  const calls: PreviewAction["result"][] = [];
  const prepared = await session.prepare(action, findInputsIn(message, action.inputs));
  const inputs = prepared.kind === "identity" || prepared.kind === "unavailable" ? {} : prepared.values;
  let line: ActionLine;
  if (prepared.kind === "identity") line = identityLine(prepared.result);
  else if (prepared.kind === "unavailable") line = inputUnavailable(prepared.input);
  else if (prepared.kind === "invalid") line = invalidInput(prepared.input, prepared.error);
  else if (prepared.kind === "input_needed") line = inputQuestion(prepared.input);
  else if (action.risk === "write") line = confirmQuestion(action, inputs);
  else {
    const execution = await session.execute(action, inputs);
    line =
      execution.kind === "called"
        ? resultLine(action, execution.result)
        : { kind: "action_result", template: "(The action is not called in preview unless you ask for it.)" };
    if (execution.kind === "called") calls.push(resultOf(execution.result));
  }
  const messages = handoffSettings(agent.settings).messages;
  return {
    line: lifecycleText(line.kind, messages, { agent: agent.name, ...line.values }, line.template),
    action: {
      name: action.name,
      risk: action.risk,
      inputs,
      asks: prepared.kind === "input_needed" || prepared.kind === "invalid" ? prepared.input.label : null,
      called: calls.length > 0,
      result: calls[0] ?? null,
    },
  };
}

const resultOf = (r: { ok: boolean; status: number | null; durationMs: number; code?: string }) => ({
  ok: r.ok,
  status: r.status,
  code: r.code ?? null,
  durationMs: r.durationMs,
});

/** With a generative model, the first action tool it called, with its inputs and the call if one was made. */
export function modelAction(
  session: ActionSession,
  toolCalls: ToolCall[],
  calls: ActionCallLog[],
): PreviewAction | null {
  const call = toolCalls.find((t) => t.name.startsWith(ACTION_TOOL_PREFIX));
  const action = call ? session.actions.find((a) => `${ACTION_TOOL_PREFIX}${a.name}` === call.name) : null;
  if (!call || !action) return null;
  const made = calls.find((c) => c.actionId === action.id);
  const input = (call.input ?? {}) as Record<string, unknown>;
  return {
    name: action.name,
    risk: action.risk,
    inputs: Object.fromEntries(Object.entries(input).map(([k, v]) => [k, String(v)])),
    asks: null,
    called: made !== undefined,
    result: made ? resultOf(made) : null,
  };
}
