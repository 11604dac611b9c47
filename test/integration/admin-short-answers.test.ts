/** Admin API for short answers: list, create, edit, delete, validation and unknown agents or ids. */
import { beforeAll, describe, expect, it } from "vitest";
import type { ShortAnswer } from "../../worker/db/short-answers";
import { adminFetch } from "./helpers/seed";

type ErrorResponse = { error: { code: string; message: string; details?: Record<string, string> } };

const AGENT = "sa-agent";
const base = `/agents/${AGENT}/short-answers`;

async function list(agentId = AGENT): Promise<ShortAnswer[]> {
  const response = await adminFetch(`/agents/${agentId}/short-answers`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: ShortAnswer[] }).items;
}

async function expectError(response: Response, status: number, code: string): Promise<ErrorResponse> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as ErrorResponse;
  expect(body.error).toMatchObject({ code, message: expect.any(String) });
  return body;
}

beforeAll(async () => {
  for (const id of [AGENT, "sa-other"]) {
    const response = await adminFetch(`/agents/${id}`, {
      method: "PUT",
      json: { name: id, personality: "friendly", greeting: "Hi" },
    });
    expect(response.ok).toBe(true);
  }
});

describe("short answers", () => {
  it("creates, lists in creation order and deletes", async () => {
    expect(await list()).toEqual([]);
    const first = await adminFetch(base, { method: "POST", json: { question: "Is it free?", answer: "Yes." } });
    expect(first.status).toBe(201);
    const a = (await first.json()) as ShortAnswer;
    expect(a).toMatchObject({ question: "Is it free?", answer: "Yes." });
    expect(a.id).toMatch(/^sa_[A-Za-z0-9_-]{22}$/);
    expect(Object.keys(a).sort()).toEqual(["answer", "createdAt", "id", "question", "updatedAt"]);
    const b = (await (
      await adminFetch(base, { method: "POST", json: { question: "Need a key?", answer: "No." } })
    ).json()) as ShortAnswer;

    expect((await list()).map((item) => item.id)).toEqual([a.id, b.id]);
    expect(await list("sa-other")).toEqual([]);

    const deleted = await adminFetch(`${base}/${a.id}`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    expect((await list()).map((item) => item.id)).toEqual([b.id]);
    await expectError(await adminFetch(`${base}/${a.id}`, { method: "DELETE" }), 404, "not_found");
  });

  it("edits a short answer in place: same id and creation time, new text, later update time", async () => {
    const item = (await (
      await adminFetch(base, { method: "POST", json: { question: "Opening hours?", answer: "9 to 5." } })
    ).json()) as ShortAnswer;
    const response = await adminFetch(`${base}/${item.id}`, {
      method: "PUT",
      json: { question: " When are you open? ", answer: "9 to 6, Monday to Friday." },
    });
    expect(response.status).toBe(200);
    const edited = (await response.json()) as ShortAnswer;
    expect(edited).toMatchObject({
      id: item.id,
      question: "When are you open?",
      answer: "9 to 6, Monday to Friday.",
      createdAt: item.createdAt,
    });
    expect(edited.updatedAt).toBeGreaterThanOrEqual(item.updatedAt);
    expect((await list()).find((i) => i.id === item.id)).toEqual(edited);
  });

  it("refuses a bad edit and keeps the short answer as it was", async () => {
    const item = (await (
      await adminFetch(base, { method: "POST", json: { question: "Kept?", answer: "Yes." } })
    ).json()) as ShortAnswer;
    await expectError(
      await adminFetch(`${base}/${item.id}`, { method: "PUT", json: { question: "q", answer: "" } }),
      400,
      "invalid_body",
    );
    await expectError(await adminFetch(`${base}/${item.id}`, { method: "PUT", body: "{" }), 400, "invalid_json");
    await expectError(
      await adminFetch(`/agents/sa-other/short-answers/${item.id}`, {
        method: "PUT",
        json: { question: "Theirs?", answer: "No." },
      }),
      404,
      "not_found",
    );
    expect((await list()).find((i) => i.id === item.id)).toEqual(item);
  });

  it("404 when deleting another agent's short answer, which stays", async () => {
    const item = (await (
      await adminFetch(base, { method: "POST", json: { question: "Mine?", answer: "Yes." } })
    ).json()) as ShortAnswer;
    await expectError(
      await adminFetch(`/agents/sa-other/short-answers/${item.id}`, { method: "DELETE" }),
      404,
      "not_found",
    );
    expect((await list()).map((i) => i.id)).toContain(item.id);
  });

  it("404 for unknown short answers and unknown agents on every route", async () => {
    await expectError(await adminFetch(`${base}/sa_nope`, { method: "DELETE" }), 404, "not_found");
    await expectError(
      await adminFetch(`${base}/sa_nope`, { method: "PUT", json: { question: "q", answer: "a" } }),
      404,
      "not_found",
    );
    await expectError(await adminFetch("/agents/ghost/short-answers"), 404, "not_found");
    await expectError(
      await adminFetch("/agents/ghost/short-answers", { method: "POST", json: { question: "q", answer: "a" } }),
      404,
      "not_found",
    );
    await expectError(await adminFetch("/agents/ghost/short-answers/sa_x", { method: "DELETE" }), 404, "not_found");
  });

  it.each([
    ["missing question", { answer: "a" }, "question"],
    ["blank answer", { question: "q", answer: "  " }, "answer"],
    ["question too long", { question: "q".repeat(501), answer: "a" }, "question"],
    ["answer too long", { question: "q", answer: "a".repeat(4001) }, "answer"],
    ["unknown key", { question: "q", answer: "a", id: "sa_mine" }, "(body)"],
  ])("400 invalid_body for %s and nothing is stored", async (_, json, field) => {
    const before = await list();
    const error = await expectError(await adminFetch(base, { method: "POST", json }), 400, "invalid_body");
    expect(Object.keys(error.error.details ?? {})).toContain(field);
    expect(await list()).toEqual(before);
  });

  it("400 invalid_json for malformed JSON", async () => {
    await expectError(await adminFetch(base, { method: "POST", body: "{question:" }), 400, "invalid_json");
  });
});
