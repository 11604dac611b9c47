/**
 * The EmailSender: the configured HTTP provider's request shape (Resend, Postmark) at the fake
 * provider, refused and unreachable mail reported as failures rather than thrown, the MIME the
 * `send_email` binding path builds, and that path through a fake binding and the real local one.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { buildMime } from "../../worker/email/binding-sender";
import { emailSender, parseMailbox, type EmailEnv } from "../../worker/email/sender";
import { deliveries, EMAIL_PATH, mailTo, uniqueAddress } from "./support/mailbox";

const message = (to: string) => ({
  to,
  subject: "Confirm your email",
  text: "Open this link",
  html: "<p>Open this link</p>",
  fromName: "Acme Support",
});

describe("HTTP email providers", () => {
  it("send Resend's request shape with the API key, the agent's name and both bodies", async () => {
    const to = uniqueAddress("resend");
    expect(await emailSender(env).send(message(to))).toEqual({ ok: true });
    const [delivery] = (await deliveries(EMAIL_PATH)).filter((d) => d.body.includes(to));
    expect(delivery?.headers.authorization).toBe("Bearer test-email-key");
    expect(delivery?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(delivery?.body ?? "{}")).toEqual({
      from: '"Acme Support" <noreply@frontdesk.local>',
      to: [to],
      subject: "Confirm your email",
      text: "Open this link",
      html: "<p>Open this link</p>",
    });
  });

  it("send Postmark's request shape with its server token header", async () => {
    const path = "/postmark";
    const to = uniqueAddress("postmark");
    const sender = emailSender({
      ...env,
      EMAIL_PROVIDER: "postmark",
      EMAIL_API_URL: `${env.WEBHOOK_RECEIVER_URL}${path}`,
    });
    expect(await sender.send({ to, subject: "Hi", text: "Plain only" })).toEqual({ ok: true });
    const [delivery] = (await deliveries(path)).filter((d) => d.body.includes(to));
    expect(delivery?.headers["x-postmark-server-token"]).toBe("test-email-key");
    expect(JSON.parse(delivery?.body ?? "{}")).toEqual({
      From: '"Frontdesk" <noreply@frontdesk.local>',
      To: to,
      Subject: "Hi",
      TextBody: "Plain only",
      MessageStream: "outbound",
    });
  });

  it("report mail the provider refuses as a failure with its status, without throwing", async () => {
    const to = uniqueAddress("bounce");
    const result = await emailSender(env).send(message(to));
    expect(result).toEqual({ ok: false, error: expect.stringContaining("resend answered 500") });
    expect((await mailTo(to)).map((mail) => mail.status)).toEqual([500]);
  });

  it("report an unreachable or refused endpoint as a failure", async () => {
    const sender = emailSender({ ...env, EMAIL_API_URL: "http://10.0.0.1/email" });
    expect(await sender.send(message(uniqueAddress("private")))).toEqual({
      ok: false,
      error: expect.stringContaining("could not be reached"),
    });
  });

  it("report a missing key, an unknown provider or no provider at all as failures", async () => {
    const base: EmailEnv = { ...env, EMAIL: undefined };
    expect(await emailSender({ ...base, EMAIL_API_KEY: "" }).send(message("a@example.com"))).toEqual({
      ok: false,
      error: expect.stringContaining("EMAIL_API_KEY"),
    });
    expect(await emailSender({ ...base, EMAIL_PROVIDER: "pigeon" }).send(message("a@example.com"))).toEqual({
      ok: false,
      error: 'Unknown EMAIL_PROVIDER "pigeon"',
    });
    expect(await emailSender({ ...base, EMAIL_PROVIDER: "" }).send(message("a@example.com"))).toEqual({
      ok: false,
      error: expect.stringContaining("No email provider"),
    });
    expect(await emailSender({ ...base, EMAIL_FROM: "not an address" }).send(message("a@example.com"))).toEqual({
      ok: false,
      error: expect.stringContaining("EMAIL_FROM"),
    });
  });
});

/** A reply of the email channel: its own From, Cc and threading headers. */
const threaded = (to: string) => ({
  to,
  subject: "Re: Hours",
  text: "We are open nine to five.",
  fromName: "Shop",
  from: "help@shop.example",
  cc: ["bob@example.com"],
  messageId: "<c_1.4@shop.example>",
  inReplyTo: "<q1@example.com>",
  references: ["<q0@example.com>", "<q1@example.com>"],
  headers: { "Auto-Submitted": "auto-replied\r\nBcc: evil@example.com" },
});

