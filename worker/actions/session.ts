/**
 * What one conversation (or a preview) may do with the agent's actions, whoever asks — the
 * offline flow that collects inputs by asking, or a model's tool call. Before any request: the
 * action's protection level is checked through the conversation's CRM session (which may ask
 * for the visitor's email or send a verification link), inputs taken from contact properties are
 * read through the same checks, and every input is validated. A write action is never run here
 * on a model's word: it is held in the awaiting slot for the visitor's yes to the server's own
 * question. In preview, a write is never called and a read only when the preview asks for it.
 * Every call made is logged on the conversation (inputs, outcome, duration; never credentials).
 */
import type { Agent } from "../db/agents";
import type { LoggedEvent } from "../protocol/events";
import type { ConversationCrm } from "../crm/conversation-crm";
import type { CrmToolResult } from "../crm/session";
import { randomId } from "../lib/crypto";
import { matchTriggerPhrase } from "../handoff/person-request";
import { claimAwaiting, type AwaitingSlot } from "../lifecycle/awaiting";
import { actionsOf, type Action, type ActionInput } from "./definition";
import { openActionCredential } from "./credentials";
import { checkInput } from "./inputs";
import { runAction, type ActionCallResult } from "./run";

/** An action call as the conversation's log keeps it (the `action_call` event without its type, seq and time). */
export type ActionCallLog = Omit<Extract<LoggedEvent, { type: "action_call" }>, "type" | "seq" | "at">;

/** Live conversations call actions; a preview calls read actions only when asked to, and write actions never. */
export type ActionMode = { kind: "live" } | { kind: "preview"; callReads: boolean };

export type ActionSessionDeps = {
  env: Env;
  agent: Pick<Agent, "id" | "settings">;
  crm: Pick<ConversationCrm, "access" | "lookup">;
  awaiting: AwaitingSlot;
  mode: ActionMode;
  /** Writes the call to the conversation's log (absent in preview). */
  logCall?: (call: ActionCallLog) => void;
};

/** Where an action stands before it can run. */
export type Prepared =
  /** Who the visitor is must be checked first; the CRM session started the check (asked for the email, sent a link). */
  | { kind: "identity"; result: CrmToolResult }
  /** A required input is still missing. */
  | { kind: "input_needed"; input: ActionInput; values: Record<string, string> }
  | { kind: "invalid"; input: ActionInput; error: string; values: Record<string, string> }
  /** An input filled from a contact property has no usable value there (or the agent may not read it). */
  | { kind: "unavailable"; input: ActionInput }
  | { kind: "ready"; values: Record<string, string>; contactId: string | null };

/** What came of asking to run an action. */
export type Execution =
  | { kind: "called"; result: ActionCallResult }
  /** A preview does not call it (a write, or a read the preview did not ask to call). */
  | { kind: "not_called"; reason: "preview_write" | "preview_read" };

const CALL_ID_BYTES = 9; // names one held write within one conversation; need not be secret
const PENDING: ReadonlySet<CrmToolResult["status"]> = new Set([
  "email_needed",
  "verification_sent",
  "verification_unavailable",
]);

export class ActionSession {
  /** The write this turn held for the visitor's yes, if any; the server asks about it after the turn. */
  heldCallId: string | null = null;
  readonly actions: readonly Action[];

  constructor(private readonly deps: ActionSessionDeps) {
    this.actions = actionsOf(deps.agent.settings).filter((a) => a.enabled);
  }

  get mode(): ActionMode {
    return this.deps.mode;
  }

  byId(id: string): Action | null {
    return this.actions.find((a) => a.id === id) ?? null;
  }

  /**
   * Checks identity, fills inputs from contact properties and validates the `given` ones (by
   * name; unknown names are ignored). Identity comes first, so a visitor who cannot be verified
   * is never asked for the inputs.
   */
  async prepare(action: Action, given: Record<string, string>): Promise<Prepared> {
    let contactId: string | null = null;
    if (action.protection !== "none") {
      const access = await this.deps.crm.access(action.protection, { property: action.name, label: action.name });
      if (access.kind === "pending") return { kind: "identity", result: access.result };
      contactId = access.contactId;
    }
    const values: Record<string, string> = {};
    for (const input of action.inputs) {
      if (input.fromProperty) {
        const read = await this.deps.crm.lookup(input.fromProperty);
        if (PENDING.has(read.status)) return { kind: "identity", result: read };
        const checked = read.status === "ok" ? checkInput(input, read.value) : null;
        // Never asked of the visitor: a value the contact record vouches for cannot be typed in instead.
        if (!checked?.ok) return { kind: "unavailable", input };
        values[input.name] = checked.value;
        continue;
      }
      const raw = given[input.name];
      if (raw === undefined || raw.trim() === "") continue;
      const checked = checkInput(input, raw);
      if (!checked.ok) return { kind: "invalid", input, error: checked.error, values };
      values[input.name] = checked.value;
    }
    const missing = action.inputs.find((i) => i.required && values[i.name] === undefined);
    return missing ? { kind: "input_needed", input: missing, values } : { kind: "ready", values, contactId };
  }

  /** Holds a ready write action for the visitor's yes (asked by the server after the turn); null when another answer is awaited. */
  holdWrite(action: Action, values: Record<string, string>, contactId: string | null): string | null {
    const id = randomId("call", CALL_ID_BYTES);
    const call = { id, actionId: action.id, inputs: values, contactId, askedSeq: null };
    if (!claimAwaiting(this.deps.awaiting, { kind: "action_confirmation", call })) return null;
    this.heldCallId = id;
    return id;
  }

  /** Runs a ready action (a write only after the visitor's yes), logs the call, and returns what came of it. */
  async execute(action: Action, values: Record<string, string>): Promise<Execution> {
    const { mode } = this.deps;
    if (mode.kind === "preview") {
      if (action.risk === "write") return { kind: "not_called", reason: "preview_write" };
      if (!mode.callReads) return { kind: "not_called", reason: "preview_read" };
    }
    const credential = await openActionCredential(this.deps.env, this.deps.agent.id, action.id);
    const result = await runAction(this.deps.env, action, values, { credential });
    this.deps.logCall?.({
      actionId: action.id,
      name: action.name,
      inputs: values,
      ok: result.ok,
      ...(result.ok ? {} : { code: result.code }),
      status: result.status,
      durationMs: result.durationMs,
    });
    return { kind: "called", result };
  }
}

/** The agent's enabled action whose trigger phrase the visitor's message contains, if any (the offline model's choice). */
export function matchAction(settings: Agent["settings"], text: string): Action | null {
  return actionsOf(settings).find((a) => a.enabled && matchTriggerPhrase(text, a.triggerPhrases) !== null) ?? null;
}

/** An action's name as words in a sentence ("cancel_order" → "cancel order"). */
export const actionWords = (action: Pick<Action, "name">): string => action.name.replace(/_/g, " ");

/** The answer's wording of a result's fields: "Status: shipped; Carrier: UPS". */
export function describeFields(result: Extract<ActionCallResult, { ok: true }>): string {
  return result.fields
    .filter((f) => f.value !== null && f.value !== "")
    .map((f) => `${f.label}: ${String(f.value)}`)
    .join("; ");
}
