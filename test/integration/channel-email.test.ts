/**
 * The email channel's inbound side: raw MIME handed to the email handler becomes the visitor
 * message of a conversation — the text part or the text of the HTML, without quoted history and
 * signatures, with the attachments' names — mail to an unknown address is rejected, mail no person
 * wrote is dropped unanswered, an ignored sender goes to a person, and only Cloudflare's own
 * DMARC result proves the sender.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { renderEmail } from "../../worker/channels/email/channel";
import type { LoggedEvent } from "../../worker/protocol/events";
import {
  conversationOfMessage,
  deliverEmail,
  deployEmail,
  newMessageId,
  rawEmail,
  sentTo,
  waitForMail,
} from "./support/email";
import { createTestAgent, SHOP_ANSWERS } from "./support/fixtures";
import { uniqueAddress } from "./support/mailbox";

const AGENT = "email-inbound";
const ADDRESS = "help@inbound.example";

beforeAll(async () => {
  await createTestAgent(AGENT, SHOP_ANSWERS, {
    channels: { email: { ignoreList: ["ignored@vendor.example", "spam.example"] } },
  });
  await deployEmail(AGENT, ADDRESS);
});

async function events(conversationId: string): Promise<LoggedEvent[]> {
  return env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId)).events(0);
}

/** Sends a message and returns the visitor message its conversation stored. */
async function received(mail: Parameters<typeof rawEmail>[0]): Promise<{ conversationId: string; text: string }> {
  const outcome = await deliverEmail(rawEmail(mail), { from: mail.from, to: ADDRESS });
  expect(outcome.rejected).toBeNull();
  const conversationId = await conversationOfMessage(mail.messageId);
  expect(conversationId).not.toBeNull();
  const logged = await events(conversationId ?? "");
  const message = logged.find((e) => e.type === "visitor_message" && e.id === mail.messageId);
  return { conversationId: conversationId ?? "", text: message?.type === "visitor_message" ? message.text : "" };
}

