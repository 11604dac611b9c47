/**
 * Abuse limits as a new user meets them, against `wrangler dev` seeded like `npm run dev`: an agent
 * whose allowedOrigins lists another site refuses the loader's config request from
 * `http://localhost:8790` and frames its panel only under that site's `frame-ancestors`; and
 * conversation starts in a row from one client IP are refused with 429 and `Retry-After`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";

let frontdesk: RunningFrontdesk;
const LISTED = "https://shop.example.com";

beforeAll(async () => {
  frontdesk = await startSeededFrontdesk();
  const response = await fetch(`${frontdesk.url}/api/agents/shop`, {
    method: "PUT",
    headers: { authorization: `Bearer ${frontdesk.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({
      name: "Shop",
      personality: "friendly",
      greeting: "Hi",
      settings: { allowedOrigins: [LISTED] },
    }),
  });
  expect(response.status).toBe(201);
}, 180_000);

afterAll(async () => {
  await frontdesk?.stop();
});

describe("against wrangler dev", () => {
  it("refuses another site's config request and frames the panel only for the listed site", async () => {
    const config = await fetch(`${frontdesk.url}/v1/agents/shop/widget-config`, {
      headers: { origin: "http://localhost:8790" },
    });
    expect(config.status).toBe(403);
    expect(((await config.json()) as { error: { code: string } }).error.code).toBe("origin_not_allowed");
    const panel = await fetch(`${frontdesk.url}/panel?agent=shop&host=${encodeURIComponent(LISTED)}`);
    expect(panel.status).toBe(200);
    expect(panel.headers.get("content-security-policy")).toBe(`frame-ancestors ${LISTED}`);
  });

  it("answers 429 with Retry-After once one IP has started too many conversations", async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 30; i++) {
      const response = await fetch(`${frontdesk.url}/v1/agents/demo/conversations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ resume: false }),
      });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get("retry-after");
      await response.body?.cancel();
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201)); // the default: 10 per IP per 10 minutes
    expect(statuses.slice(10)).toEqual(Array(20).fill(429));
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
