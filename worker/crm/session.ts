/**
 * What a turn may do with the CRM, and what each attempt came to. The conversation provides a
 * session (worker/crm/conversation-crm.ts) that enforces the admin's protection levels; the
 * tools a model calls (worker/agent/crm-tools.ts) only pass requests through it, so no model
 * decides whether a value may be read or written. Results carry a value only when access was granted.
 */

/** A property the agent may use, as the prompt describes it: never its value. */
export type CrmPromptProperty = {
  name: string;
  label: string;
  synonyms: string[];
  read: boolean;
  edit: boolean;
  instructions?: string;
};

export type CrmToolResult =
  /** Access granted: the value as the visitor reads it. */
  | { status: "ok"; property: string; label: string; value: string }
  | { status: "no_value"; property: string; label: string }
  /** The agent must ask for the visitor's email address before it can check who they are. */
  | { status: "email_needed"; property: string; label: string }
  /** A verification link went to `email` (or would have, were the address on file); the answer waits for it. */
  | { status: "verification_sent"; property: string; label: string; email: string }
  /** No link could be sent now (too many recently, or the email did not go out). */
  | { status: "verification_unavailable"; property: string; label: string; reason: "rate_limited" | "failed" }
  /** The change waits for the visitor's yes to the server's question (asked after the turn); nothing has been written. */
  | { status: "confirmation_required"; property: string; label: string; value: string }
  /** A second change in the same turn: refused, so the visitor is asked about one change at a time. */
  | { status: "change_refused"; property: string; label: string; reason: string }
  | { status: "invalid_value"; property: string; label: string; error: string }
  /** The admin does not let the agent read (or change) this property. */
  | { status: "not_allowed"; property: string; label: string }
  | { status: "unknown_property"; property: string };

export interface CrmSession {
  /** The properties the agent may read or edit in this conversation (for the prompt). */
  readonly properties: readonly CrmPromptProperty[];
  lookup(property: string): Promise<CrmToolResult>;
  /** Validates the value and asks for the visitor's confirmation; the server writes after their yes. */
  proposeChange(property: string, value: unknown): Promise<CrmToolResult>;
}
