/**
 * Who inbound email is from: mail no person wrote is dropped unanswered, an ignored sender's mail
 * goes to a person, and only Cloudflare's own DMARC result proves the sender.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { conversationOfMessage, deliverEmail, newMessageId, rawEmail, sentTo } from "./support/email";
import { uniqueAddress } from "./support/mailbox";
import { ADDRESS, events, prepareInboundAgent, received } from "./support/email-inbound";

beforeAll(prepareInboundAgent);

describe("mail no person wrote", () => {
  const cases: Array<[string, Partial<Parameters<typeof rawEmail>[0]>]> = [
    ["an out-of-office reply", { headers: ["Auto-Submitted: auto-replied"] }],
    ["a bounce with an empty Return-Path", { top: ["Return-Path: <>"] }],
    ["a delivery report", { headers: ['Content-Type: multipart/report; report-type=delivery-status; boundary="x"'] }],
    ["mail from MAILER-DAEMON", { from: "MAILER-DAEMON@mx.example.com" }],
    ["mailing-list mail", { headers: ["List-Id: <news.example.com>"] }],
    ["bulk mail", { headers: ["Precedence: bulk"] }],
    ["mail from one of our own deployments", { from: ADDRESS }],
    ["mail from our own sender address", { from: "noreply@frontdesk.local" }],
  ];
  for (const [name, change] of cases) {
    it(`drops ${name}: accepted, never stored, never answered`, async () => {
      const from = change.from ?? uniqueAddress("robot");
      const mail = { from, to: ADDRESS, messageId: newMessageId("robot"), text: "Do you ship to Norway?", ...change };
      const outcome = await deliverEmail(rawEmail(mail), { from, to: ADDRESS });
      expect(outcome.rejected).toBeNull();
      expect(await conversationOfMessage(mail.messageId)).toBeNull();
    });
  }

  it("keeps auto-submitted 'no' mail, which a person wrote", async () => {
    const { text } = await received({
      from: uniqueAddress("human"),
      to: ADDRESS,
      messageId: newMessageId("human"),
      subject: "Hi",
      headers: ["Auto-Submitted: no"],
      text: "Do you ship to Norway?",
    });
    expect(text).toContain("Norway");
  });
});

describe("the ignore list", () => {
  it("stores an ignored sender's mail for a person and never answers it", async () => {
    for (const from of ["ignored@vendor.example", `someone-${crypto.randomUUID().slice(0, 6)}@mail.spam.example`]) {
      const { conversationId } = await received({
        from,
        to: ADDRESS,
        messageId: newMessageId("ignored"),
        subject: "Offer",
        text: "Do you ship to Norway?",
      });
      await vi.waitFor(async () => {
        const row = await env.DB.prepare("SELECT reason FROM handoffs WHERE conversation_id = ?")
          .bind(conversationId)
          .first<{ reason: string }>();
        expect(row?.reason).toBe("ignore_list");
      });
      const logged = await events(conversationId);
      expect(logged.some((e) => e.type === "assistant_complete")).toBe(false);
      expect(await sentTo(from)).toEqual([]);
    }
  });
});

describe("DMARC", () => {
  const CLOUDFLARE = (domain: string, result: string) =>
    `Authentication-Results: mx.cloudflare.net; dkim=pass header.d=${domain}; spf=pass smtp.mailfrom=${domain}; ` +
    `dmarc=${result} header.from=${domain} policy.dmarc=reject`;

  async function verified(mail: Parameters<typeof rawEmail>[0]): Promise<boolean> {
    const { conversationId } = await received(mail);
    return (await events(conversationId)).some((e) => e.type === "verified");
  }

  it("proves the sender when Cloudflare's header says DMARC passed for the From domain", async () => {
    const from = uniqueAddress("dmarc");
    expect(
      await verified({
        from,
        to: ADDRESS,
        messageId: newMessageId("d1"),
        top: [CLOUDFLARE("example.com", "pass")],
        text: "Hi",
      }),
    ).toBe(true);
  });

  it("never proves a forged From: no pass, another domain's pass, or a pass written by the sender below", async () => {
    const cases: Array<string[]> = [
      [],
      [CLOUDFLARE("example.com", "fail")],
      [CLOUDFLARE("attacker.example", "pass")],
      // The sender wrote a passing header; Cloudflare's own, on top, says it failed.
      [CLOUDFLARE("example.com", "fail"), CLOUDFLARE("example.com", "pass")],
      // A top-most header from another server is not Cloudflare's: nothing below it is read.
      [
        "Authentication-Results: mx.attacker.example; dmarc=pass header.from=example.com",
        CLOUDFLARE("example.com", "pass"),
      ],
    ];
    for (const top of cases) {
      const from = uniqueAddress("forged");
      expect(await verified({ from, to: ADDRESS, messageId: newMessageId("forged"), top, text: "Hi" })).toBe(false);
    }
  });
});
