/**
 * D1 refuses a statement that binds more than 100 parameters, and local D1 does not (issue 13).
 * Every query that binds a list of ids runs here through `limitedD1`, which refuses such a
 * statement as production would, with 500 ids: routing a handoff among 500 connected staff (a
 * team of 500, one of them, or everyone), checking a team of 500 members, and the CRM and source
 * look-ups by id.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../worker/index";
import { contactLinks } from "../../worker/crm/contact-links";
import { contactsByEmail, valuesOfContacts } from "../../worker/crm/contact-writes";
import { database } from "../../worker/db/client";
import { contacts, visitors } from "../../worker/db/crm-schema";
import { staff, teamMembers, teams } from "../../worker/db/people-schema";
import { sourcesByIds } from "../../worker/db/sources";
import { routeHandoff } from "../../worker/handoff/routing";
import { TEST_ORIGIN } from "./helpers/seed";
import { D1_MAX_BOUND_PARAMETERS, limitedD1, TooManyParametersError } from "./support/limited-d1";

const MANY = 500; // five times D1's limit: every list must be bound in several statements
const limitedEnv = { ...env, DB: limitedD1(env.DB) };
const staffIds = Array.from({ length: MANY }, (_, i) => `lim-${String(i).padStart(3, "0")}`);
const NEVER_ASSIGNED = "lim-200"; // in the third chunk: a never-assigned member is first in line
const OLDEST = "lim-499"; // in the last chunk: the least recently assigned after that
const TEAM_ID = "t-lim-500";

beforeAll(async () => {
  const db = database(env);
  const now = Date.now();
  await db.batch([
    db.insert(teams).values({ id: TEAM_ID, name: "Five hundred", createdAt: now, updatedAt: now }),
    ...staffIds.map((id, i) =>
      db.insert(staff).values({
        id,
        email: `${id}@team.example`,
        name: `Staff ${id}`,
        role: "agent",
        available: true,
        // Later ids were assigned longer ago, so the oldest assignment is in the last chunk.
        lastAssignedAt: id === NEVER_ASSIGNED ? null : now - 1_000 * (i + 1),
        createdAt: now,
        updatedAt: now,
      }),
    ),
    ...staffIds.map((staffId) => db.insert(teamMembers).values({ teamId: TEAM_ID, staffId })),
  ]);
});

describe("the test wrapper", () => {
  it("refuses a statement binding more than D1's 100 parameters, as production D1 does", async () => {
    const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(", ");
    const values = (n: number) => Array.from({ length: n }, (_, i) => i);
    const db = limitedD1(env.DB);
    const at = D1_MAX_BOUND_PARAMETERS;
    expect(
      await db
        .prepare(`SELECT ${placeholders(at)}`)
        .bind(...values(at))
        .raw(),
    ).toHaveLength(1);
    expect(() => db.prepare(`SELECT ${placeholders(at + 1)}`).bind(...values(at + 1))).toThrow(TooManyParametersError);
  });
});

describe("queries over 500 ids stay within D1's parameter limit", () => {
  const connected = new Set(staffIds);

  it("routes a handoff to a team of 500, all connected, in round-robin order across chunks", async () => {
    const team = { type: "team", teamId: TEAM_ID } as const;
    expect((await routeHandoff(limitedEnv, team, connected))?.staffId).toBe(NEVER_ASSIGNED);
    expect((await routeHandoff(limitedEnv, team, connected))?.staffId).toBe(OLDEST);
    expect((await routeHandoff(limitedEnv, team, connected))?.staffId).toBe("lim-498");
  });

  it("routes to one staff member, or round robin among everyone, with 500 connected", async () => {
    expect((await routeHandoff(limitedEnv, { type: "staff", staffId: "lim-250" }, connected))?.staffId).toBe("lim-250");
    // Everyone connected here is one of the 500; after the test above, lim-497 is the least recently assigned.
    expect((await routeHandoff(limitedEnv, { type: "round_robin" }, connected))?.staffId).toBe("lim-497");
  });

  it("creates a team of 500 members through the admin API", async () => {
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request(`${TEST_ORIGIN}/api/teams`, {
        method: "POST",
        headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "Everyone", memberIds: staffIds }),
      }),
      limitedEnv,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(201);
    expect(((await response.json()) as { memberIds: string[] }).memberIds).toHaveLength(MANY);
  });

  it("reads the values and addresses of 500 contacts, and the links of a contact with 500 visitors", async () => {
    const contactIds = Array.from({ length: MANY }, (_, i) => `ct-lim-${i}`);
    expect((await valuesOfContacts(limitedEnv, contactIds)).size).toBe(MANY);
    expect(
      (
        await contactsByEmail(
          limitedEnv,
          contactIds.map((id) => `${id}@example.com`),
        )
      ).size,
    ).toBe(0);

    const db = database(env);
    const now = Date.now();
    await db
      .insert(contacts)
      .values({ id: "ct-lim-many", email: "many-visitors@example.com", createdAt: now, updatedAt: now });
    await db.batch([
      db.delete(visitors).where(eq(visitors.contactId, "ct-lim-many")),
      ...contactIds.map((id) =>
        db.insert(visitors).values({ id: `v-${id}`, contactId: "ct-lim-many", createdAt: now, updatedAt: now }),
      ),
    ]);
    expect((await contactLinks(limitedEnv, "ct-lim-many")).visitorIds).toHaveLength(MANY);
  });

  it("reads sources by 500 ids", async () => {
    const ids = Array.from({ length: MANY }, (_, i) => `src-lim-${i}`);
    expect(await sourcesByIds(database(limitedEnv), "no-such-agent", ids)).toEqual([]);
  });
});
