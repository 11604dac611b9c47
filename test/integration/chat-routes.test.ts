import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../worker/app";
import { issueVisitorToken, VISITOR_TOKEN_TTL_SECONDS } from "../../worker/lib/visitor-token";
import { ChatSocket, socketResponse, startConversation, workerFetch } from "./support/chat-client";
import { createTestAgent } from "./support/fixtures";

const AGENT = "routes";

beforeAll(() => createTestAgent(AGENT));

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
}

describe("starting a conversation", () => {
  it("issues a visitor token and resumes the open conversation with it", async () => {
    const first = await startConversation(AGENT);
    expect(first.resumed).toBe(false);
    expect(first.conversationId).toMatch(/^c_[A-Za-z0-9_-]{22}$/);
    const again = await startConversation(AGENT, first.visitorToken);
    expect(again).toMatchObject({ conversationId: first.conversationId, visitorId: first.visitorId, resumed: true });
    const fresh = await startConversation(AGENT, first.visitorToken, false);
    expect(fresh.conversationId).not.toBe(first.conversationId);
    expect(fresh.visitorId).toBe(first.visitorId);
  });

  it("treats a forged token as a new visitor", async () => {
    const first = await startConversation(AGENT);
    const forged = first.visitorToken.slice(0, -2) + (first.visitorToken.endsWith("AA") ? "BB" : "AA");
    const other = await startConversation(AGENT, forged);
    expect(other.visitorId).not.toBe(first.visitorId);
    expect(other.conversationId).not.toBe(first.conversationId);
  });

  it("answers 404 for an unknown agent and 400 for a bad body", async () => {
    await expectError(
      await workerFetch("/v1/agents/nobody/conversations", { method: "POST", body: "{}" }),
      404,
      "not_found",
    );
    await expectError(
      await workerFetch(`/v1/agents/${AGENT}/conversations`, { method: "POST", body: "{oops" }),
      400,
      "invalid_json",
    );
    await expectError(
      await workerFetch(`/v1/agents/${AGENT}/conversations`, { method: "POST", body: '{"resume":"yes"}' }),
      400,
      "invalid_body",
    );
  });

  it("names the missing secret when TOKEN_SECRET is not configured (a .dev.vars without it)", async () => {
    for (const TOKEN_SECRET of ["", undefined]) {
      const misconfigured = { ...env, TOKEN_SECRET } as Env;
      const response = await app.request(
        `/v1/agents/${AGENT}/conversations`,
        { method: "POST", headers: { "content-type": "application/json" }, body: "{}" },
        misconfigured,
      );
      expect(response.status).toBe(500);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe("server_misconfigured");
      expect(error.message).toMatch(/\bTOKEN_SECRET\b.*\.dev\.vars/);
    }
  });
});

describe("the conversation socket", () => {
  it("refuses a missing, forged or expired token", async () => {
    const { conversationId, visitorToken, visitorId } = await startConversation(AGENT);
    await expectError(await socketResponse(conversationId, null), 401, "invalid_ticket");
    await expectError(
      await socketResponse(
        conversationId,
        visitorToken.replace(/.$/, (c) => (c === "x" ? "y" : "x")),
      ),
      401,
      "invalid_token",
    );
    const longAgo = Date.now() - (VISITOR_TOKEN_TTL_SECONDS + 60) * 1000;
    const expired = await issueVisitorToken(env.TOKEN_SECRET, visitorId, longAgo);
    await expectError(await socketResponse(conversationId, expired.token), 401, "invalid_token");
  });

  it("refuses another visitor's conversation and unknown conversations", async () => {
    const mine = await startConversation(AGENT);
    const theirs = await startConversation(AGENT);
    await expectError(await socketResponse(theirs.conversationId, mine.visitorToken), 403, "forbidden");
    await expectError(await socketResponse("c_AAAAAAAAAAAAAAAAAAAAAA", mine.visitorToken), 404, "not_found");
    await expectError(await socketResponse("not-an-id", mine.visitorToken), 404, "not_found");
  });

  it("still works for its owner after refusals", async () => {
    const { conversationId, visitorToken } = await startConversation(AGENT);
    await socketResponse(conversationId, null);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    expect(socket.events.at(0)).toMatchObject({ type: "status", status: "bot", seq: 1 });
    socket.close();
  });
});

describe("widget config", () => {
  it("is public, cacheable and always discloses the AI", async () => {
    const response = await workerFetch(`/v1/agents/${AGENT}/widget-config`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("max-age");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.json()).toMatchObject({
      agentId: AGENT,
      name: `Agent ${AGENT}`,
      greeting: "Hello!",
      poweredByAi: true,
    });
  });

  it("answers 404 for an unknown agent", async () => {
    await expectError(await workerFetch("/v1/agents/ghost/widget-config"), 404, "not_found");
  });
});

describe("widget config at the edge", () => {
  const CACHED = "cached-config";
  const put = (name: string) =>
    workerFetch(`/api/agents/${CACHED}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ name, personality: "friendly", greeting: "Hi" }),
    });
  const name = async () =>
    ((await (await workerFetch(`/v1/agents/${CACHED}/widget-config`)).json()) as { name: string }).name;

  it("serves from the cache until a change is published through the admin API", async () => {
    expect((await put("First")).status).toBe(201);
    expect(await name()).toBe("First");
    await env.DB.prepare("UPDATE agents SET name = ? WHERE id = ?").bind("Edited behind the API", CACHED).run();
    expect(await name()).toBe("First"); // cached
    expect((await put("Second")).status).toBe(200);
    expect(await name()).toBe("First"); // a draft: visitors still see the published agent
    const publish = await workerFetch(`/api/agents/${CACHED}/publish`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` },
    });
    expect(publish.status).toBe(200);
    expect(await name()).toBe("Second"); // purged on publish
  });
});
