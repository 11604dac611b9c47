/**
 * The fake email provider's mailbox: mail the Worker sent through the "resend" provider lands at
 * the webhook receiver (`EMAIL_API_URL` = receiver `/email`); tests read it back per recipient.
 */
import { env } from "cloudflare:workers";
import { workerFetch } from "./chat-client";

export const EMAIL_PATH = "/email";

export type Delivery = { path: string; headers: Record<string, string>; body: string; status: number };
export type ResendBody = { from: string; to: string[]; subject: string; text: string; html?: string };

export async function deliveries(path: string): Promise<Delivery[]> {
  return (await fetch(`${env.WEBHOOK_RECEIVER_URL}/__deliveries?path=${encodeURIComponent(path)}`)).json();
}

/** Mail the fake provider accepted or refused for `to`, oldest first. */
export async function mailTo(to: string): Promise<Array<ResendBody & { status: number }>> {
  return (await deliveries(EMAIL_PATH))
    .map((delivery) => ({ ...(JSON.parse(delivery.body) as ResendBody), status: delivery.status }))
    .filter((mail) => mail.to.includes(to));
}

/** A unique address per test, so parallel test files never read each other's mail. */
export const uniqueAddress = (label: string): string => `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;

/** The token of the newest verification link mailed to `email`. */
export async function tokenFromMail(email: string): Promise<string> {
  const mail = (await mailTo(email)).at(-1);
  const token = /\/v1\/verify#token=([A-Za-z0-9_-]{43})/.exec(mail?.text ?? "")?.[1];
  if (!token) throw new Error(`no verification link in ${JSON.stringify(mail)}`);
  return token;
}

const postToken = (path: string, token: unknown) =>
  workerFetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });

/** Approves a verification link the way its page does when the visitor clicks Approve: POST /v1/verify with the token. */
export const verify = (token: unknown) => postToken("/v1/verify", token);

/** Asks what a verification link would approve, the way its page does on opening: POST /v1/verify/preview. */
export const previewVerify = (token: unknown) => postToken("/v1/verify/preview", token);
