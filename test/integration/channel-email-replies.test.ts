/**
 * The email channel's replies and threads: each answer is a proper reply (From the deployment with
 * the agent's name, "Re:" the original subject once, In-Reply-To and References, our own
 * deterministic Message-ID, the signature, Auto-Submitted), a reply continues its conversation and
 * new mail starts one, reply-all leaves our own addresses out, a thread stops getting automatic
 * mail at the per-hour cap, two of our deployments never write to each other, working hours and
 * inactivity follow the email channel's settings, and a person's reply from the inbox is mailed.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { LifecycleStore } from "../../durable-objects/conversation/lifecycle-state";
import { MAX_REPLIES_PER_HOUR } from "../../worker/channels/email/threading";
import {
  conversationOfMessage,
  deliverEmail,
  deployEmail,
  newMessageId,
  rawEmail,
  sentTo,
  waitForMail,
  type RawEmail,
} from "./support/email";
import { createTestAgent, SHOP_ANSWERS } from "./support/fixtures";
import { conversationStub } from "./support/lifecycle";
import { uniqueAddress } from "./support/mailbox";
import { StaffSocket } from "./support/staff-socket";

const AGENT = "email-replies";
const ADDRESS = "support@replies.example";
const ALL_AGENT = "email-reply-all";
const ALL_ADDRESS = "team@replies.example";
const OFF_AGENT = "email-off-duty";
const OFF_ADDRESS = "closed@replies.example";
const SLOW_AGENT = "email-slow";
const SLOW_ADDRESS = "slow@replies.example";

beforeAll(async () => {
  await createTestAgent(AGENT, SHOP_ANSWERS, {
    channels: { email: { signature: "The Shop team\nshop.example", inactivityMinutes: 5 } },
  });
  await createTestAgent(ALL_AGENT, SHOP_ANSWERS, { channels: { email: { replyMode: "all" } } });
  await createTestAgent(OFF_AGENT, SHOP_ANSWERS, {
    channels: { email: { workingHours: { mode: "specific_hours", timeZone: "UTC", days: {} } } },
    handoff: { expectedResponse: "on Monday morning" },
  });
  await createTestAgent(SLOW_AGENT, SHOP_ANSWERS, { limits: { messagesPerConversation: { count: 1, minutes: 60 } } });
  await deployEmail(SLOW_AGENT, SLOW_ADDRESS);
  await deployEmail(AGENT, ADDRESS);
  await deployEmail(ALL_AGENT, ALL_ADDRESS);
  await deployEmail(OFF_AGENT, OFF_ADDRESS);
});

async function send(mail: RawEmail): Promise<string> {
  // The envelope's recipient is our address: the first one of the To header.
  const to = mail.to.split(",")[0]?.trim() ?? mail.to;
  const outcome = await deliverEmail(rawEmail(mail), { from: mail.from.replace(/^.*<|>$/g, ""), to });
  expect(outcome.rejected).toBeNull();
  const conversationId = await conversationOfMessage(mail.messageId);
  if (!conversationId) throw new Error(`${mail.messageId} was not taken`);
  return conversationId;
}

const bare = (id: string | undefined) => (id ?? "").replace(/^<|>$/g, "");

async function handoffReasons(conversationId: string): Promise<string[]> {
  const rows = await env.DB.prepare("SELECT reason FROM handoffs WHERE conversation_id = ?")
    .bind(conversationId)
    .all<{ reason: string }>();
  return rows.results.map((r) => r.reason);
}

describe("email replies", () => {
  it("answer as a proper reply in the thread, and a reply to it continues the conversation", async () => {
    const from = uniqueAddress("thread");
    const first = newMessageId("first");
    const conversationId = await send({
      from: `Ann Example <${from}>`,
      to: ADDRESS,
      subject: "Re: RE: Shipping question",
      messageId: first,
      text: "Do you ship to Norway?",
    });
    const [reply] = await waitForMail(from);
    expect(reply).toMatchObject({
      from: `"Agent ${AGENT}" <${ADDRESS}>`,
      to: [from],
      subject: "Re: Shipping question",
    });
    expect(reply?.cc).toBeUndefined();
    expect(reply?.text).toContain("Norway within three days");
    expect(reply?.text).toMatch(/\n\n-- \nThe Shop team\nshop\.example$/);
    expect(reply?.headers?.["In-Reply-To"]).toBe(`<${first}>`);
    expect(reply?.headers?.References).toBe(`<${first}>`);
    expect(reply?.headers?.["Auto-Submitted"]).toBe("auto-replied");
    const replyId = bare(reply?.headers?.["Message-ID"]);
    expect(replyId).toMatch(new RegExp(`^${conversationId}\\.\\d+@replies\\.example$`));

    // The visitor answers our reply: the same conversation, threaded on both ids.
    const second = newMessageId("second");
    const again = await send({
      from,
      to: ADDRESS,
      subject: "Re: Shipping question",
      messageId: second,
      inReplyTo: replyId,
      references: `<${first}> <${replyId}>`,
      text: "How do I return a product?\n\nOn Sat, Shop wrote:\n> Yes, we ship to Norway",
    });
    expect(again).toBe(conversationId);
    const replies = await waitForMail(from, 2);
    expect(replies[1]?.text).toContain("Returns are free");
    expect(replies[1]?.subject).toBe("Re: Shipping question");
    expect(replies[1]?.headers?.["In-Reply-To"]).toBe(`<${second}>`);
    expect(replies[1]?.headers?.References).toBe(`<${first}> <${replyId}> <${second}>`);

    // New mail with no thread starts a new conversation, even from the same sender.
    const other = await send({
      from,
      to: ADDRESS,
      subject: "Gift cards",
      messageId: newMessageId("new"),
      text: "Gift cards?",
    });
    expect(other).not.toBe(conversationId);
  });

  it("close a quiet thread after the email channel's inactivity, and a late reply starts a new conversation", async () => {
    const from = uniqueAddress("quiet");
    const first = newMessageId("quiet");
    const conversationId = await send({
      from,
      to: ADDRESS,
      subject: "Hours",
      messageId: first,
      text: "Opening hours?",
    });
    const [reply] = await waitForMail(from);
    const stub = conversationStub(conversationId);
    const alarmAt = await runInDurableObject(stub, (_i: ConversationDO, state) => state.storage.getAlarm());
    expect(alarmAt).toBeLessThan(Date.now() + 6 * 60_000); // 5 minutes, not the default day
    await runInDurableObject(stub, async (_i: ConversationDO, state) => {
      new LifecycleStore(state.storage.sql).update({ lastActivityAt: Date.now() - 6 * 60_000 });
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const status = await env.DB.prepare("SELECT status FROM conversations WHERE id = ?")
      .bind(conversationId)
      .first<{ status: string }>();
    expect(status?.status).toBe("closed");
    const late = await send({
      from,
      to: ADDRESS,
      subject: "Re: Hours",
      messageId: newMessageId("late"),
      inReplyTo: bare(reply?.headers?.["Message-ID"]),
      text: "And on Sundays?",
    });
    expect(late).not.toBe(conversationId);
  });

  it("reply to everyone on the thread in reply-all mode, leaving out our own addresses", async () => {
    const from = uniqueAddress("all");
    const colleague = uniqueAddress("colleague");
    await send({
      from,
      to: `${ALL_ADDRESS}, ${colleague}`,
      cc: `${ADDRESS}, noreply@frontdesk.local, ${from}`,
      subject: "Hours",
      messageId: newMessageId("all"),
      text: "What are your opening hours?",
    });
    const [reply] = await waitForMail(from);
    expect(reply?.to).toEqual([from]);
    expect(reply?.cc).toEqual([colleague]);
    expect(reply?.from).toBe(`"Agent ${ALL_AGENT}" <${ALL_ADDRESS}>`);
  });

  it("stop automatic mail in a thread at the per-hour cap: the next message goes to a person", async () => {
    const from = uniqueAddress("cap");
    const first = newMessageId("cap");
    const conversationId = await send({
      from,
      to: ADDRESS,
      subject: "Hours",
      messageId: first,
      text: "Opening hours?",
    });
    await waitForMail(from);
    const deployment = await env.DB.prepare("SELECT id FROM channel_deployments WHERE address = ?")
      .bind(ADDRESS)
      .first<{ id: string }>();
    for (let i = 0; i < MAX_REPLIES_PER_HOUR; i++)
      await env.DB.prepare(
        "INSERT INTO email_thread_messages (deployment_id, message_id, conversation_id, direction, subject, participants, at) " +
          "VALUES (?, ?, ?, 'out', 'Hours', ?, ?)",
      )
        .bind(deployment?.id, `${conversationId}.${1000 + i}@replies.example`, conversationId, from, Date.now())
        .run();
    await send({
      from,
      to: ADDRESS,
      subject: "Re: Hours",
      messageId: newMessageId("cap-more"),
      inReplyTo: first,
      text: "Do you ship to Norway?",
    });
    await vi.waitFor(async () => expect(await handoffReasons(conversationId)).toEqual(["reply_limit"]));
    const events = await conversationStub(conversationId).events(0);
    expect(events.filter((e) => e.type === "assistant_complete")).toHaveLength(1);
    expect(await sentTo(from)).toHaveLength(1);
  });

  it("never let two of our deployments write to each other", async () => {
    const messageId = newMessageId("loop");
    const outcome = await deliverEmail(
      rawEmail({ from: ALL_ADDRESS, to: ADDRESS, subject: "Re: Hours", messageId, text: "We are open nine to five." }),
      { from: ALL_ADDRESS, to: ADDRESS },
    );
    expect(outcome.rejected).toBeNull();
    expect(await conversationOfMessage(messageId)).toBeNull();
    // Our own reply, returned by a forwarding rule, is recognised by its Message-ID alone.
    const returned = newMessageId("x").replace(/^x-[^@]+@.*$/, "c_abc123.4@replies.example");
    const from = uniqueAddress("forwarder");
    await deliverEmail(rawEmail({ from, to: ADDRESS, subject: "Re: Hours", messageId: returned, text: "Hi" }), {
      from,
      to: ADDRESS,
    });
    expect(await conversationOfMessage(returned)).toBeNull();
  });

  it("hand mail outside the email channel's working hours to a person, with the off-duty line by email", async () => {
    const from = uniqueAddress("offduty");
    const conversationId = await send({
      from,
      to: OFF_ADDRESS,
      subject: "Hours",
      messageId: newMessageId("off"),
      text: "Hi",
    });
    const [line] = await waitForMail(from);
    expect(line?.text).toContain("on Monday morning");
    expect(line?.subject).toBe("Re: Hours");
    expect(await handoffReasons(conversationId)).toEqual(["off_duty"]);
    const events = await conversationStub(conversationId).events(0);
    expect(events.some((e) => e.type === "assistant_complete")).toBe(false);
  });

  it("reject a message the conversation refuses (over its message rate), so the sender learns it was not taken", async () => {
    const from = uniqueAddress("rate");
    const first = newMessageId("rate");
    await send({ from, to: SLOW_ADDRESS, subject: "Hours", messageId: first, text: "Opening hours?" });
    const refused = {
      from,
      to: SLOW_ADDRESS,
      subject: "Re: Hours",
      messageId: newMessageId("rate2"),
      inReplyTo: first,
      text: "And Sundays?",
    };
    const outcome = await deliverEmail(rawEmail(refused), { from, to: SLOW_ADDRESS });
    expect(outcome.rejected).toMatch(/^Too many messages; try again in \d+ s$/);
    expect(await conversationOfMessage(refused.messageId)).toBeNull();
    const claimed = await env.DB.prepare("SELECT 1 FROM channel_inbound_ids WHERE message_id = ?")
      .bind(refused.messageId)
      .first();
    expect(claimed).toBeNull(); // not marked as taken: delivered again later, it is taken then
  });

  it("mail a person's reply from the inbox to the visitor, without Auto-Submitted", async () => {
    const from = uniqueAddress("staff");
    const first = newMessageId("staff");
    const conversationId = await send({
      from,
      to: ADDRESS,
      subject: "Hours",
      messageId: first,
      text: "Opening hours?",
    });
    await waitForMail(from);
    const ada = { id: "st_email_ada", name: "Ada Lovelace" };
    const staff = await StaffSocket.open(conversationId, ada);
    expect(await conversationStub(conversationId).claim(ada)).toEqual({ ok: true });
    staff.send({ type: "message", id: "s1", text: "Hi, Ada here. We are also open on Saturdays." });
    const mails = await vi.waitFor(
      async () => {
        const all = await sentTo(from);
        const mine = all.find((mail) => mail.text.startsWith("Hi, Ada here."));
        if (!mine) throw new Error("no staff mail yet");
        return mine;
      },
      { timeout: 15_000 },
    );
    expect(mails.from).toBe(`"Ada Lovelace" <${ADDRESS}>`);
    expect(mails.headers?.["In-Reply-To"]).toBe(`<${first}>`);
    expect(mails.headers?.["Auto-Submitted"]).toBeUndefined();
    staff.close();
  });
});
