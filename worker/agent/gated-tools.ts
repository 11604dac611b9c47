/**
 * Tools that wait for a gate before they do anything: a conversation asks the model while its own
 * bookkeeping is still being written, and a tool the model calls early (a CRM lookup, an action's
 * call to the owner's API, a verification email) must not run before that write has succeeded —
 * when it fails, the message is answered again from the start, and nothing may have happened yet.
 */
import type { ToolSet } from "ai";

/** `tools` with each `execute` waiting for `gate` first (a rejected gate fails the call); `tools` itself without a gate. */
export function gatedTools(tools: ToolSet, gate: Promise<void> | undefined): ToolSet {
  if (!gate) return tools;
  const gated: ToolSet = {};
  for (const [name, tool] of Object.entries(tools)) {
    const execute = tool.execute;
    gated[name] = execute
      ? {
          ...tool,
          execute: async (input, options) => {
            await gate;
            return execute(input, options);
          },
        }
      : tool;
  }
  return gated;
}
