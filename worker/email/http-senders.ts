/**
 * Email through HTTP providers (Resend, Postmark): one JSON POST per message with the API key
 * from the EMAIL_API_KEY secret, through the outbound-fetch guard. Any non-2xx answer or network
 * error becomes a failed result with the provider's status, never an exception.
 */
import { safeFetch } from "../lib/safe-fetch";
import { extraHeaders } from "./headers";
import type { EmailSender, Mailbox, OutgoingEmail, SendResult } from "./sender";

export const HTTP_PROVIDERS = ["resend", "postmark"] as const;
export type HttpProvider = (typeof HTTP_PROVIDERS)[number];

const DEFAULT_ENDPOINTS: Record<HttpProvider, string> = {
  resend: "https://api.resend.com/emails",
  postmark: "https://api.postmarkapp.com/email",
};
const TIMEOUT_MS = 10_000; // providers answer in well under a second; a stuck one must not hold a reply
const MAX_RESPONSE_BYTES = 16 * 1024; // the answer is only read for an error message
const MAX_ERROR_CHARS = 300; // enough of a provider's error to act on, not a whole page

type Request = { headers: Record<string, string>; body: unknown };

/** `Name <addr>` with the agent's name when given; quotes keep commas in names from splitting the address. */
function fromHeader(from: Mailbox, message: OutgoingEmail): string {
  const name = message.fromName ?? from.name;
  const addr = message.from ?? from.addr;
  return name ? `"${name.replace(/["\\\r\n]/g, "")}" <${addr}>` : addr;
}

/** The provider's request for one message (exported for tests of the request shape). */
export function providerRequest(
  provider: HttpProvider,
  apiKey: string,
  from: Mailbox,
  message: OutgoingEmail,
): Request {
  const sender = fromHeader(from, message);
  const headers = extraHeaders(message);
  const hasHeaders = Object.keys(headers).length > 0;
  if (provider === "resend") {
    return {
      headers: { authorization: `Bearer ${apiKey}` },
      body: {
        from: sender,
        to: [message.to],
        subject: message.subject,
        text: message.text,
        ...(message.html !== undefined ? { html: message.html } : {}),
        ...(message.cc?.length ? { cc: message.cc } : {}),
        ...(hasHeaders ? { headers } : {}),
      },
    };
  }
  return {
    headers: { "x-postmark-server-token": apiKey },
    body: {
      From: sender,
      To: message.to,
      Subject: message.subject,
      TextBody: message.text,
      ...(message.html !== undefined ? { HtmlBody: message.html } : {}),
      ...(message.cc?.length ? { Cc: message.cc.join(", ") } : {}),
      ...(hasHeaders ? { Headers: Object.entries(headers).map(([Name, Value]) => ({ Name, Value })) } : {}),
      MessageStream: "outbound",
    },
  };
}

export function httpSender(
  env: Pick<Env, "ALLOW_LOOPBACK_FETCH">,
  provider: HttpProvider,
  config: { apiKey: string; endpoint: string | null; from: Mailbox },
): EmailSender {
  const endpoint = config.endpoint ?? DEFAULT_ENDPOINTS[provider];
  return {
    async send(message): Promise<SendResult> {
      const request = providerRequest(provider, config.apiKey, config.from, message);
      try {
        const response = await safeFetch(env, endpoint, {
          accept: "application/json",
          timeoutMs: TIMEOUT_MS,
          maxBytes: MAX_RESPONSE_BYTES,
          post: {
            body: JSON.stringify(request.body),
            headers: { "content-type": "application/json", ...request.headers },
          },
        });
        if (response.status >= 200 && response.status < 300) return { ok: true };
        const detail = new TextDecoder().decode(response.body).slice(0, MAX_ERROR_CHARS);
        return { ok: false, error: `${provider} answered ${response.status}${detail ? `: ${detail}` : ""}` };
      } catch (error) {
        return {
          ok: false,
          error: `${provider} could not be reached: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    },
  };
}
