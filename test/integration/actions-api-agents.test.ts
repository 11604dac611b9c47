/**
 * The actions API across an agent: at most 20 actions, refused with a clear message, and the
 * credentials of an agent's actions removed with the agent.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { openActionCredential } from "../../worker/actions/credentials";
import { adminFetch } from "./helpers/seed";
import { CREDENTIAL, ORDER_STATUS, type View, type Listing } from "./support/actions-api";

describe("actions API", () => {
  it("refuses a 21st action with a clear message", async () => {
    const id = "actions-many";
    await adminFetch(`/agents/${id}`, {
      method: "PUT",
      json: { name: "Many", personality: "friendly", greeting: "Hi" },
    });
    for (let i = 0; i < 20; i++) {
      const response = await adminFetch(`/agents/${id}/actions`, {
        method: "POST",
        json: { ...ORDER_STATUS, name: `lookup_${i}` },
      });
      expect(response.status).toBe(201);
    }
    const refused = await adminFetch(`/agents/${id}/actions`, {
      method: "POST",
      json: { ...ORDER_STATUS, name: "lookup_20" },
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: { code: "too_many_actions", message: expect.stringContaining("at most 20") },
    });
    const listing = (await (await adminFetch(`/agents/${id}/actions`)).json()) as Listing;
    expect(listing.actions).toHaveLength(20);
  });

  it("removes the agent's credentials with the agent", async () => {
    const id = "actions-doomed";
    await adminFetch(`/agents/${id}`, {
      method: "PUT",
      json: { name: "Doomed", personality: "friendly", greeting: "Hi" },
    });
    const created = (await (
      await adminFetch(`/agents/${id}/actions`, { method: "POST", json: { ...ORDER_STATUS, credential: CREDENTIAL } })
    ).json()) as View;
    expect(created.live).toBe(false); // the agent existed: its change is a draft
    expect(await openActionCredential(env, id, created.id)).toBe(CREDENTIAL);
    expect((await adminFetch(`/agents/${id}?confirm=${id}`, { method: "DELETE" })).status).toBe(200);
    expect(await openActionCredential(env, id, created.id)).toBeNull();
  });
});
