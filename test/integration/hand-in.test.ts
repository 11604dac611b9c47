/**
 * Hand-in: an owner's workflow passes a conversation to the agent through the admin API (or, for a
 * custom channel's conversation, through the channel's signed endpoint), in three modes — answer the
 * latest message, say a fixed message, answer a question asked on the visitor's behalf. Whoever held
 * the conversation, the agent holds it afterwards; the answer comes from a normal turn. Closed,
 * unknown and other agents' conversations and bad bodies are refused, and each hand-in is audited.
 */
import { describe, expect, it } from "vitest";
import type { LoggedEvent, ServerEvent } from "../../worker/protocol/events";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation } from "./support/chat-client";
import { deployCustom, postSigned, receivedAt } from "./support/custom-channel";
import { verifyWebhookSignature } from "../../worker/handoff/webhook-signature";
import { completes, conversationStub, hasSystem, lifecycleAgent, loggedEvents, statuses } from "./support/lifecycle";

const AGENT = "hand-in-agent";
const OTHER = "hand-in-other";
const STAFF = { id: "st_hand_in", name: "Ada" };

type HandedIn = { conversationId: string; status: string; seq: number };
type ErrorBody = { error: { code: string } };

const assign = (conversationId: string, body: unknown, agentId = AGENT, token?: string) =>
  adminFetch(`/agents/${agentId}/conversations/${conversationId}/assign`, {
    method: "POST",
    json: body,
    ...(token ? { token } : {}),
  });
const answers = (events: Array<LoggedEvent | ServerEvent>) => completes(events as ServerEvent[]);
const status = async (conversationId: string) => statuses(await loggedEvents(conversationId)).at(-1)?.status ?? "bot";

/** A live-chat conversation where the visitor asked for a person and, with `claimed`, a person took it. */
async function heldByPerson(
  agentId: string,
  claimed: boolean,
): Promise<{ conversationId: string; socket: ChatSocket }> {
  await lifecycleAgent(agentId, {});
  const { conversationId, visitorToken } = await startConversation(agentId, undefined, false);
  const socket = await ChatSocket.open(conversationId, visitorToken);
  socket.send({ type: "message", id: "m1", text: "Can I talk to a human?" });
  await socket.waitFor(hasSystem("no_staff"));
  socket.send({ type: "message", id: "m2", text: "What are your opening hours?" });
  await socket.waitFor((events) => events.some((e) => e.type === "ack" && e.id === "m2"));
  if (claimed) expect(await conversationStub(conversationId).claim(STAFF)).toEqual({ ok: true });
  return { conversationId, socket };
}

