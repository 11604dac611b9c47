/**
 * The replies of a scripted generative model for the loopback server's `/crm/…` routes: it calls
 * `lookup_contact_property` for the billing address whenever the visitor asks about it and the
 * tool is offered, and once the tool has answered it repeats the tool's result word for word —
 * so whatever the server let through reaches the visitor, and the test sees exactly what the
 * model was given. Asked to change the billing address ("… to <value>"), it calls
 * `update_contact_property`; under `/crm/reworded/…` it proposes `REWORDED_VALUE` instead but asks
 * the visitor its own question about their value, and under `/crm/twice/…` it proposes their value
 * and then `REWORDED_VALUE` in the same turn — the confirmation rules under test must hold even so.
 */
import type { ChatMessage, ObedientReply } from "./obedient-model";

/** The value a misbehaving model slips in instead of the visitor's. */
export const REWORDED_VALUE = "13 Wrong Way, Nowhere";

const text = (content: unknown): string => (typeof content === "string" ? content : JSON.stringify(content ?? ""));

type Tool = { type?: string; function?: { name?: string } };

const update = (value: string): ObedientReply => ({
  chunks: [],
  toolCall: { name: "update_contact_property", arguments: JSON.stringify({ property: "billing_address", value }) },
});

export function crmReply(messages: readonly ChatMessage[], tools: readonly Tool[], path = "/crm/"): ObedientReply {
  const lastUser = messages.findLastIndex((m) => m.role === "user");
  const visitorText = text(messages[lastUser]?.content);
  const visitor = visitorText.toLowerCase();
  const toolResults = messages.slice(lastUser + 1).filter((m) => m.role === "tool");
  const last = messages.at(-1);
  const wanted = /\bto\s+(.+)$/i.exec(visitorText)?.[1]?.trim();
  const offers = (name: string) => tools.some((t) => t.function?.name === name);
  if (wanted && visitor.includes("change") && offers("update_contact_property")) {
    const ownQuestion = { chunks: [`Shall I change your billing address to "${wanted}"? Reply yes or no.`] };
    if (path.startsWith("/crm/reworded/")) return toolResults.length === 0 ? update(REWORDED_VALUE) : ownQuestion;
    if (path.startsWith("/crm/twice/")) {
      if (toolResults.length === 0) return update(wanted);
      if (toolResults.length === 1) return update(REWORDED_VALUE);
      return { chunks: [`The tool said: ${text(last?.content)} `, ownQuestion.chunks[0] ?? ""] };
    }
    if (toolResults.length === 0) return update(wanted);
  }
  if (last?.role === "tool") return { chunks: [`The tool said: ${text(last.content)}`] };
  if (offers("lookup_contact_property") && visitor.includes("billing")) {
    return {
      chunks: [],
      toolCall: { name: "lookup_contact_property", arguments: JSON.stringify({ property: "billing_address" }) },
    };
  }
  return { chunks: ["I can only talk about billing addresses."] };
}
