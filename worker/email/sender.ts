/**
 * The one way Frontdesk sends email: an `EmailSender` chosen by env (`EMAIL_PROVIDER`) — the
 * `send_email` binding, or an HTTP provider (Resend, Postmark). Delivery failures are results,
 * never exceptions, so a conversation keeps working when mail does not.
 */
import { bindingSender } from "./binding-sender";
import { httpSender, HTTP_PROVIDERS, type HttpProvider } from "./http-senders";

export type OutgoingEmail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The display name of the sender (the agent's name). */
  fromName?: string;
  /** The sender's address when it is not EMAIL_FROM's (an email channel's deployment address). */
  from?: string;
  cc?: string[];
  /** Threading headers of a reply, ids with their angle brackets: `<id@host>`. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  /** Further headers, e.g. `Auto-Submitted` (names and values without line breaks). */
  headers?: Record<string, string>;
};

/** `messageId`: the Message-ID the message went out with, when the sender replaced ours (send_email does). */
export type SendResult = { ok: true; messageId?: string } | { ok: false; error: string };

export interface EmailSender {
  send(message: OutgoingEmail): Promise<SendResult>;
}

export type EmailEnv = Pick<Env, "EMAIL_PROVIDER" | "EMAIL_FROM" | "EMAIL_API_URL" | "ALLOW_LOOPBACK_FETCH"> & {
  EMAIL?: SendEmail;
  EMAIL_API_KEY?: string;
};

/** A sender's address, from EMAIL_FROM (`Name <addr>` or `addr`). */
export type Mailbox = { name: string | null; addr: string };

const NAMED_MAILBOX = /^\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/;
const BARE_MAILBOX = /^\s*([^<>\s]+@[^<>\s]+)\s*$/;

export function parseMailbox(value: string): Mailbox | null {
  const named = NAMED_MAILBOX.exec(value);
  if (named?.[2]) return { name: named[1]?.replace(/^"|"$/g, "") || null, addr: named[2] };
  const bare = BARE_MAILBOX.exec(value);
  return bare?.[1] ? { name: null, addr: bare[1] } : null;
}

/** A sender that reports the same configuration problem for every message. */
const unavailable = (error: string): EmailSender => ({ send: async () => ({ ok: false, error }) });

/** The sender configured by env; misconfiguration is logged here and reported by every send, not thrown. */
export function emailSender(env: EmailEnv): EmailSender {
  const from = parseMailbox(env.EMAIL_FROM ?? "");
  if (!from) return misconfigured(`EMAIL_FROM is not an address: "${env.EMAIL_FROM ?? ""}"`);
  const provider = env.EMAIL_PROVIDER || (env.EMAIL ? "send_email" : "");
  if (provider === "send_email")
    return env.EMAIL
      ? bindingSender(env.EMAIL, from)
      : misconfigured("EMAIL_PROVIDER is send_email but no EMAIL binding is configured");
  if (isHttpProvider(provider)) {
    if (!env.EMAIL_API_KEY)
      return misconfigured(`EMAIL_PROVIDER is ${provider} but the EMAIL_API_KEY secret is not set`);
    return httpSender(env, provider, { apiKey: env.EMAIL_API_KEY, endpoint: env.EMAIL_API_URL || null, from });
  }
  return misconfigured(
    provider
      ? `Unknown EMAIL_PROVIDER "${provider}"`
      : "No email provider is configured (EMAIL_PROVIDER, or an EMAIL send_email binding)",
  );
}

function isHttpProvider(value: string): value is HttpProvider {
  return (HTTP_PROVIDERS as readonly string[]).includes(value);
}

function misconfigured(error: string): EmailSender {
  console.warn(`email: ${error}`);
  return unavailable(error);
}