describe("hand-in through the admin API", () => {
  it("answer_latest: the agent takes a claimed conversation back and answers the latest message", async () => {
    const { conversationId, socket } = await heldByPerson(AGENT, true);
    expect(await status(conversationId)).toBe("human");
    expect(answers(await loggedEvents(conversationId))).toHaveLength(0);
    const response = await assign(conversationId, { mode: "answer_latest" });
    expect(response.status, await response.clone().text()).toBe(200);
    const handed = (await response.json()) as HandedIn;
    const latest = (await loggedEvents(conversationId)).filter((e) => e.type === "visitor_message").at(-1);
    expect(handed).toEqual({ conversationId, status: "bot", seq: latest?.seq });
    const events = await socket.waitForReplies(1);
    expect(answers(events)[0]?.text).toContain("nine to five");
    expect(statuses(events).at(-1)).toMatchObject({ status: "bot", poweredByAi: true });
    expect(events.some((e) => e.type === "system_message" && e.kind === "handed_back")).toBe(true);
    socket.close();
  });

  it("message: the agent says the fixed text as its answer, and waits for the visitor", async () => {
    const { conversationId, socket } = await heldByPerson(`${AGENT}-msg`, false);
    expect(await status(conversationId)).toBe("waiting_for_human");
    const text = "Thanks for waiting! Your order **#1234** has shipped.";
    const response = await assign(conversationId, { mode: "message", text }, `${AGENT}-msg`);
    expect(response.status).toBe(200);
    const events = await socket.waitForReplies(1);
    expect(answers(events).map((e) => e.text)).toEqual([text]);
    expect(statuses(events).at(-1)).toMatchObject({ status: "bot" });
    // It waits: no turn runs for the visitor's earlier messages.
    const logged = await loggedEvents(conversationId);
    expect(answers(logged)).toHaveLength(1);
    // The visitor's next message is the agent's to answer.
    socket.send({ type: "message", id: "m3", text: "Do you ship to Norway?" });
    expect(answers(await socket.waitForReplies(2))[1]?.text).toContain("Norway");
    socket.close();
  });

  it("answer_question: the workflow's question is logged for the visitor and answered by a normal turn", async () => {
    await lifecycleAgent(`${AGENT}-q`, {});
    const { conversationId, visitorToken } = await startConversation(`${AGENT}-q`, undefined, false);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    const question = "Do you offer gift cards?";
    const response = await assign(conversationId, { mode: "answer_question", question }, `${AGENT}-q`);
    expect(response.status).toBe(200);
    const { seq } = (await response.json()) as HandedIn;
    const events = await socket.waitForReplies(1);
    expect(answers(events)[0]?.text).toContain("Gift cards");
    const asked = (await loggedEvents(conversationId)).find((e) => e.seq === seq);
    expect(asked).toMatchObject({ type: "visitor_message", text: question, via: "workflow" });
    socket.close();
  });

  it("a handed-in question is answered by the agent even when it asks for a person: the workflow chose the agent", async () => {
    const { conversationId, socket } = await heldByPerson(AGENT, false);
    expect(await status(conversationId)).toBe("waiting_for_human");
    const handoffsBefore = (await loggedEvents(conversationId)).filter(
      (e) => e.type === "system_message" && e.kind === "no_staff",
    ).length;
    const response = await assign(conversationId, { mode: "answer_question", question: "Can I talk to a human?" });
    expect(response.status).toBe(200);
    const events = await socket.waitForReplies(1);
    expect(answers(events)).toHaveLength(1);
    const after = await loggedEvents(conversationId);
    expect(after.filter((e) => e.type === "system_message" && e.kind === "no_staff")).toHaveLength(handoffsBefore);
    expect(await status(conversationId)).toBe("bot");
    socket.close();
  });

  it("refuses closed (409), unknown and other agents' (404) conversations, and bad bodies (400)", async () => {
    await lifecycleAgent(OTHER, {});
    const { conversationId } = await startConversation(AGENT, undefined, false);
    expect((await assign(conversationId, { mode: "answer_latest" }, OTHER)).status).toBe(404);
    expect((await assign("c_0000000000000000000000", { mode: "answer_latest" })).status).toBe(404);
    expect(((await (await assign(conversationId, { mode: "answer_latest" })).json()) as ErrorBody).error.code).toBe(
      "nothing_to_answer",
    );
    for (const bad of [
      {},
      { mode: "dance" },
      { mode: "message" },
      { mode: "message", text: " " },
      { mode: "answer_question", question: "x".repeat(4_001) },
      { mode: "answer_latest", text: "extra" },
    ]) {
      const response = await assign(conversationId, bad);
      expect(response.status, JSON.stringify(bad)).toBe(400);
    }
    expect(await conversationStub(conversationId).closeByStaff("st_any")).toEqual({ ok: true });
    const closed = await assign(conversationId, { mode: "message", text: "Hello again" });
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as ErrorBody).error.code).toBe("conversation_closed");
    expect(answers(await loggedEvents(conversationId))).toHaveLength(0);
  });

  it("records each hand-in in the audit log, and refuses a viewer key", async () => {
    const { conversationId } = await startConversation(AGENT, undefined, false);
    const response = await assign(conversationId, { mode: "message", text: "Audited hello" });
    expect(response.status).toBe(200);
    const audit = (await (await adminFetch(`/audit?kind=conversation&limit=100`)).json()) as {
      entries: Array<{ kind: string; action: string; agentId: string | null }>;
    };
    expect(audit.entries).toContainEqual(
      expect.objectContaining({ kind: "conversation", action: "assign", agentId: AGENT }),
    );
    const key = (await (
      await adminFetch("/keys", { method: "POST", json: { name: "viewer", role: "viewer" } })
    ).json()) as { key: string };
    const refused = await assign(conversationId, { mode: "message", text: "Not allowed" }, AGENT, key.key);
    expect(refused.status).toBe(403);
  });
});

describe("hand-in through a custom channel", () => {
  it("hands the user's open conversation to the agent, signed, and refuses an unsigned one", async () => {
    await lifecycleAgent(`${AGENT}-custom`, {});
    const channel = await deployCustom(`${AGENT}-custom`, "/custom/hand-in");
    const sign = { secret: channel.signingSecret };
    const sent = await postSigned(
      channel.address,
      "messages",
      { id: "hm-1", user: { id: "u-hand" }, text: "Can I talk to a human?" },
      sign,
    );
    const { conversationId } = (await sent.json()) as { conversationId: string };
    await expect.poll(() => status(conversationId)).toBe("waiting_for_human");

    const body = { mode: "answer_question", question: "Do you ship to Norway?", user: { id: "u-hand" } };
    expect((await postSigned(channel.address, "assign", body, { signature: null })).status).toBe(401);
    expect((await postSigned(channel.address, "assign", { mode: "answer_latest" }, sign)).status).toBe(400);
    expect(
      (await postSigned(channel.address, "assign", { mode: "answer_latest", user: { id: "u-nobody" } }, sign)).status,
    ).toBe(404);
    const response = await postSigned(channel.address, "assign", body, sign);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toMatchObject({ conversationId, status: "bot" });
    await expect.poll(async () => answers(await loggedEvents(conversationId)).at(-1)?.text ?? "").toContain("Norway");
    expect(await status(conversationId)).toBe("bot");
    const byId = await postSigned(
      channel.address,
      "assign",
      { mode: "message", text: "Anything else?", conversationId },
      sign,
    );
    expect(byId.status).toBe(200);
    // The fixed message reaches the user like any answer: signed, at the channel's delivery URL.
    const said = async () =>
      (await receivedAt(channel.path)).filter((d) => JSON.parse(d.body).text === "Anything else?");
    await expect.poll(async () => (await said()).length).toBe(1);
    const [delivery] = await said();
    expect(JSON.parse(delivery?.body ?? "{}")).toMatchObject({
      conversationId,
      kind: "answer",
      user: { id: "u-hand" },
    });
    expect(
      await verifyWebhookSignature(
        channel.signingSecret,
        delivery?.headers["frontdesk-signature"] ?? null,
        delivery?.body ?? "",
      ),
    ).toBe(true);
  });
});
