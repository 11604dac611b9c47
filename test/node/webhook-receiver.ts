/**
 * A loopback webhook receiver for the workerd tests (runs in Node, 127.0.0.1 only): records
 * every POST (path, headers, raw body) and lists them at `GET /__deliveries?path=…`. POSTs under
 * `/fail/` get a 500, like a receiver that is down, and so does mail (an email provider's JSON
 * body) to an address whose local part starts with "bounce", like a provider that refuses it;
 * POSTs under `/status/<code>/` get that status (400–599), like a receiver that refuses or is
 * busy. It is started by vitest.config.ts, which lets the Worker reach exactly this port
 * (ALLOW_LOOPBACK_FETCH) — so a Durable Object's own webhook can be received and its signature checked.
 *
 * Paths under `/graph/` speak enough of Meta's Graph API for the WhatsApp and Messenger channels: a
 * GET answers `{ id }` (the path's last segment); a POSTed message answers `{ messages: [{ id }] }`
 * (WhatsApp) or `{ recipient_id, message_id }` (Messenger), and read/typing actions succeed. They
 * fail on demand, by the recipient id's ending: "500" and "429" as those statuses, "400" as a
 * refused parameter, and "777" on every second text message (a delivery that fails half-way). A
 * bearer token containing "invalid" is refused as Graph refuses a bad token (400, code 190).
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GRAPH_FAILURE_ENDINGS as FAILS } from "../integration/support/graph-failures";

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

type GraphAnswer = { status: number; json: unknown };
const graphError = (status: number, message: string, code: number): GraphAnswer => ({
  status,
  json: { error: { message, type: "OAuthException", code } },
});

/** The fake Graph API's answer to one request under `/graph/`; `sent` counts text messages per recipient. */
function graphAnswer(method: string, path: string, auth: string, body: string, sent: Map<string, number>): GraphAnswer {
  if (auth.includes("invalid")) return graphError(400, "Invalid OAuth access token - Cannot parse access token", 190);
  if (path.startsWith("/graph/fail/")) return graphError(500, "An unexpected error has occurred", 2);
  if (method === "GET") return { status: 200, json: { id: path.split("/").at(-1) } };
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return graphError(400, "Could not parse the body", 100);
  }
  const recipient = String(parsed.to ?? (parsed.recipient as { id?: unknown } | undefined)?.id ?? "");
  const isText = parsed.type === "text" || typeof parsed.message === "object";
  if (recipient.endsWith(FAILS.unavailable)) return graphError(500, "Service temporarily unavailable", 2);
  if (recipient.endsWith(FAILS.rateLimited))
    return graphError(429, "Calls to this api have exceeded the rate limit", 4);
  if (recipient.endsWith(FAILS.refused)) return graphError(400, "(#100) Invalid parameter", 100);
  if (isText) {
    const count = (sent.get(recipient) ?? 0) + 1;
    sent.set(recipient, count);
    if (recipient.endsWith(FAILS.everySecondText) && count % 2 === 0) return graphError(500, "Temporary failure", 2);
  }
  const n = [...sent.values()].reduce((a, b) => a + b, 0);
  if (parsed.messaging_product === "whatsapp")
    return parsed.status === "read"
      ? { status: 200, json: { success: true } }
      : {
          status: 200,
          json: {
            messaging_product: "whatsapp",
            contacts: [{ wa_id: recipient }],
            messages: [{ id: `wamid.fake${n}` }],
          },
        };
  return parsed.sender_action
    ? { status: 200, json: { recipient_id: recipient } }
    : { status: 200, json: { recipient_id: recipient, message_id: `m_fake${n}` } };
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
  const graphSent = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    const auth = String(req.headers.authorization ?? "");
    if (req.method === "GET" && url.pathname.startsWith("/graph/")) {
      const answer = graphAnswer("GET", url.pathname, auth, "", graphSent);
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.json));
      return;
    }
    if (req.method === "GET" && url.pathname === "/__deliveries") {
      const path = url.searchParams.get("path");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(deliveries.filter((d) => path === null || d.path === path)));
      return;
    }
    readBody(req)
      .then((body) => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
        );
        if (url.pathname.startsWith("/graph/")) {
          const answer = graphAnswer(req.method ?? "POST", url.pathname, auth, body, graphSent);
          deliveries.push({ path: url.pathname, headers, body, status: answer.status });
          res.writeHead(answer.status, { "content-type": "application/json" });
          res.end(JSON.stringify(answer.json));
          return;
        }
        const status = url.pathname.startsWith("/fail/") || bounces(body) ? 500 : (chosenStatus(url.pathname) ?? 204);
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
