/**
 * People in the admin API: one account table — a staff account may carry an admin role, and its
 * inbox session (HttpOnly, SameSite=Strict cookie) then opens the admin API with that role. A
 * change made on a session must name this Worker as its Origin (CSRF); the role is read on every
 * request, so taking it away, signing out, a new password or deleting the account ends access at
 * once; the audit log names the account.
 */
import { describe, expect, it } from "vitest";
import { adminFetch, TEST_ORIGIN } from "./helpers/seed";
import { inboxFetch, sessionCookie } from "./support/inbox-client";

type Account = { id: string; adminRole: string | null; role: string };

async function account(email: string, adminRole: string | null): Promise<{ account: Account; cookie: string }> {
  const invited = await adminFetch("/staff", { method: "POST", json: { email, name: email.split("@")[0], adminRole } });
  expect(invited.status).toBe(201);
  const body = (await invited.json()) as { staff: Account; invitationUrl: string };
  expect(body.staff.adminRole).toBe(adminRole);
  const token = new URL(body.invitationUrl).hash.replace(/^#invite=/, "");
  const accepted = await inboxFetch("/invitations/accept", {
    method: "POST",
    json: { token, password: "correct horse battery" },
  });
  expect(accepted.status).toBe(200);
  return { account: body.staff, cookie: sessionCookie(accepted) };
}

/** An admin API request on a console session: no bearer token, the cookie, and (for changes) the console's Origin. */
const onSession = (
  path: string,
  cookie: string,
  init: Parameters<typeof adminFetch>[1] = {},
  origin: string | null = TEST_ORIGIN,
) =>
  adminFetch(path, {
    ...init,
    token: null,
    headers: { cookie, ...(origin ? { origin } : {}), ...(init.headers as Record<string, string>) },
  });

const AGENT_BODY = { name: "Console", personality: "friendly", greeting: "Hi" };

describe("accounts with an admin role", () => {
  it("use the admin API on their session, within their role, with changes audited under their name", async () => {
    const { account: editor, cookie } = await account("edna@team.example", "editor");
    expect((await onSession("/agents/console-made", cookie, { method: "PUT", json: AGENT_BODY })).status).toBe(201);
    const changed = await onSession("/agents/console-made", cookie, {
      method: "PUT",
      json: { ...AGENT_BODY, greeting: "Hello" },
    });
    expect(changed.status).toBe(200);
    expect((await onSession("/agents/console-made", cookie)).status).toBe(200);
    // Above an editor: keys and staff.
    expect((await onSession("/keys", cookie)).status).toBe(403);
    expect((await onSession("/staff", cookie, { method: "POST", json: { email: "x@y.z", name: "X" } })).status).toBe(
      403,
    );

    const audit = (await (await adminFetch(`/audit?actor=${editor.id}`)).json()) as {
      entries: { actor: unknown; action: string; before: unknown; after: unknown }[];
    };
    expect(audit.entries.map((e) => e.action)).toEqual(["update", "create"]);
    expect(audit.entries[0]).toMatchObject({
      actor: { kind: "account", id: editor.id },
      before: { greeting: "Hi" },
      after: { draft: { greeting: "Hello" } },
    });
  });

  it("refuse a change on a session that does not come from this Worker's pages (CSRF), and change nothing", async () => {
    const { cookie } = await account("olga@team.example", "owner");
    for (const origin of [null, "https://evil.example", "http://frontdesk.test.evil.example"]) {
      const response = await onSession("/agents/csrf-target", cookie, { method: "PUT", json: AGENT_BODY }, origin);
      expect(response.status, String(origin)).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: "forbidden_origin" } });
    }
    expect((await adminFetch("/agents/csrf-target")).status).toBe(404);
    // Reading needs no Origin: a cross-site page cannot read the answer anyway.
    expect((await onSession("/keys", cookie, {}, null)).status).toBe(200);
  });

  it("end at once when the role is taken away, on sign-out and when the account is deleted", async () => {
    const { account: person, cookie } = await account("vic@team.example", "viewer");
    expect((await onSession("/agents/anything", cookie)).status).toBe(404); // in, and the agent does not exist
    expect((await onSession("/agents/anything/publish", cookie, { method: "POST" })).status).toBe(403);

    await adminFetch(`/staff/${person.id}`, { method: "PATCH", json: { adminRole: "editor" } });
    expect((await onSession("/agents/promoted", cookie, { method: "PUT", json: AGENT_BODY })).status).toBe(201);
    await adminFetch(`/staff/${person.id}`, { method: "PATCH", json: { adminRole: null } });
    expect((await onSession("/agents/promoted", cookie)).status).toBe(401);

    const second = await account("wes@team.example", "editor");
    expect((await onSession("/agents/promoted", second.cookie)).status).toBe(200);
    await inboxFetch("/logout", { method: "POST", cookie: second.cookie, headers: { origin: TEST_ORIGIN } });
    expect((await onSession("/agents/promoted", second.cookie)).status).toBe(401);

    const third = await account("xia@team.example", "owner");
    expect((await onSession("/keys", third.cookie)).status).toBe(200);
    expect((await adminFetch(`/staff/${third.account.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await onSession("/keys", third.cookie)).status).toBe(401);
  });

  it("end every session, inbox and console, when the password changes; a wrong current password changes nothing", async () => {
    const { cookie: first } = await account("pat@team.example", "editor");
    const signIn = async (password: string) =>
      inboxFetch("/login", { method: "POST", json: { email: "pat@team.example", password } });
    const second = sessionCookie(await signIn("correct horse battery"));
    expect((await onSession("/agents/promoted", second)).status).toBe(200);

    const change = (cookie: string, json: unknown) =>
      inboxFetch("/password", { method: "PUT", cookie, json, headers: { origin: TEST_ORIGIN } });
    const wrong = await change(first, { currentPassword: "not it", newPassword: "a brand new passphrase" });
    expect(wrong.status).toBe(401);
    expect((await change(first, { currentPassword: "correct horse battery", newPassword: "short" })).status).toBe(400);
    expect((await onSession("/agents/promoted", second)).status).toBe(200); // nothing changed yet

    const changed = await change(first, {
      currentPassword: "correct horse battery",
      newPassword: "a brand new passphrase",
    });
    expect(changed.status).toBe(200);
    const renewed = sessionCookie(changed);
    for (const old of [first, second]) {
      expect((await onSession("/agents/promoted", old)).status).toBe(401);
      expect((await inboxFetch("/me", { cookie: old })).status).toBe(401);
    }
    expect((await onSession("/agents/promoted", renewed)).status).toBe(200);
    expect((await signIn("correct horse battery")).status).toBe(401);
    expect((await signIn("a brand new passphrase")).status).toBe(200);
  });

  it("keep inbox-only accounts out, and a bearer header decides over any cookie", async () => {
    const { cookie } = await account("ina@team.example", null);
    expect((await onSession("/agents/promoted", cookie)).status).toBe(401);
    const owner = await account("oren@team.example", "owner");
    const withBadBearer = await adminFetch("/keys", { token: "wrong", headers: { cookie: owner.cookie } });
    expect(withBadBearer.status).toBe(401);
    expect(
      (
        await adminFetch("/staff", {
          method: "POST",
          json: { email: "bad@team.example", name: "B", adminRole: "root" },
        })
      ).status,
    ).toBe(400);
  });
});
