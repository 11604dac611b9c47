/**
 * The `agents` SDK peer: a minimal chat agent built on `@cloudflare/ai-chat`'s AIChatAgent, as its
 * README's quick start, answering with the instant mock model. Clients speak the SDK's own WebSocket
 * protocol at `/agents/chat-agent/<name>` (routeAgentRequest); `/health` answers for start-up checks.
 */
import { AIChatAgent } from "@cloudflare/ai-chat";
import { routeAgentRequest } from "agents";
import { convertToModelMessages, streamText } from "ai";
import { instantModel } from "./instant-model";

type Env = { ChatAgent: DurableObjectNamespace<ChatAgent> };

export class ChatAgent extends AIChatAgent<Env> {
  async onChatMessage(): Promise<Response> {
    const result = streamText({ model: instantModel(), messages: await convertToModelMessages(this.messages) });
    return result.toUIMessageStreamResponse();
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (new URL(request.url).pathname === "/health") return new Response("ok");
    return (await routeAgentRequest(request, env)) ?? new Response("not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
