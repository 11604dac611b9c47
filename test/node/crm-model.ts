/**
 * The replies of a scripted generative model for the loopback server's `/crm/…` routes: it calls
 * `lookup_contact_property` for the billing address whenever the visitor asks about it and the
 * tool is offered, and once the tool has answered it repeats the tool's result word for word —
 * so whatever the server let through reaches the visitor, and the test sees exactly what the
 * model was given.
 */
import type { ChatMessage, ObedientReply } from "./obedient-model";

const text = (content: unknown): string => (typeof content === "string" ? content : JSON.stringify(content ?? ""));

type Tool = { type?: string; function?: { name?: string } };

export function crmReply(messages: readonly ChatMessage[], tools: readonly Tool[]): ObedientReply {
  const last = messages.at(-1);
  if (last?.role === "tool") return { chunks: [`The tool said: ${text(last.content)}`] };
  const offered = tools.some((t) => t.function?.name === "lookup_contact_property");
  const visitor = text(messages.findLast((m) => m.role === "user")?.content).toLowerCase();
  if (offered && visitor.includes("billing")) {
    return {
      chunks: [],
      toolCall: { name: "lookup_contact_property", arguments: JSON.stringify({ property: "billing_address" }) },
    };
  }
  return { chunks: ["I can only talk about billing addresses."] };
}
