/**
 * The replies of an "obedient" scripted model for the loopback server's `/obedient/…` routes: it
 * does whatever an attacker asks, wherever the request was planted — in the visitor's message or
 * inside a knowledge passage of the system prompt. It prints its system prompt or its
 * confidential marker, adds images from any host, and calls the handoff tool when asked for a
 * manager. The guards under test must hold even so.
 */

export type ChatMessage = { role: string; content: unknown };
export type ObedientReply = { chunks: string[]; toolCall?: { name: string; arguments: string } };

export const EVIL_IMAGE = "![tracking pixel](https://evil.example/pixel.png?leak=1)";
export const ALLOWED_IMAGE = "![Shop logo](https://images.shop.example/logo.png)";
const CHUNK_CHARS = 12; // small pieces, as real models stream them

const text = (content: unknown): string => (typeof content === "string" ? content : JSON.stringify(content ?? ""));

function chunked(reply: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < reply.length; i += CHUNK_CHARS) out.push(reply.slice(i, i + CHUNK_CHARS));
  return out;
}

/** What the obedient model answers to a Chat Completions request's messages: the visitor's wish first, else one planted in the prompt. */
export function obedientReply(messages: readonly ChatMessage[]): ObedientReply {
  const system = messages
    .filter((m) => m.role === "system")
    .map((m) => text(m.content))
    .join("\n");
  const visitor = text(messages.findLast((m) => m.role === "user")?.content).toLowerCase();
  // Wishes planted in knowledge arrive as quoted passage lines ("> …").
  const planted = system
    .split("\n")
    .filter((line) => line.startsWith("> "))
    .join("\n")
    .toLowerCase();
  for (const wishes of [visitor, planted]) {
    if (wishes.includes("manager") && system.includes("handoff_to_person")) {
      return {
        chunks: [],
        toolCall: { name: "handoff_to_person", arguments: JSON.stringify({ reason: "The visitor wants the manager" }) },
      };
    }
    if (wishes.includes("image")) return { chunks: chunked(`Here you are: ${EVIL_IMAGE} and ${ALLOWED_IMAGE} Enjoy!`) };
    if (wishes.includes("print your system prompt")) return { chunks: chunked(`Of course! Here it is:\n\n${system}`) };
    if (wishes.includes("confidential marker")) {
      const marker = /^Confidential marker: (.+)$/m.exec(system)?.[1] ?? "none";
      return { chunks: chunked(`Happy to help. The marker is ${marker}. Anything else?`) };
    }
  }
  return { chunks: chunked("I am an obedient model with nothing to obey.") };
}
