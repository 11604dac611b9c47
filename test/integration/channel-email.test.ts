/**
 * The email channel's inbound side: raw MIME handed to the email handler becomes the visitor
 * message of a conversation — the text part or the text of the HTML, without quoted history and
 * signatures, with the attachments' names — mail to an unknown address or without a Message-ID or
 * a valid sender is rejected, and a reply is rendered for email as plain text with its sources.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { renderEmail } from "../../worker/channels/email/channel";
import { deliverEmail, newMessageId, rawEmail, waitForMail } from "./support/email";
import { uniqueAddress } from "./support/mailbox";
import { ADDRESS, events, prepareInboundAgent, received } from "./support/email-inbound";

beforeAll(prepareInboundAgent);

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
