/**
 * The widget's preview mode inside workerd: minting preview tokens through the admin API, the
 * token-authorised visitor-side routes (every kind of wrong token refused with its own code), and
 * that they answer the draft exactly as the admin preview does, recording nothing.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { issuePreviewToken, PREVIEW_TOKEN_TTL_SECONDS } from "../../worker/lib/preview-token";
import { adminFetch } from "./helpers/seed";
import { socketResponse, startConversation, workerFetch } from "./support/chat-client";

const AGENT = "preview-mode";
const OTHER = "preview-other";
const PUBLISHED = { name: "Live Name", personality: "friendly", greeting: "Hello from the live agent" } as const;
const DRAFT = {
  name: "Draft Name",
  personality: "friendly",
  greeting: "Hello from the draft",
  settings: {
    allowedImageHosts: ["images.example.com"],
    guidelines: {
      topicsToAvoid: [
        { topic: "Crypto", keywords: ["bitcoin"], handling: "reply", reply: "We only take card payments." },
      ],
    },
  },
} as const;
const QUESTION = "Within how many days can I return a product?";

type Minted = { token: string; expiresAt: number; url: string };
type ErrorJson = { error: { code: string } };
type PreviewJson = {
  answer: string;
  sources: unknown[];
  ranked: { name: string; score: number }[];
  grounding: number | null;
  abstained: boolean;
  avoidedTopic: unknown;
  version: number;
  ms: number;
};

async function mint(agentId: string): Promise<Minted> {
  const response = await adminFetch(`/agents/${agentId}/preview-token`, { method: "POST" });
  expect(response.status).toBe(201);
  return (await response.json()) as Minted;
}

function askPreview(agentId: string, token: string | null, body: unknown = { message: QUESTION }): Promise<Response> {
  return workerFetch(`/v1/agents/${agentId}/preview`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
}

async function expectRefused(response: Response, code: string): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toContain("Bearer");
  expect(((await response.json()) as ErrorJson).error.code).toBe(code);
}

const count = async (table: string): Promise<number> =>
  (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE agent_id = ?`).bind(AGENT).first<{ n: number }>())
    ?.n ?? -1;

beforeAll(async () => {
  for (const id of [AGENT, OTHER])
    expect((await adminFetch(`/agents/${id}`, { method: "PUT", json: PUBLISHED })).status).toBe(201);
  await adminFetch(`/agents/${AGENT}/articles/returns`, {
    method: "PUT",
    json: {
      title: "Returns",
      url: "https://shop.example/returns",
      body: "## Return window\n\nYou can return any product within 30 days of delivery.",
    },
  });
  expect((await adminFetch(`/agents/${AGENT}`, { method: "PUT", json: DRAFT })).status).toBe(200); // a draft of the live agent
});

describe("minting a preview token", () => {
  it("answers a token valid for 30 minutes and the preview page's URL with the token in its fragment", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { token, expiresAt, url } = await mint(AGENT);
    expect(token).toMatch(/^pv1\.preview-mode\.\d+\.[A-Za-z0-9_-]+$/);
    expect(expiresAt - before).toBeGreaterThanOrEqual(PREVIEW_TOKEN_TTL_SECONDS - 1);
    expect(expiresAt - before).toBeLessThanOrEqual(PREVIEW_TOKEN_TTL_SECONDS + 1);
    const page = new URL(url);
    expect(`${page.origin}${page.pathname}`).toBe("http://frontdesk.test/preview");
    expect(page.search).toBe("");
    const fragment = new URLSearchParams(page.hash.slice(1));
    expect(fragment.get("agent")).toBe(AGENT);
    expect(fragment.get("token")).toBe(token);
  });

  it("needs the admin token and an existing agent", async () => {
    expect((await adminFetch(`/agents/${AGENT}/preview-token`, { method: "POST", token: null })).status).toBe(401);
    expect(
      (await adminFetch(`/agents/${AGENT}/preview-token`, { method: "POST", token: (await mint(AGENT)).token })).status,
    ).toBe(401);
    expect((await adminFetch("/agents/no-such-agent/preview-token", { method: "POST" })).status).toBe(404);
  });
});

describe("preview with a preview token", () => {
  it("answers exactly what the admin preview answers, from the draft", async () => {
    const { token } = await mint(AGENT);
    const response = await askPreview(AGENT, token);
    expect(response.status).toBe(200);
    const { ms, ...mine } = (await response.json()) as PreviewJson;
    expect(ms).toBeGreaterThanOrEqual(0);
    const { ms: _adminMs, ...admin } = (await (
      await adminFetch(`/agents/${AGENT}/preview`, { method: "POST", json: { message: QUESTION } })
    ).json()) as PreviewJson;
    expect(mine).toEqual(admin);
    expect(mine.answer).toContain("30 days");
    expect(mine.ranked[0]).toMatchObject({ name: "https://shop.example/returns" });
    expect(mine.grounding).toBeGreaterThan(0);
    const versions = (await (await adminFetch(`/agents/${AGENT}/versions`)).json()) as {
      items: { version: number; live: boolean }[];
    };
    expect(mine.version).toBe(versions.items[0]?.version);
    expect(versions.items[0]?.live).toBe(false); // the draft, not the published version
  });

  it("uses the draft's rules (a topic to avoid that only the draft has) and takes history", async () => {
    const { token } = await mint(AGENT);
    const history = [
      { role: "user", text: "Hi" },
      { role: "assistant", text: "Hello! How can I help?" },
    ];
    const result = (await (
      await askPreview(AGENT, token, { message: "Can I pay with bitcoin?", history })
    ).json()) as PreviewJson;
    expect(result.avoidedTopic).toEqual({ topic: "Crypto", handling: "reply" });
    expect(result.answer).toBe("We only take card payments.");
    // The same bad bodies the admin preview refuses.
    expect((await askPreview(AGENT, token, { message: "" })).status).toBe(400);
    expect((await askPreview(AGENT, token, { message: "hi", extra: 1 })).status).toBe(400);
  });

  it("gives the draft's widget config, while visitors still get the published one", async () => {
    const { token } = await mint(AGENT);
    const response = await workerFetch(`/v1/agents/${AGENT}/preview/config`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({
      agentId: AGENT,
      name: DRAFT.name,
      greeting: DRAFT.greeting,
      allowedImageHosts: ["images.example.com"],
      avatarUrl: null,
      poweredByAi: true,
    });
    expect(await (await workerFetch(`/v1/agents/${AGENT}/widget-config`)).json()).toMatchObject({
      name: PUBLISHED.name,
      allowedImageHosts: [],
    });
    await expectRefused(await workerFetch(`/v1/agents/${AGENT}/preview/config`), "preview_token_required");
  });

  it("records no conversation and no knowledge gap, and spends no credits", async () => {
    const { token } = await mint(AGENT);
    const usage = async () => (await (await adminFetch(`/agents/${AGENT}/usage`)).json()) as unknown;
    const before = await usage();
    const result = (await (
      await askPreview(AGENT, token, { message: "Who won the football world cup in 2014?" })
    ).json()) as PreviewJson;
    expect(result.abstained).toBe(true);
    expect(await count("conversations")).toBe(0);
    expect(await count("knowledge_gaps")).toBe(0);
    expect(await usage()).toEqual(before);
  });
});

describe("refused tokens", () => {
  it("refuses a missing token, and any Authorization that is not a bearer preview token", async () => {
    await expectRefused(await askPreview(AGENT, null), "preview_token_required");
    const basic = await workerFetch(`/v1/agents/${AGENT}/preview`, {
      method: "POST",
      headers: { authorization: "Basic eDp5" },
      body: "{}",
    });
    await expectRefused(basic, "preview_token_required");
  });

  it("refuses an expired token", async () => {
    const pastExpiry = Date.now() - (PREVIEW_TOKEN_TTL_SECONDS + 60) * 1000;
    const { token } = await issuePreviewToken(env.TOKEN_SECRET, AGENT, pastExpiry);
    await expectRefused(await askPreview(AGENT, token), "preview_token_expired");
  });

  it("refuses forged tokens: a changed signature, agent or expiry, or another key", async () => {
    const { token } = await mint(AGENT);
    const [version, agent, expires, mac] = token.split(".") as [string, string, string, string];
    const flipped = `${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`;
    for (const forged of [
      `${version}.${agent}.${expires}.${flipped}`,
      `${version}.${agent}.${Number(expires) + 3600}.${mac}`,
      `${version}.${OTHER}.${expires}.${mac}`,
      `${version}.${agent}.${expires}`,
      (await issuePreviewToken("some-other-secret", AGENT)).token,
    ]) {
      await expectRefused(await askPreview(AGENT, forged), "invalid_preview_token");
    }
  });

  it("refuses a token for another agent", async () => {
    const { token } = await mint(OTHER);
    await expectRefused(await askPreview(AGENT, token), "preview_token_wrong_agent");
    await expectRefused(
      await workerFetch(`/v1/agents/${AGENT}/preview/config`, { headers: { authorization: `Bearer ${token}` } }),
      "preview_token_wrong_agent",
    );
  });

  it("refuses a visitor token and the admin token", async () => {
    const { visitorToken } = await startConversation(OTHER);
    await expectRefused(await askPreview(OTHER, visitorToken), "invalid_preview_token");
    await expectRefused(await askPreview(AGENT, env.ADMIN_TOKEN), "invalid_preview_token");
  });

  it("is not a visitor token either", async () => {
    const { token } = await mint(OTHER);
    const { conversationId } = await startConversation(OTHER);
    const socket = await socketResponse(conversationId, token);
    expect(socket.status).toBe(401);
    // Presented to start a conversation, it is ignored like any invalid visitor token: a new visitor.
    const started = await startConversation(OTHER, token);
    expect(started.visitorToken).not.toContain(token);
  });
});
