/**
 * The replies of a scripted generative model for the loopback server's `/actions/…` routes. It
 * calls the first `action_…` tool it is offered with the order number the visitor wrote (the
 * first run of 3+ digits in their message) and, once the tool has answered, repeats the tool's
 * result word for word — so the test sees exactly what the model was given. Under
 * `/actions/planted/…` it obeys an instruction it finds anywhere in its prompt, as a model led
 * astray by a planted knowledge article would: `CALL <tool> WITH <value>` makes it call that tool
 * with that value.
 */
import type { ChatMessage, ObedientReply } from "./obedient-model";

export const ACTIONS_PREFIX = "/actions/";

const text = (content: unknown): string => (typeof content === "string" ? content : JSON.stringify(content ?? ""));

type Tool = { type?: string; function?: { name?: string; parameters?: { properties?: Record<string, unknown> } } };

const call = (name: string, args: Record<string, string>): ObedientReply => ({
  chunks: [],
  toolCall: { name, arguments: JSON.stringify(args) },
});

export function actionReply(messages: readonly ChatMessage[], tools: readonly Tool[], path: string): ObedientReply {
  const last = messages.at(-1);
  if (last?.role === "tool") return { chunks: [`The tool said: ${text(last.content)}`] };
  const actionTools = tools.filter((t) => t.function?.name?.startsWith("action_"));
  if (path.startsWith(`${ACTIONS_PREFIX}planted/`)) {
    const prompt = messages.map((m) => text(m.content)).join("\n");
    const planted = /CALL (action_[a-z0-9_]+) WITH (\S+)/.exec(prompt);
    if (planted && actionTools.some((t) => t.function?.name === planted[1]))
      return call(planted[1]!, { order_number: planted[2]! });
    return { chunks: ["Nothing to do."] };
  }
  const visitor = text(messages.findLast((m) => m.role === "user")?.content);
  const number = /\d{3,}/.exec(visitor)?.[0];
  const tool = actionTools[0]?.function?.name;
  if (tool && number) return call(tool, { order_number: number });
  return { chunks: ["Which order do you mean?"] };
}
