/**
 * Floor 3, a Durable Object making the model call of a generative Frontdesk turn and nothing else: the
 * `ai` SDK's single-call engine on `@ai-sdk/openai`'s Chat Completions model, against the loopback
 * instant server Frontdesk's instant run calls (bench/instant-model.ts, at MODEL_BASE_URL), relaying each
 * text delta as a frame. What it adds to floor 2's in-process mock is the HTTP call and the provider's
 * parsing of server-sent events, which every real model's answer pays.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { experimental_streamLanguageModelCall as streamModelCall } from "ai";
import {
  deltaFrame,
  doneFrame,
  errorFrame,
  type FloorEnv,
  FloorObject,
  floorWorker,
  parseFloorMessage,
} from "./floor-frames";

type FloorHttpEnv = FloorEnv & { MODEL_BASE_URL: string };

export class FloorHttpDO extends FloorObject<FloorHttpEnv> {
  /** Built once per object, as Frontdesk keeps its provider (worker/agent/select-model.ts). */
  private readonly model = createOpenAI({ apiKey: "bench-instant-model", baseURL: this.env.MODEL_BASE_URL }).chat(
    "instant",
  );

  async webSocketMessage(socket: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const message = parseFloorMessage(data);
    if (!message) return socket.send(errorFrame());
    const { stream } = await streamModelCall({
      model: this.model,
      messages: [{ role: "user", content: message.text }],
    });
    for await (const part of stream) {
      if (part.type === "text-delta" && part.text) socket.send(deltaFrame(message.id, part.text));
      else if (part.type === "error") throw part.error;
    }
    socket.send(doneFrame(message.id));
  }
}

export default floorWorker((env) => env.FLOOR);
