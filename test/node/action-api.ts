/**
 * A loopback "owner's API" for the action engine's tests (runs in Node, 127.0.0.1 only). Every
 * request to `/<key>/<behaviour>…` is recorded under its key (method, raw path and query,
 * headers, raw body) and listed at `GET /__requests?key=<key>`, so a test counts and inspects
 * exactly the calls it caused. Behaviours (the first segment after the key; `echo/…` takes any
 * path): `echo` (answers the request back as JSON), `order`
 * (a fixed order document), `large` (a 10 KB JSON document), `big` (over 256 KB, streamed
 * without a length), `text` (an HTML page), `empty` (204), `status/<code>` (that status),
 * `hang` (never answers), `redirect?to=…&code=…` (a redirect).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const LOOPBACK_HOST = "127.0.0.1";
const MAX_BODY_BYTES = 64 * 1024; // an action's request body is a few hundred bytes
export const BIG_RESPONSE_BYTES = 300 * 1024; // over the engine's 256 KB cap
const CHUNK_BYTES = 16 * 1024;

export type RecordedRequest = { method: string; url: string; headers: Record<string, string>; body: string };

export const ORDER = {
  order: {
    id: 1234,
    status: "shipped",
    paid: true,
    items: [{ name: "Lamp", qty: 2 }, { name: "Bulb" }],
    shipment: { carrier: "Post", eta: null },
  },
  note: "Thanks for shopping with us",
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > MAX_BODY_BYTES) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const json = (res: ServerResponse, status: number, value: unknown) =>
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));

function answer(
  behaviour: string,
  url: URL,
  recorded: RecordedRequest,
  res: ServerResponse,
  hanging: Set<ServerResponse>,
) {
  const status = /^status\/(\d{3})$/.exec(behaviour);
  if (status) return json(res, Number(status[1]), { error: "Something went wrong on our side" });
  switch (behaviour.split("/")[0]) {
    case "echo":
      return json(res, 200, recorded);
    case "order":
      return json(res, 200, ORDER);
    case "large":
      return json(res, 200, {
        count: 400,
        items: Array.from({ length: 400 }, (_, i) => ({ id: i, name: `Item ${i}` })),
      });
    case "big": {
      res.writeHead(200, { "content-type": "application/json" }); // no content-length: the cap must hold while streaming
      res.write('{"data":"');
      for (let sent = 0; sent < BIG_RESPONSE_BYTES; sent += CHUNK_BYTES) res.write("x".repeat(CHUNK_BYTES));
      return res.end('"}');
    }
    case "text":
      return res.writeHead(200, { "content-type": "text/html" }).end("<html><body>Not JSON</body></html>");
    case "empty":
      return res.writeHead(204).end();
    case "hang":
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      hanging.add(res); // never ended: the engine's time cap must end the call
      return;
    case "redirect":
      return res
        .writeHead(Number(url.searchParams.get("code") ?? "302"), { location: url.searchParams.get("to") ?? "/" })
        .end();
    default:
      return json(res, 404, { error: "not found" });
  }
}

export async function startActionApi(): Promise<{ url: string; close: () => Promise<void> }> {
  const requests = new Map<string, RecordedRequest[]>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://${LOOPBACK_HOST}`);
    if (url.pathname === "/__requests") return json(res, 200, requests.get(url.searchParams.get("key") ?? "") ?? []);
    const [, key = "", ...rest] = url.pathname.split("/");
    readBody(req)
      .then((body) => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
        );
        const recorded = { method: req.method ?? "GET", url: req.url ?? "/", headers, body };
        requests.set(key, [...(requests.get(key) ?? []), recorded]);
        answer(rest.join("/"), url, recorded, res, hanging);
      })
      .catch(() => res.writeHead(413).end());
  });
  server.listen(0, LOOPBACK_HOST);
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK_HOST}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
