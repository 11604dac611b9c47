/** The admin agents API for tests: a valid agent, saving one, its stored versions, and checking an error answer. */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { adminFetch } from "../helpers/seed";

export type ErrorResponse = { error: { code: string; message: string; details?: Record<string, string> } };

/** A valid agent configuration to PUT. */
export const valid = {
  name: "Acme Support",
  personality: "friendly",
  greeting: "Hi! How can I help?",
  settings: { accentColor: "#0f766e" },
};

export const put = (id: string, json: unknown) => adminFetch(`/agents/${id}`, { method: "PUT", json });

/** The stored versions of an agent, oldest first. */
export async function versions(agentId: string) {
  const { results } = await env.DB.prepare(
    "select version, config, published_at from agent_versions where agent_id = ? order by version",
  )
    .bind(agentId)
    .all<{ version: number; config: string; published_at: number | null }>();
  return results.map((row) => ({
    version: row.version,
    config: JSON.parse(row.config) as unknown,
    publishedAt: row.published_at,
  }));
}

/** Checks an error answer's status and code (and that it has a message), and returns its body. */
export async function expectError(response: Response, status: number, code: string): Promise<ErrorResponse> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as ErrorResponse;
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  return body;
}
