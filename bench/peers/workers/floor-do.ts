/**
 * Floor 1, a bare Durable Object relaying frames: for each message frame it sends the fixed answer
 * back at once as delta frames, then done — no model, no storage. The least any chat on Durable
 * Objects can cost.
 */
import { DurableObject } from "cloudflare:workers";
import { INSTANT_ANSWER_CHUNKS } from "./instant-answer";
import { deltaFrame, doneFrame, errorFrame, type FloorEnv, floorWorker, parseFloorMessage } from "./floor-frames";

export class FloorDO extends DurableObject<FloorEnv> {
  async fetch(): Promise<Response> {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  async webSocketMessage(socket: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const message = parseFloorMessage(data);
    if (!message) return socket.send(errorFrame());
    for (const chunk of INSTANT_ANSWER_CHUNKS) socket.send(deltaFrame(message.id, chunk));
    socket.send(doneFrame(message.id));
  }
}

export default floorWorker((env) => env.FLOOR);
