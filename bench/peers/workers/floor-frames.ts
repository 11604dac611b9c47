/**
 * The floors' wire protocol, as small as a chat can be: the client sends
 * `{"type":"message","id","text"}`; the server answers with `{"type":"delta","id","text"}` frames
 * and `{"type":"done","id"}`. Frames that are not a message are answered with an error frame. Also
 * what every floor shares: its Durable Object's socket (`FloorObject`) and its Worker (`floorWorker`).
 */
import { DurableObject } from "cloudflare:workers";

export type FloorMessage = { type: "message"; id: string; text: string };

export function parseFloorMessage(data: string | ArrayBuffer): FloorMessage | null {
  if (typeof data !== "string") return null;
  try {
    const frame: unknown = JSON.parse(data);
    if (typeof frame !== "object" || frame === null) return null;
    const { type, id, text } = frame as Record<string, unknown>;
    return type === "message" && typeof id === "string" && typeof text === "string" ? { type, id, text } : null;
  } catch {
    return null;
  }
}

export const deltaFrame = (id: string, text: string): string => JSON.stringify({ type: "delta", id, text });
export const doneFrame = (id: string): string => JSON.stringify({ type: "done", id });
export const errorFrame = (): string => JSON.stringify({ type: "error", message: "expected a message frame" });

/** A floor's Durable Object: it accepts the upgrade as a hibernatable WebSocket, and each floor answers its frames. */
export abstract class FloorObject<E extends FloorEnv = FloorEnv> extends DurableObject<E> {
  async fetch(): Promise<Response> {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
}

/** The Worker of a floor: `/health` answers, `/floor/<name>` upgrades into the Durable Object named `<name>`. */
export function floorWorker(binding: (env: FloorEnv) => DurableObjectNamespace): ExportedHandler<FloorEnv> {
  return {
    async fetch(request, env) {
      const url = new URL(request.url);
      if (url.pathname === "/health") return new Response("ok");
      const name = /^\/floor\/([\w-]{1,64})$/.exec(url.pathname)?.[1];
      if (!name || request.headers.get("upgrade") !== "websocket") return new Response("not found", { status: 404 });
      const namespace = binding(env);
      return namespace.get(namespace.idFromName(name)).fetch(request);
    },
  };
}

export type FloorEnv = { FLOOR: DurableObjectNamespace };
