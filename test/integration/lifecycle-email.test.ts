/** Email capture: each setting, invalid addresses, contacts in D1, and returning visitors who are never asked again. */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { database } from "../../worker/db/client";
import { contacts, visitors } from "../../worker/db/crm-schema";
import { conversations } from "../../worker/db/schema";
import { ChatSocket, startConversation } from "./support/chat-client";
import { completes, hasSystem, lifecycleAgent, systemKinds } from "./support/lifecycle";

const capture = (emailCapture: string) => ({ channels: { live_chat: { emailCapture } } });

async function contactOfVisitor(visitorId: string): Promise<string | null> {
  const row = await database(env).select().from(visitors).where(eq(visitors.id, visitorId)).get();
  if (!row?.contactId) return null;
  return (await database(env).select().from(contacts).where(eq(contacts.id, row.contactId)).get())?.email ?? null;
}

describe("email capture", () => {
  it("never: answers without asking, even when the answer is the first", async () => {
    await lifecycleAgent("email-never", capture("never"));
    const { conversationId, visitorToken } = await startConversation("email-never");
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: "What are your opening hours?" });
    socket.send({ type: "message", id: "m2", text: "Do you ship to Norway?" });
    const events = await socket.waitForReplies(2);
    expect(systemKinds(events)).not.toContain("email_request");
    socket.close();
  });

  it("before_first_answer: holds the question, asks again on a typo, then saves the contact and answers", async () => {
    await lifecycleAgent("email-before", capture("before_first_answer"));
    const { conversationId, visitorToken, visitorId } = await startConversation("email-before");
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: "What are your opening hours?" });
    await socket.waitFor(hasSystem("email_request"));
    expect(completes(socket.events)).toHaveLength(0); // no answer before the address

    socket.send({ type: "message", id: "m2", text: "jane@example" });
    await socket.waitFor(hasSystem("email_invalid"));
    socket.send({ type: "message", id: "m3", text: "Why do you need it?" });
    await socket.waitFor(hasSystem("email_invalid", 2)); // still no answer without an address
    expect(completes(socket.events)).toHaveLength(0);

    socket.send({ type: "message", id: "m4", text: "Sure: Jane.Doe@Example.com" });
    const events = await socket.waitForReplies(1);
    expect(systemKinds(events)).toContain("email_saved");
    expect(completes(events)[0]?.text).toContain("nine to five"); // the held question is answered
    expect(await contactOfVisitor(visitorId)).toBe("jane.doe@example.com");
    const row = await database(env).select().from(conversations).where(eq(conversations.id, conversationId)).get();
    expect(row?.contactId).not.toBeNull();
    socket.close();

    // The same visitor, in a new conversation: never asked again.
    const again = await startConversation("email-before", visitorToken, false);
    const second = await ChatSocket.open(again.conversationId, again.visitorToken);
    second.send({ type: "message", id: "n1", text: "Do you ship to Norway?" });
    const later = await second.waitForReplies(1);
    expect(systemKinds(later)).not.toContain("email_request");
    second.close();
  });

  it("after_first_answer: answers first, then asks; other questions are still answered; one contact per address", async () => {
    await lifecycleAgent("email-after", capture("after_first_answer"));
    const { conversationId, visitorToken, visitorId } = await startConversation("email-after");
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: "What are your opening hours?" });
    await socket.waitFor(hasSystem("email_request"));
    expect(completes(socket.events)).toHaveLength(1);
    const [reply] = completes(socket.events);
    const request = socket.events.find((e) => e.type === "system_message" && e.kind === "email_request");
    expect(request && "seq" in request && reply && request.seq > reply.seq).toBe(true);

    socket.send({ type: "message", id: "m2", text: "Do you ship to Norway?" });
    await socket.waitForReplies(2); // not an address: answered as a question
    socket.send({ type: "message", id: "m3", text: "ole@firma.dk" });
    await socket.waitFor(hasSystem("email_saved"));
    expect(await contactOfVisitor(visitorId)).toBe("ole@firma.dk");

    // Another visitor giving the same address is linked to the same contact.
    const other = await startConversation("email-after");
    const otherSocket = await ChatSocket.open(other.conversationId, other.visitorToken);
    otherSocket.send({ type: "message", id: "x1", text: "What are your opening hours?" });
    await otherSocket.waitFor(hasSystem("email_request"));
    otherSocket.send({ type: "message", id: "x2", text: "OLE@firma.dk" });
    await otherSocket.waitFor(hasSystem("email_saved"));
    const rows = await database(env).select().from(contacts).where(eq(contacts.email, "ole@firma.dk")).all();
    expect(rows).toHaveLength(1);
    socket.close();
    otherSocket.close();
  });

  it("on_handoff: asks only when handing to a person", async () => {
    await lifecycleAgent("email-handoff", capture("on_handoff"));
    const { conversationId, visitorToken } = await startConversation("email-handoff");
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: "What are your opening hours?" });
    await socket.waitForReplies(1);
    expect(systemKinds(socket.events)).not.toContain("email_request");
    socket.send({ type: "message", id: "m2", text: "Can I talk to a human?" });
    await socket.waitFor(hasSystem("email_request"));
    socket.send({ type: "message", id: "m3", text: "me@shop.example.org" });
    await socket.waitFor(hasSystem("email_saved"));
    socket.close();
  });
});
