/**
 * Floor 2, a Durable Object calling the `ai` SDK's streamText on the instant mock model for each
 * message frame and relaying every text delta as a frame, then done — the cost of streaming itself.
 */
import { streamText } from "ai";
import { DurableObject } from "cloudflare:workers";
import { deltaFrame, doneFrame, errorFrame, type FloorEnv, floorWorker, parseFloorMessage } from "./floor-frames";
import { instantModel } from "./instant-model";

export class FloorStreamTextDO extends DurableObject<FloorEnv> {
  async fetch(): Promise<Response> {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  async webSocketMessage(socket: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const message = parseFloorMessage(data);
    if (!message) return socket.send(errorFrame());
    const result = streamText({ model: instantModel(), prompt: message.text });
    for await (const delta of result.textStream) socket.send(deltaFrame(message.id, delta));
    socket.send(doneFrame(message.id));
  }
}

export default floorWorker((env) => env.FLOOR);
