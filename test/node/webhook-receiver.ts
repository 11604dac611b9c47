/**
 * A loopback webhook receiver for the workerd tests (runs in Node, 127.0.0.1 only): records
 * every POST (path, headers, raw body) and lists them at `GET /__deliveries?path=…`. POSTs under
 * `/fail/` get a 500, like a receiver that is down, and so does mail (an email provider's JSON
 * body) to an address whose local part starts with "bounce", like a provider that refuses it;
 * POSTs under `/status/<code>/` get that status (400–599), like a receiver that refuses or is
 * busy. It is started by vitest.config.ts, which lets the Worker reach exactly this port
 * (ALLOW_LOOPBACK_FETCH) — so a Durable Object's own webhook can be received and its signature checked.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Delivery = { path: string; headers: Record<string, string>; body: string; status: number };

const MAX_BODY_BYTES = 256 * 1024; // a handoff event is a few hundred bytes
const BOUNCING_LOCAL_PART = /^bounce/i;

/** Whether a body is mail (Resend's `to` or Postmark's `To`) to an address the fake provider refuses. */
function bounces(body: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  if (typeof parsed !== "object" || parsed === null) return false;
  const fields = parsed as { to?: unknown; To?: unknown };
  const recipients = [fields.to, fields.To].flat().filter((r): r is string => typeof r === "string");
  return recipients.some((address) => BOUNCING_LOCAL_PART.test(address.trim()));
}

/** `/status/<code>/…` answers with that status (400–599), like a receiver that refuses or is busy. */
function chosenStatus(path: string): number | null {
  const code = Number(/^\/status\/(\d{3})\//.exec(path)?.[1]);
  return code >= 400 && code <= 599 ? code : null;
}

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

export async function startWebhookReceiver(): Promise<{ url: string; close: () => Promise<void> }> {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    if (req.method === "GET" && url.pathname === "/__deliveries") {
      const path = url.searchParams.get("path");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(deliveries.filter((d) => path === null || d.path === path)));
      return;
    }
    readBody(req)
      .then((body) => {
        const status = url.pathname.startsWith("/fail/") || bounces(body) ? 500 : (chosenStatus(url.pathname) ?? 204);
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
        );
        deliveries.push({ path: url.pathname, headers, body, status });
        res.writeHead(status);
        res.end();
      })
      .catch(() => {
        res.writeHead(413);
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref(); // started by the config, which has no teardown: it must not keep the test run alive
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
