/**
 * The handoff tool a generative model may call in a turn (`handoff_to_person`), with how the
 * prompt describes it. Tool calls are checked here, by the server, not trusted from the model:
 * an invalid call is ignored. The offline model calls no tools (its handoffs are decided by rules).
 */
import { tool, zodSchema, type ToolSet } from "ai";
import { z } from "zod";
import type { PromptTool } from "../agent/prompt";
import type { TurnHandoff } from "../agent/turn";

export const HANDOFF_TOOL = "handoff_to_person";
const MAX_REASON_CHARS = 300; // a line for the inbox, not an essay

const handoffInput = z.object({ reason: z.string().trim().min(1).max(MAX_REASON_CHARS) });
/**
 * The tool's parameters as the `ai` SDK reads them, built once per isolate: handed a bare zod schema,
 * the SDK converts it to JSON Schema again on every model call (about a millisecond of CPU a turn).
 */
const handoffSchema = zodSchema(handoffInput);

const DESCRIPTIONS: Record<string, string> = {
  [HANDOFF_TOOL]:
    "Connect the visitor with a person from the team: when they ask for one, when they stay upset " +
    "after you tried to help, or when their request needs a person (for example a refund decision). " +
    "Give the reason in one short sentence.",
};

/** The handoff tool as passed to a generative model. */
export function handoffTools(): ToolSet {
  return { [HANDOFF_TOOL]: tool({ description: DESCRIPTIONS[HANDOFF_TOOL] ?? "", inputSchema: handoffSchema }) };
}

/** The handoff tool as the system prompt lists it. */
export const HANDOFF_PROMPT_TOOLS: readonly PromptTool[] = Object.entries(DESCRIPTIONS).map(([name, description]) => ({
  name,
  description,
}));

/** The handoff a tool call asks for, or null when the call is not a valid handoff request. */
export function handoffFromToolCall(name: string, input: unknown): TurnHandoff | null {
  if (name !== HANDOFF_TOOL) return null;
  const parsed = handoffInput.safeParse(input);
  return parsed.success ? { reason: "agent_decided", detail: parsed.data.reason } : null;
}