describe("replies with their own From, Cc and threading headers", () => {
  it("pass them to Resend and Postmark, with no header able to add a line", async () => {
    const to = uniqueAddress("threaded");
    expect(await emailSender(env).send(threaded(to))).toEqual({ ok: true });
    const [resend] = (await deliveries(EMAIL_PATH)).filter((d) => d.body.includes(to));
    expect(JSON.parse(resend?.body ?? "{}")).toMatchObject({
      from: '"Shop" <help@shop.example>',
      to: [to],
      cc: ["bob@example.com"],
      headers: {
        "Message-ID": "<c_1.4@shop.example>",
        "In-Reply-To": "<q1@example.com>",
        References: "<q0@example.com> <q1@example.com>",
        "Auto-Submitted": "auto-replied Bcc: evil@example.com",
      },
    });
    const path = "/postmark-threaded";
    const postmark = emailSender({
      ...env,
      EMAIL_PROVIDER: "postmark",
      EMAIL_API_URL: `${env.WEBHOOK_RECEIVER_URL}${path}`,
    });
    expect(await postmark.send(threaded(to))).toEqual({ ok: true });
    const [sent] = (await deliveries(path)).filter((d) => d.body.includes(to));
    expect(JSON.parse(sent?.body ?? "{}")).toMatchObject({
      From: '"Shop" <help@shop.example>',
      Cc: "bob@example.com",
      Headers: expect.arrayContaining([
        { Name: "Message-ID", Value: "<c_1.4@shop.example>" },
        { Name: "In-Reply-To", Value: "<q1@example.com>" },
        { Name: "References", Value: "<q0@example.com> <q1@example.com>" },
      ]),
    });
  });

  it("build them into the binding's MIME", () => {
    const raw = buildMime({ name: "Frontdesk", addr: "noreply@frontdesk.local" }, threaded("jane@example.com"));
    const header = (name: string) => new RegExp(`^${name}: (.+?)\r?$`, "m").exec(raw)?.[1];
    expect(header("From")).toBe(`=?utf-8?B?${btoa("Shop")}?= <help@shop.example>`);
    expect(header("Cc")).toBe("<bob@example.com>");
    expect(header("Message-ID")).toBe("<c_1.4@shop.example>");
    expect(header("In-Reply-To")).toBe("<q1@example.com>");
    expect(header("References")).toBe("<q0@example.com> <q1@example.com>");
    expect(header("Auto-Submitted")).toBe("auto-replied Bcc: evil@example.com");
    expect(raw).not.toMatch(/^Bcc:/m);
  });
});

describe("the send_email binding", () => {
  it("builds MIME with the agent's name as sender, the subject, and text and HTML parts", () => {
    const raw = buildMime({ name: "Frontdesk", addr: "noreply@frontdesk.local" }, message("jane@example.com"));
    const header = (name: string) => new RegExp(`^${name}: (.+?)\r?$`, "m").exec(raw)?.[1];
    expect(header("From")).toBe(`=?utf-8?B?${btoa("Acme Support")}?= <noreply@frontdesk.local>`);
    expect(header("To")).toBe("<jane@example.com>");
    expect(header("Subject")).toBe(`=?utf-8?B?${btoa("Confirm your email")}?=`);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative; boundary=/m);
    expect(raw).toMatch(/^Content-Type: text\/plain; charset=UTF-8\r?$/m);
    expect(raw).toMatch(/^Content-Type: text\/html; charset=UTF-8\r?$/m);
    expect(raw).toContain("Open this link");
  });

  it("hands an EmailMessage to the binding (chosen by default when bound) and reports its refusal", async () => {
    const sent: Array<{ from: string; to: string }> = [];
    const accepting = {
      send: async (m: EmailMessage) => void sent.push({ from: m.from, to: m.to }),
    } as unknown as SendEmail;
    expect(
      await emailSender({ ...env, EMAIL_PROVIDER: "", EMAIL: accepting }).send(message("jane@example.com")),
    ).toEqual({ ok: true });
    expect(sent).toEqual([{ from: "noreply@frontdesk.local", to: "jane@example.com" }]);

    const refusing = {
      send: async () => Promise.reject(new Error("destination address not verified")),
    } as unknown as SendEmail;
    const result = await emailSender({ ...env, EMAIL_PROVIDER: "send_email", EMAIL: refusing }).send(
      message("jane@example.com"),
    );
    expect(result).toEqual({ ok: false, error: expect.stringContaining("destination address not verified") });
  });

  it("sends through the real local binding, which accepts the MIME it builds", async () => {
    expect(await emailSender({ ...env, EMAIL_PROVIDER: "send_email" }).send(message("jane@example.com"))).toEqual({
      ok: true,
    });
  });

  it("parses EMAIL_FROM with or without a display name", () => {
    expect(parseMailbox("Frontdesk <noreply@frontdesk.local>")).toEqual({
      name: "Frontdesk",
      addr: "noreply@frontdesk.local",
    });
    expect(parseMailbox("noreply@frontdesk.local")).toEqual({ name: null, addr: "noreply@frontdesk.local" });
    expect(parseMailbox("Frontdesk")).toBeNull();
  });
});