describe("inbound email", () => {
  it("rejects mail to an address no agent is deployed on", async () => {
    const outcome = await deliverEmail(
      rawEmail({ from: "a@example.com", to: "nobody@inbound.example", messageId: newMessageId("x"), text: "Hi" }),
      { from: "a@example.com", to: "Nobody@Inbound.example" },
    );
    expect(outcome.rejected).toBe("No agent receives mail at nobody@inbound.example");
  });

  it("takes a plain message as subject and body, and the agent answers by email", async () => {
    const from = uniqueAddress("plain");
    const messageId = newMessageId("plain");
    const { text } = await received({
      from,
      to: ADDRESS,
      subject: "Shipping",
      messageId,
      text: "Do you ship to Norway?",
    });
    expect(text).toBe("Shipping\n\nDo you ship to Norway?");
    const [reply] = await waitForMail(from);
    expect(reply?.text).toContain("Norway within three days");
  });

  it("reads the text of an HTML-only message, never its markup", async () => {
    const { text } = await received({
      from: uniqueAddress("html"),
      to: ADDRESS,
      subject: "Returns",
      messageId: newMessageId("html"),
      html:
        "<html><head><style>p{color:red}</style></head><body><p>How do I <b>return</b> a product?</p>" +
        "<p>Thanks &amp; regards</p><blockquote>old quoted text</blockquote></body></html>",
    });
    expect(text).toBe("Returns\n\nHow do I return a product?\nThanks & regards");
  });

  it("drops quoted history and signatures from a reply", async () => {
    const { text } = await received({
      from: uniqueAddress("quoted"),
      to: ADDRESS,
      subject: "Gift cards",
      messageId: newMessageId("quoted"),
      text: [
        "Do you offer gift cards?",
        "",
        "-- ",
        "Ann Example",
        "ACME Ltd",
        "",
        "On Fri, 4 Dec 2026 at 10:00, Shop <help@inbound.example> wrote:",
        "> We are open from nine to five.",
        "> Anything else?",
      ].join("\n"),
    });
    expect(text).toBe("Gift cards\n\nDo you offer gift cards?");
    const outlook = await received({
      from: uniqueAddress("outlook"),
      to: ADDRESS,
      subject: "RE: Hours",
      messageId: newMessageId("outlook"),
      text: "What are your opening hours?\nSent from my iPhone\n\n-----Original Message-----\nFrom: Shop\nSent: Friday\nSubject: Hours",
    });
    expect(outlook.text).toBe("RE: Hours\n\nWhat are your opening hours?");
    const headerBlock = await received({
      from: uniqueAddress("outlook2"),
      to: ADDRESS,
      subject: "Order",
      messageId: newMessageId("outlook2"),
      text: [
        "Where is my order?",
        "",
        "________________________________",
        "From: Shop <help@inbound.example>",
        "Sent: Friday, 4 December 2026 10:00",
        "To: Ann",
        "Subject: Order",
        "",
        "Your order shipped.",
      ].join("\n"),
    });
    expect(headerBlock.text).toBe("Order\n\nWhere is my order?");
  });

  it("keeps the content of a forwarded message", async () => {
    const { text } = await received({
      from: uniqueAddress("forward"),
      to: ADDRESS,
      subject: "Fwd: Broken parcel",
      messageId: newMessageId("forward"),
      text: [
        "See below.",
        "",
        "---------- Forwarded message ---------",
        "From: Bob <bob@example.com>",
        "Date: Thu, 3 Dec 2026",
        "Subject: Broken parcel",
        "",
        "My parcel arrived broken.",
      ].join("\n"),
    });
    expect(text).toContain("See below.");
    expect(text).toContain("My parcel arrived broken.");
  });

  it("lists the attachments' names after the text", async () => {
    const { text } = await received({
      from: uniqueAddress("files"),
      to: ADDRESS,
      subject: "Invoice",
      messageId: newMessageId("files"),
      text: "The invoice is attached.",
      attachments: [
        { name: "invoice.pdf", type: "application/pdf", content: "%PDF-1.4" },
        { name: "photo.png", type: "image/png", content: "PNG" },
      ],
    });
    expect(text).toBe("Invoice\n\nThe invoice is attached.\n\n[attachments: invoice.pdf, photo.png]");
  });

  it("caps a long message at the message limit", async () => {
    const { text } = await received({
      from: uniqueAddress("long"),
      to: ADDRESS,
      subject: "Long",
      messageId: newMessageId("long"),
      text: "word ".repeat(2_000),
      attachments: [{ name: "a.txt", type: "text/plain", content: "a" }],
    });
    expect(text.length).toBeLessThanOrEqual(4_000);
    expect(text.endsWith("[attachments: a.txt]")).toBe(true);
  });

  it("stores a redelivered message once", async () => {
    const from = uniqueAddress("again");
    const mail = { from, to: ADDRESS, subject: "Hours", messageId: newMessageId("again"), text: "Opening hours?" };
    const { conversationId } = await received(mail);
    await deliverEmail(rawEmail(mail), { from, to: ADDRESS });
    const logged = await events(conversationId);
    expect(logged.filter((e) => e.type === "visitor_message")).toHaveLength(1);
  });
});

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

describe("a reply rendered for email", () => {
  it("is plain text with its sources listed after it", () => {
    const rendered = renderEmail({
      text: "## Shipping\n\n**Yes**, see [the guide](https://shop.example/guide).",
      sources: [
        { id: "s1", title: "Shipping", url: "https://shop.example/shipping" },
        { id: "s2", title: "Internal note" },
      ],
    });
    expect(rendered.text).toBe(
      [
        "Shipping",
        "",
        "Yes, see the guide (https://shop.example/guide).",
        "",
        "Sources:",
        "- Shipping: https://shop.example/shipping",
        "- Internal note",
      ].join("\n"),
    );
  });
});

describe("mail that cannot be taken", () => {
  it("is rejected with the reason: no Message-ID, no valid sender", async () => {
    const noId = "From: a@example.com\r\nTo: help@inbound.example\r\nSubject: Hi\r\n\r\nHello\r\n";
    expect((await deliverEmail(noId, { from: "a@example.com", to: ADDRESS })).rejected).toBe(
      "The message has no Message-ID",
    );
    const noSender = rawEmail({
      from: "undisclosed-recipients:;",
      to: ADDRESS,
      messageId: newMessageId("x"),
      text: "Hi",
    });
    expect((await deliverEmail(noSender, { from: "", to: ADDRESS })).rejected).toBe(
      "The message has no valid sender address",
    );
  });
});
