/**
 * The CRM tools a model calls — `lookup_contact_property` and `update_contact_property` — and
 * the prompt lines that describe the properties it may use. The tools only pass the model's
 * request to the conversation's CRM session, which checks the protection level, validates the
 * value and holds a change until the visitor confirms it. The offline model calls them too.
 */
import { tool, zodSchema, type ToolSet } from "ai";
import { z } from "zod";
import type { CrmPromptProperty, CrmSession } from "../crm/session";
import type { PromptTool } from "./prompt";

export const LOOKUP_TOOL = "lookup_contact_property";
export const UPDATE_TOOL = "update_contact_property";
export const CRM_TOOLS = [LOOKUP_TOOL, UPDATE_TOOL] as const;
const MAX_VALUE_CHARS = 1_000;

// Built once per isolate as the `ai` SDK reads them: a bare zod schema is converted to JSON Schema on every model call.
const lookupInput = zodSchema(z.object({ property: z.string().trim().min(1).max(64) }));
const updateInput = zodSchema(
  z.object({ property: z.string().trim().min(1).max(64), value: z.string().max(MAX_VALUE_CHARS) }),
);

const DESCRIPTIONS = {
  [LOOKUP_TOOL]:
    "Read one property of the visitor's contact record (by its name from the list of contact " +
    "properties). The server checks who the visitor is first; if the result asks for their email or " +
    "says a verification link was sent, tell the visitor exactly that and do not guess the value.",
  [UPDATE_TOOL]:
    "Propose a new value for one property of the visitor's contact record, at most once per reply. " +
    "Nothing is written yet: after your reply the server itself asks the visitor to confirm exactly " +
    "this property and value, and saves it only after they answer yes to that question. Tell the " +
    "visitor what you proposed; do not ask your own confirmation question.",
} as const;

/** The CRM tools bound to this conversation's session. */
export function crmTools(session: CrmSession): ToolSet {
  return {
    [LOOKUP_TOOL]: tool({
      description: DESCRIPTIONS[LOOKUP_TOOL],
      inputSchema: lookupInput,
      execute: ({ property }) => session.lookup(property),
    }),
    [UPDATE_TOOL]: tool({
      description: DESCRIPTIONS[UPDATE_TOOL],
      inputSchema: updateInput,
      execute: ({ property, value }) => session.proposeChange(property, value),
    }),
  };
}

export const CRM_PROMPT_TOOLS: readonly PromptTool[] = CRM_TOOLS.map((name) => ({
  name,
  description: DESCRIPTIONS[name],
}));

const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();

/** The prompt lines about the contact properties (names, labels, what is allowed, the admin's instructions); never values. */
export function crmPromptLines(properties: readonly CrmPromptProperty[]): string[] {
  if (properties.length === 0) return [];
  return [
    "",
    "Contact properties you can use with the tools (values are only given by the tools, after the server has checked who the visitor is):",
    ...properties.map((p) => {
      const allowed = [p.read ? "read" : null, p.edit ? "update" : null].filter(Boolean).join(" and ");
      const also = p.synonyms.length ? ` (also called: ${p.synonyms.map(oneLine).join(", ")})` : "";
      return `- ${p.name}: ${oneLine(p.label)}${also}; you may ${allowed} it.${p.instructions ? ` ${oneLine(p.instructions)}` : ""}`;
    }),
    "Never state a contact property value you did not get from lookup_contact_property in this conversation.",
  ];
}
