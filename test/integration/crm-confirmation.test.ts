/**
 * A contact change is confirmed against the server's own question, never the model's wording:
 * after the turn that proposed it the server asks `Change <label> to "<value>"? Reply yes or no.`
 * with the exact value it holds, only a yes to that question writes it, and a second proposal in
 * the same turn is refused. Conversations run through the Worker and the Durable Object, with the
 * offline model and with scripted generative models behind the loopback OpenAI-compatible server
 * (test/node/crm-model.ts), one of which words a different question and one of which proposes twice.
 */
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { rememberVerifiedVisitor } from "../../worker/crm/verified-visitors";
import { REWORDED_VALUE } from "../node/crm-model";
import { crmAgent, earlier, historyOf, seedContact, shown, shownTexts, storedValue, crmChat } from "./support/crm";
import type { ServerEvent } from "../../worker/protocol/events";

/** What the loopback server recorded of each request (see test/node/openai-loopback-http.ts). */
type RecordedRequest = { path: string; body: unknown };

const EDITABLE = { billing_address: { show: true, showProtection: "none", edit: true, editProtection: "none" } };
const question = (value: string) => `Change billing address to "${value}"? Reply yes or no.`;
const confirmLines = (events: ServerEvent[]) =>
  events.flatMap((e) => (e.type === "system_message" && e.kind === "change_confirm" ? [e.text] : []));

describe("the server's confirmation question", { timeout: 30_000 }, () => {
  it("offline model: the server asks with the exact value after the turn, and the yes writes that value", async () => {
    await crmAgent("crm-confirm-offline", { properties: EDITABLE });
    const contactId = await seedContact("olga@example.com", { billing_address: "1 Old Road" });
    const c = await crmChat("crm-confirm-offline");
    await c.say("Please change my billing address to 2 New Road");
    const [announced, asked] = await c.say("olga@example.com", 2);
    expect(announced).toContain('"2 New Road"');
    expect(asked).toBe(question("2 New Road"));
    expect(confirmLines(c.socket.events)).toEqual([question("2 New Road")]);
    expect(await storedValue(contactId, "billing_address")).toBe("1 Old Road");
    const [saved] = await c.say("yes");
    expect(saved).toContain("2 New Road");
    expect(await storedValue(contactId, "billing_address")).toBe("2 New Road");
    c.socket.close();
  });

  it("a model that words its own question about another value cannot get a value written the server did not ask about", async () => {
    await crmAgent("crm-confirm-reworded", { properties: EDITABLE });
    const contactId = await seedContact("rex@example.com", { billing_address: "1 Old Road" });
    const c = await crmChat("crm-confirm-reworded", "/crm/reworded/v1");
    await rememberVerifiedVisitor(env, { ...earlier(c), contactId });
    const [, own, asked] = await c.say("Please change my billing address to 2 New Road", 3);
    expect(own).toBe('Shall I change your billing address to "2 New Road"? Reply yes or no.'); // the model's wording
    expect(asked).toBe(question(REWORDED_VALUE)); // the server's, with what the model actually proposed
    const [cancelled] = await c.say("No");
    expect(cancelled).toMatch(/left your billing address as it was/);
    expect(await storedValue(contactId, "billing_address")).toBe("1 Old Road");

    // Asked again, the visitor's yes answers the server's question: exactly its value is written, nothing else.
    const [, again] = await c.say("Please change my billing address to 2 New Road", 2);
    expect(again).toBe(question(REWORDED_VALUE));
    await c.say("yes");
    expect(await storedValue(contactId, "billing_address")).toBe(REWORDED_VALUE);
    expect((await historyOf(contactId)).map((h) => h.newValue)).toEqual(["1 Old Road", REWORDED_VALUE]);
    c.socket.close();
  });

  it("a second proposal in the same turn is refused: the tool result says so, and the yes writes the first", async () => {
    await crmAgent("crm-confirm-twice", { properties: EDITABLE });
    const contactId = await seedContact("tess@example.com", { billing_address: "1 Old Road" });
    const loopback = inject("openaiLoopbackUrl");
    const requests = async () => (await (await fetch(`${loopback}/__requests`)).json()) as RecordedRequest[];
    const c = await crmChat("crm-confirm-twice", "/crm/twice/v1");
    await rememberVerifiedVisitor(env, { ...earlier(c), contactId });
    const start = (await requests()).length;
    const [, reply, asked] = await c.say("Please change my billing address to 2 New Road", 3);
    expect(reply).toContain("change_refused");
    expect(asked).toBe(question("2 New Road"));
    expect(confirmLines(c.socket.events)).toEqual([question("2 New Road")]);
    // What the model was told about its second call.
    const turnRequests = (await requests()).slice(start).filter((r) => r.path.startsWith("/crm/twice/"));
    expect(turnRequests).toHaveLength(3);
    expect(JSON.stringify(turnRequests.at(-1)?.body)).toMatch(/change_refused.*Only one change/);
    await c.say("yes");
    expect(await storedValue(contactId, "billing_address")).toBe("2 New Road");
    c.socket.close();
  });

  it("offline model: a yes sent before the server's question confirms nothing", async () => {
    await crmAgent("crm-confirm-early", { properties: EDITABLE });
    const contactId = await seedContact("eli@example.com", { billing_address: "1 Old Road" });
    const c = await crmChat("crm-confirm-early");
    await c.say("Please change my billing address to 2 New Road");
    // The address and a yes in one go: the yes is logged before the turn that proposes the change ends.
    const before = shownTexts(c.socket.events).length;
    c.socket.send({ type: "message", id: "early-email", text: "eli@example.com" });
    c.socket.send({ type: "message", id: "early-yes", text: "yes" });
    await c.socket.waitFor(shown(before + 3));
    const seqOf = (match: (e: ServerEvent) => boolean) => {
      const found = c.socket.events.find(match);
      return found && "seq" in found ? found.seq : Number.NaN;
    };
    const earlyYes = seqOf((e) => e.type === "visitor_message" && e.id === "early-yes");
    const asked = seqOf((e) => e.type === "system_message" && e.kind === "change_confirm");
    expect(earlyYes).toBeLessThan(asked); // the premise: the yes was stored before the question
    expect(confirmLines(c.socket.events)).toEqual([question("2 New Road")]);
    expect(await storedValue(contactId, "billing_address")).toBe("1 Old Road");
    await c.say("yes"); // now an answer to the question
    expect(await storedValue(contactId, "billing_address")).toBe("2 New Road");
    c.socket.close();
  });
});
