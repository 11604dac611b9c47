/**
 * Meta's webhooks for WhatsApp and Messenger, one pair of endpoints per deployment:
 * `GET /channels/{whatsapp|messenger}/:deploymentId/webhook` answers the verification handshake,
 * `POST` on the same path takes deliveries. A delivery's signature is checked on the raw bytes
 * before anything is parsed (401, nothing stored); a signed delivery is always answered 200 at
 * once, as Meta retries anything else for days — one it cannot read is logged and dropped, and the
 * messages it carries are taken (once each, however often Meta sends them) and answered later.
 */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../../lib/app-env";
import { readBodyBytes } from "../../lib/body";
import { ApiError, notFound } from "../../lib/errors";
import { MAX_MESSAGE_CHARS } from "../../protocol/events";
import type { OpenDeployment } from "../deployments/store";
import { deploymentById } from "../deployments/store";
import { takeInbound } from "../inbound";
import { messengerPlatform } from "../messenger/channel";
import { whatsappPlatform } from "../whatsapp/channel";
import { mediaText, type InboundItem } from "./inbound-item";
import type { MetaPlatform } from "./platform";
import { handshakeChallenge, SIGNATURE_HEADER, signatureValid } from "./signature";

/** Meta's deliveries are a few kilobytes; it documents nothing above a few hundred. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;

async function deploymentFor<P>(env: Env, platform: MetaPlatform<P>, id: string): Promise<OpenDeployment> {
  const deployment = await deploymentById(env, id);
  if (!deployment || deployment.channel !== platform.channel) throw notFound("Deployment");
  return deployment;
}

/** One message into its conversation; whether it is new (not a redelivery). A refusal is logged, never thrown. */
async function take(c: Context<AppEnv>, deployment: OpenDeployment, item: InboundItem): Promise<boolean> {
  // WhatsApp takes 4,096 characters, a conversation 4,000: the end is cut rather than the message lost.
  const text = (item.kind === "text" ? item.text : mediaText(item)).slice(0, MAX_MESSAGE_CHARS);
  const { received } = await takeInbound(c.env, {
    deployment,
    address: item.from,
    message: { clientId: item.id, text },
    ...(item.kind === "media" ? { textOnly: true } : {}),
    origin: new URL(c.req.url).origin,
  });
  if (!received.ok) console.warn(`${deployment.channel}: message ${item.id} not taken: ${received.message}`);
  return received.ok && !received.duplicate;
}

function webhookRoutes<P>(platform: MetaPlatform<P>): Hono<AppEnv> {
  const path = `/channels/${platform.channel}/:deploymentId/webhook`;
  return new Hono<AppEnv>()
    .get(path, async (c) => {
      const deployment = await deploymentFor(c.env, platform, c.req.param("deploymentId") ?? "");
      const challenge = handshakeChallenge((name) => c.req.query(name), deployment.secrets.verifyToken ?? "");
      if (challenge === null || !deployment.secrets.verifyToken)
        throw new ApiError(403, "forbidden", "The verify token does not match this deployment's");
      return c.text(challenge, 200, { "content-type": "text/plain; charset=utf-8" });
    })
    .post(path, async (c) => {
      const deployment = await deploymentFor(c.env, platform, c.req.param("deploymentId") ?? "");
      const raw = await readBodyBytes(c.req.raw, MAX_WEBHOOK_BYTES);
      const appSecret = deployment.secrets.appSecret;
      if (!appSecret || !(await signatureValid(appSecret, raw, c.req.header(SIGNATURE_HEADER))))
        throw new ApiError(401, "bad_signature", `${SIGNATURE_HEADER} is missing or does not sign this body`);
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(raw));
      } catch {
        json = undefined;
      }
      const parsed = platform.schema.safeParse(json);
      if (!parsed.success) {
        // Signed, so it is Meta's: a 4xx would only make it send the same body again for days.
        console.warn(
          `${platform.channel}: a signed delivery could not be read; dropped`,
          parsed.error.issues.slice(0, 5),
        );
        return c.json({ ok: true, taken: 0 });
      }
      const { items, skipped } = platform.items(parsed.data, deployment.address);
      if (skipped > 0) console.warn(`${platform.channel}: ${skipped} part(s) of a delivery were for another address`);
      const fresh: InboundItem[] = [];
      for (const item of items) if (await take(c, deployment, item)) fresh.push(item);
      // Seen and typing, for new messages only: after they are safely in, and never holding the answer to Meta.
      c.executionCtx.waitUntil(
        Promise.all(fresh.map((item) => platform.acknowledge(c.env, deployment, item).catch(() => undefined))),
      );
      return c.json({ ok: true, taken: items.length });
    });
}

export const metaWebhookRoutes = new Hono<AppEnv>()
  .route("/", webhookRoutes(whatsappPlatform))
  .route("/", webhookRoutes(messengerPlatform));
