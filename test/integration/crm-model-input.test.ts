/**
 * No protected value reaches a model before the visitor is verified: the offline model (every
 * prompt it is given is recorded) and a scripted generative model behind the loopback
 * OpenAI-compatible server (every request it receives is recorded). After verification the same
 * turn carries the value — so the checks could have failed.
 */
import { env } from "cloudflare:workers";
import { wrapLanguageModel } from "ai";
import { describe, expect, inject, it } from "vitest";
import { ConversationCrm } from "../../worker/crm/conversation-crm";
import { memoryIdentity } from "../../worker/crm/identity";
import { OfflineModel } from "../../worker/agent/offline/model";
import { runTurn, type TurnInput } from "../../worker/agent/turn";
import { crmAgent, seedContact } from "./support/crm";

/** What the loopback server recorded of each request (see test/node/openai-loopback-http.ts). */
type RecordedRequest = { path: string; body: unknown };

const SECRET = "221B Baker Street, London NW1 6XE";
const QUESTION = "What billing address do you have for me?";

async function session(agentId: string, identity: ReturnType<typeof memoryIdentity>, links: string[]) {
  return ConversationCrm.open({
    env,
    agent: {
      id: agentId,
      settings: { crm: { properties: { billing_address: { show: true, showProtection: "verify_email" } } } },
    },
    visitorId: `v_${agentId}_${Math.random()}`,
    messageSeq: 1,
    identity,
    sendLink: async ({ email }) => {
      links.push(email);
      return { status: "sent" };
    },
    announceVerified: () => {},
  });
}

async function reply(input: TurnInput): Promise<string> {
  let text = "";
  for await (const part of runTurn(input)) if (part.type === "delta") text += part.text;
  return text;
}

describe("protected values and the model", () => {
  it("the offline model is given the value only once the conversation is verified", async () => {
    await crmAgent("crm-input-offline", {
      properties: { billing_address: { show: true, showProtection: "verify_email" } },
    });
    const contactId = await seedContact("sherlock@example.com", { billing_address: SECRET });
    const prompts: string[] = [];
    const model = wrapLanguageModel({
      model: new OfflineModel(),
      middleware: {
        specificationVersion: "v4",
        transformParams: async ({ params }) => {
          prompts.push(JSON.stringify(params.prompt));
          return params;
        },
      },
    });
    const links: string[] = [];
    const identity = memoryIdentity({ givenEmail: "sherlock@example.com" });
    const history = [{ role: "user" as const, text: QUESTION }];

    const before = await reply({
      env,
      agentId: "crm-input-offline",
      history,
      model,
      crm: await session("offline", identity, links),
    });
    expect(before).toMatch(/verification link to sherlock@example.com/);
    expect(links).toEqual(["sherlock@example.com"]);
    expect(prompts.length).toBeGreaterThanOrEqual(2); // the question, then the tool's result
    for (const prompt of prompts) expect(prompt).not.toContain("Baker Street");

    identity.update({ verified: { contactId, email: "sherlock@example.com", via: "link" } });
    prompts.length = 0;
    const after = await reply({
      env,
      agentId: "crm-input-offline",
      history,
      model,
      crm: await session("offline", identity, links),
    });
    expect(after).toContain(SECRET);
    expect(prompts.some((p) => p.includes("Baker Street"))).toBe(true);
  });

  it("a generative model is sent the value only once the conversation is verified", async () => {
    await crmAgent("crm-input-generative", {
      properties: { billing_address: { show: true, showProtection: "verify_email" } },
    });
    const contactId = await seedContact("watson@example.com", { billing_address: SECRET });
    const loopback = inject("openaiLoopbackUrl");
    const generativeEnv: Env = { ...env, OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: `${loopback}/crm/v1` };
    const requestsTo = async (from: number) =>
      ((await (await fetch(`${loopback}/__requests`)).json()) as RecordedRequest[])
        .slice(from)
        .filter((r) => r.path.startsWith("/crm/"));
    const start = ((await (await fetch(`${loopback}/__requests`)).json()) as RecordedRequest[]).length;
    const identity = memoryIdentity({ givenEmail: "watson@example.com" });
    const history = [{ role: "user" as const, text: QUESTION }];

    const before = await reply({
      env: generativeEnv,
      agentId: "crm-input-generative",
      history,
      crm: await session("generative", identity, []),
    });
    expect(before).toContain("verification_sent");
    const sentBefore = await requestsTo(start);
    expect(sentBefore.length).toBe(2); // the tool call, then the answer with the tool's result
    for (const request of sentBefore) expect(JSON.stringify(request.body)).not.toContain("Baker Street");

    identity.update({ verified: { contactId, email: "watson@example.com", via: "host_identity" } });
    const middle = ((await (await fetch(`${loopback}/__requests`)).json()) as RecordedRequest[]).length;
    const after = await reply({
      env: generativeEnv,
      agentId: "crm-input-generative",
      history,
      crm: await session("generative", identity, []),
    });
    expect(after).toContain("Baker Street");
    expect((await requestsTo(middle)).some((r) => JSON.stringify(r.body).includes("Baker Street"))).toBe(true);
  });
});
