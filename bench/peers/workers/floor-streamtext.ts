/**
 * Floor 2, a Durable Object calling the `ai` SDK's streamText on the instant mock model for each
 * message frame and relaying every text delta as a frame, then done — the cost of streaming itself.
 */
import { streamText } from "ai";
import { deltaFrame, doneFrame, errorFrame, FloorObject, floorWorker, parseFloorMessage } from "./floor-frames";
import { instantModel } from "./instant-model";

export class FloorStreamTextDO extends FloorObject {
  async webSocketMessage(socket: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const message = parseFloorMessage(data);
    if (!message) return socket.send(errorFrame());
    const result = streamText({ model: instantModel(), prompt: message.text });
    for await (const delta of result.textStream) socket.send(deltaFrame(message.id, delta));
    socket.send(doneFrame(message.id));
  }
}

export default floorWorker((env) => env.FLOOR);
