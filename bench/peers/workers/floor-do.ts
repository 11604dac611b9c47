/**
 * Floor 1, a bare Durable Object relaying frames: for each message frame it sends the fixed answer
 * back at once as delta frames, then done — no model, no storage. The least any chat on Durable
 * Objects can cost.
 */
import { INSTANT_ANSWER_CHUNKS } from "./instant-answer";
import { deltaFrame, doneFrame, errorFrame, FloorObject, floorWorker, parseFloorMessage } from "./floor-frames";

export class FloorDO extends FloorObject {
  async webSocketMessage(socket: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const message = parseFloorMessage(data);
    if (!message) return socket.send(errorFrame());
    for (const chunk of INSTANT_ANSWER_CHUNKS) socket.send(deltaFrame(message.id, chunk));
    socket.send(doneFrame(message.id));
  }
}

export default floorWorker((env) => env.FLOOR);
