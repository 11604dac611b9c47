/** Staff sign-in: invitations (single use, expiring), passwords, the session cookie, and everything that must not get in. */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { database } from "../../worker/db/client";
import { staff, staffInvitations, staffSessions } from "../../worker/db/people-schema";
import { adminFetch } from "./helpers/seed";
import { inboxFetch, inviteStaff, sessionCookie, signedInStaff } from "./support/inbox-client";

describe("inbox sign-in", () => {
  it("accepting an invitation sets the password and a strict HttpOnly session cookie", async () => {
    const { token, staff: invited } = await inviteStaff("Ada@Team.Example", "Ada");
    expect(invited).toMatchObject({ email: "ada@team.example", invitationPending: true });
    const accepted = await inboxFetch("/invitations/accept", {
      method: "POST",
      json: { token, password: "correct horse battery", name: "Ada L." },
    });
    expect(accepted.status).toBe(200);
    const cookie = accepted.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^fd_staff=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i); // plain http here; https responses add Secure
    const me = await inboxFetch("/me", { cookie: sessionCookie(accepted) });
    expect(await me.json()).toMatchObject({ id: invited.id, name: "Ada L.", invitationPending: false });

    // Only the hash of the session token and of the invitation is stored.
    const rows = await database(env).select().from(staffSessions).where(eq(staffSessions.staffId, invited.id)).all();
    expect(rows[0]?.tokenHash).not.toBe(sessionCookie(accepted).split("=")[1]);
    expect(JSON.stringify(await database(env).select().from(staffInvitations).all())).not.toContain(token);

    const reused = await inboxFetch("/invitations/accept", {
      method: "POST",
      json: { token, password: "another password" },
    });
    expect(reused.status).toBe(410);
    expect(await reused.json()).toMatchObject({ error: { code: "invitation_used" } });
  });

  it("refuses expired, unknown and malformed invitations and short passwords", async () => {
    const { token, staff: invited } = await inviteStaff("late@team.example", "Late");
    expect(
      (await inboxFetch("/invitations/accept", { method: "POST", json: { token, password: "short" } })).status,
    ).toBe(400);
    await database(env)
      .update(staffInvitations)
      .set({ expiresAt: Date.now() - 1 })
      .where(eq(staffInvitations.staffId, invited.id));
    const expired = await inboxFetch("/invitations/accept", {
      method: "POST",
      json: { token, password: "long enough password" },
    });
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ error: { code: "invitation_expired" } });
    for (const bad of ["x".repeat(43), "not-a-token", ""]) {
      expect(
        (
          await inboxFetch("/invitations/accept", {
            method: "POST",
            json: { token: bad, password: "long enough password" },
          })
        ).status,
        bad,
      ).toBe(400);
    }
    // A new link from the admin works.
    const again = await adminFetch(`/staff/${invited.id}/invitation`, { method: "POST" });
    const fresh = new URL(((await again.json()) as { invitationUrl: string }).invitationUrl).hash.slice(
      "#invite=".length,
    );
    expect(
      (
        await inboxFetch("/invitations/accept", {
          method: "POST",
          json: { token: fresh, password: "long enough password" },
        })
      ).status,
    ).toBe(200);
  });

  it("logs in with the password; wrong password and unknown email fail alike", async () => {
    await signedInStaff("bob@team.example", "Bob", "bobs long password");
    const ok = await inboxFetch("/login", {
      method: "POST",
      json: { email: "BOB@team.example", password: "bobs long password" },
    });
    expect(ok.status).toBe(200);
    const wrong = await inboxFetch("/login", {
      method: "POST",
      json: { email: "bob@team.example", password: "not bobs password" },
    });
    const unknown = await inboxFetch("/login", {
      method: "POST",
      json: { email: "nobody@team.example", password: "not bobs password" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    // An invited member who has not set a password cannot log in with any password.
    await inviteStaff("pending@team.example", "Pending");
    expect(
      (await inboxFetch("/login", { method: "POST", json: { email: "pending@team.example", password: "" } })).status,
    ).toBe(401);
  });

  it("refuses forged, expired and deleted-staff sessions, and ends a session on logout", async () => {
    const { cookie, staff: member } = await signedInStaff("carol@team.example", "Carol");
    expect((await inboxFetch("/me", { cookie })).status).toBe(200);
    for (const forged of [`fd_staff=${"A".repeat(43)}`, "fd_staff=garbage", "fd_staff="]) {
      expect((await inboxFetch("/me", { cookie: forged })).status, forged).toBe(401);
    }
    expect((await inboxFetch("/me")).status).toBe(401);

    await database(env)
      .update(staffSessions)
      .set({ expiresAt: Date.now() - 1 })
      .where(eq(staffSessions.staffId, member.id));
    expect((await inboxFetch("/me", { cookie })).status).toBe(401);

    const second = await inboxFetch("/login", {
      method: "POST",
      json: { email: "carol@team.example", password: "correct horse battery" },
    });
    const cookie2 = sessionCookie(second);
    expect((await inboxFetch("/logout", { method: "POST", cookie: cookie2 })).status).toBe(200);
    expect((await inboxFetch("/me", { cookie: cookie2 })).status).toBe(401);

    const third = sessionCookie(
      await inboxFetch("/login", {
        method: "POST",
        json: { email: "carol@team.example", password: "correct horse battery" },
      }),
    );
    expect((await adminFetch(`/staff/${member.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await inboxFetch("/me", { cookie: third })).status).toBe(401);
    expect(await database(env).select().from(staff).where(eq(staff.id, member.id)).get()).toBeUndefined();
  });

  it("refuses state changes from another origin", async () => {
    const { cookie } = await signedInStaff("dave@team.example", "Dave");
    const foreign = await inboxFetch("/me", {
      method: "PUT",
      cookie,
      json: { available: true },
      headers: { origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    const own = await inboxFetch("/me", {
      method: "PUT",
      cookie,
      json: { available: true },
      headers: { origin: "http://frontdesk.test" },
    });
    expect(await own.json()).toMatchObject({ available: true });
  });
});
