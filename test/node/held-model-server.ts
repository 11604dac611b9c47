/**
 * An OpenAI-compatible chat model for the kill test that streams the first words of every answer
 * and then holds the rest until the test releases it: the test knows every answer is mid-stream
 * (it waits for that condition, never for a time) when it kills Frontdesk. Once released, held and
 * later answers stream to the end. Runs in Node, bound to 127.0.0.1 only.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { chatChunk } from "./openai-loopback-server";

// Longer than the output guard's hold-back (64 characters), so some of it reaches the visitor before the hold.
export const HELD_ANSWER_START = [
  "Refunds reach your card within five working days ",
  "of the parcel arriving back at our warehouse, ",
  "and you get an email the moment we send it, ",
];
export const HELD_ANSWER_REST = ["so you can follow it with your bank. ", "Anything else I can help with?"];
export const HELD_ANSWER = [...HELD_ANSWER_START, ...HELD_ANSWER_REST].join("");

export type HeldModelServer = {
  url: string;
  /** Chat requests received so far. */
  requests: () => number;
  /** Lets every held answer, and every later one, stream to its end. */
  release: () => void;
  close: () => Promise<void>;
};

export async function startHeldModel(): Promise<HeldModelServer> {
  let requests = 0;
  let released = false;
  const held: (() => void)[] = [];
  const finish = (res: ServerResponse, model: string) => {
    if (res.destroyed) return; // the client was killed while it waited
    for (const content of HELD_ANSWER_REST) res.write(chatChunk(model, { content }, null));
    res.write(chatChunk(model, {}, "stop"));
    const usage = { prompt_tokens: 100, completion_tokens: 8, total_tokens: 108 };
    res.write(
      `data: ${JSON.stringify({ id: "chatcmpl-held", object: "chat.completion.chunk", created: 0, model, choices: [], usage })}\n\n`,
    );
    res.end("data: [DONE]\n\n");
  };
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `no route for ${req.method} ${req.url}` } }));
        return;
      }
      requests++;
      const { model } = JSON.parse(raw) as { model?: string };
      const name = model ?? "held";
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.write(chatChunk(name, { role: "assistant", content: "" }, null));
      for (const content of HELD_ANSWER_START) res.write(chatChunk(name, { content }, null));
      if (released) finish(res, name);
      else held.push(() => finish(res, name));
    });
    res.on("error", () => {}); // a killed client resets the connection
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    release() {
      released = true;
      for (const resume of held.splice(0)) resume();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
