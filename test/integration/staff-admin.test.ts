/** The admin API for staff and teams: create, read, update, delete, and every bad input. */
import { describe, expect, it } from "vitest";
import { adminFetch } from "./helpers/seed";

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;
type Staff = { id: string; email: string; name: string; role: string; available: boolean };

async function create(email: string, name: string, role?: string): Promise<Staff> {
  const response = await adminFetch("/staff", { method: "POST", json: { email, name, ...(role ? { role } : {}) } });
  expect(response.status).toBe(201);
  const body = await json<{ staff: Staff; invitationUrl: string }>(response);
  expect(body.invitationUrl).toMatch(/^http:\/\/frontdesk\.test\/inbox\/#invite=[A-Za-z0-9_-]{43}$/);
  return body.staff;
}

describe("staff admin API", () => {
  it("creates, lists, reads, updates and deletes staff, never showing secrets", async () => {
    const eve = await create("eve@team.example", "Eve", "admin");
    expect(eve).toMatchObject({ email: "eve@team.example", role: "admin", available: false });
    const list = await json<{ items: Staff[] }>(await adminFetch("/staff"));
    expect(list.items.map((s) => s.id)).toContain(eve.id);
    expect(JSON.stringify(list)).not.toMatch(/password|tokenHash|pbkdf2/i);
    const updated = await json<Staff>(
      await adminFetch(`/staff/${eve.id}`, { method: "PATCH", json: { name: "Eve N.", available: true } }),
    );
    expect(updated).toMatchObject({ name: "Eve N.", available: true, role: "admin" });
    expect((await adminFetch(`/staff/${eve.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await adminFetch(`/staff/${eve.id}`)).status).toBe(404);
    expect((await adminFetch(`/staff/${eve.id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("refuses bad input: 400 with field errors, 409 duplicate email, 401 without the admin token, 404 unknown ids", async () => {
    await create("frank@team.example", "Frank");
    const duplicate = await adminFetch("/staff", {
      method: "POST",
      json: { email: "FRANK@team.example", name: "Frank 2" },
    });
    expect(duplicate.status).toBe(409);
    for (const [body, field] of [
      [{ email: "not-an-email", name: "X" }, "email"],
      [{ email: "x@team.example", name: "" }, "name"],
      [{ email: "x@team.example", name: "X", role: "owner" }, "role"],
      [{ email: "x@team.example", name: "X", password: "sneaky" }, "(body)"],
    ] as const) {
      const response = await adminFetch("/staff", { method: "POST", json: body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(
        Object.keys((await json<{ error: { details: Record<string, string> } }>(response)).error.details),
      ).toContain(field);
    }
    expect((await adminFetch("/staff", { token: null })).status).toBe(401);
    expect((await adminFetch("/staff/st_AAAAAAAAAAAAAAAA")).status).toBe(404);
    expect((await adminFetch("/staff/..%2Fagents")).status).toBe(404); // an id that tries to climb out of /staff
    expect(
      (await adminFetch("/staff/st_AAAAAAAAAAAAAAAA", { method: "PATCH", json: { available: true } })).status,
    ).toBe(404);
  });
});

describe("teams admin API", () => {
  it("creates teams with members, replaces them, deletes them; unknown members are refused", async () => {
    const gus = await create("gus@team.example", "Gus");
    const hal = await create("hal@team.example", "Hal");
    const created = await adminFetch("/teams", {
      method: "POST",
      json: { name: "Billing", memberIds: [gus.id, gus.id] },
    });
    expect(created.status).toBe(201);
    const team = await json<{ id: string; name: string; memberIds: string[] }>(created);
    expect(team).toMatchObject({ name: "Billing", memberIds: [gus.id] });
    const replaced = await json<{ memberIds: string[] }>(
      await adminFetch(`/teams/${team.id}`, { method: "PUT", json: { name: "Billing EU", memberIds: [hal.id] } }),
    );
    expect(replaced.memberIds).toEqual([hal.id]);
    const unknown = await adminFetch(`/teams/${team.id}`, {
      method: "PUT",
      json: { name: "Billing", memberIds: ["st_nobodyhere12345"] },
    });
    expect(unknown.status).toBe(400);
    expect((await json<{ memberIds: string[] }>(await adminFetch(`/teams/${team.id}`))).memberIds).toEqual([hal.id]); // unchanged
    expect((await adminFetch("/teams", { method: "POST", json: { name: "" } })).status).toBe(400);
    expect((await adminFetch(`/teams/${team.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await adminFetch(`/teams/${team.id}`)).status).toBe(404);
    expect((await adminFetch("/teams", { token: "wrong" })).status).toBe(401);
  });
});
