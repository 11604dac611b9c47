/**
 * Inbox sign-in: passwords and invitation links open a session whose token lives only in an
 * HttpOnly, SameSite=Strict cookie; D1 keeps its hash. Unknown email and wrong password fail
 * the same way, in the same time.
 */
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { staff, staffInvitations, staffSessions } from "../db/people-schema";
import { getStaff, staffByEmail, type StaffRow } from "./accounts";
import { DECOY_HASH, hashPassword, verifyPassword } from "./password";
import { isTokenShaped, newToken, tokenHash } from "../lib/tokens";

export const SESSION_COOKIE = "fd_staff";
export const SESSION_TTL_MS = 7 * 24 * 60 * 60_000; // a working week and the weekend

export async function createSession(
  db: Db,
  staffId: string,
  now = Date.now(),
): Promise<{ token: string; expiresAt: number }> {
  const token = newToken();
  const expiresAt = now + SESSION_TTL_MS;
  await db.insert(staffSessions).values({ tokenHash: await tokenHash(token), staffId, expiresAt, createdAt: now });
  return { token, expiresAt };
}

/** The staff member a session token belongs to, or null (unknown, expired, or the account is gone). */
export async function sessionStaff(db: Db, token: string | undefined, now = Date.now()): Promise<StaffRow | null> {
  if (!isTokenShaped(token)) return null;
  const session = await db
    .select({ staffId: staffSessions.staffId })
    .from(staffSessions)
    .where(and(eq(staffSessions.tokenHash, await tokenHash(token)), gt(staffSessions.expiresAt, now)))
    .get();
  return session ? getStaff(db, session.staffId) : null;
}

/** Whether the session (by its hash) is still live and belongs to `staffId`, whose account still exists. */
export async function sessionLive(db: Db, staffId: string, hash: string, now = Date.now()): Promise<boolean> {
  const row = await db
    .select({ staffId: staffSessions.staffId })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(and(eq(staffSessions.tokenHash, hash), eq(staffSessions.staffId, staffId), gt(staffSessions.expiresAt, now)))
    .get();
  return row !== undefined;
}

export async function endSession(db: Db, token: string | undefined): Promise<void> {
  if (isTokenShaped(token)) await db.delete(staffSessions).where(eq(staffSessions.tokenHash, await tokenHash(token)));
}

/** The account for this email and password, or null; the decoy hash keeps unknown emails as slow as wrong passwords. */
export async function checkPassword(db: Db, email: string, password: string): Promise<StaffRow | null> {
  const row = await staffByEmail(db, email);
  const ok = await verifyPassword(password, row?.passwordHash ?? DECOY_HASH);
  return ok && row?.passwordHash ? row : null;
}

export type AcceptResult = { ok: true; staff: StaffRow } | { ok: false; reason: "invalid" | "expired" | "used" };

/** Sets the password from an invitation (single use, expiring) and ends the account's existing sessions. */
export async function acceptInvitation(
  db: Db,
  token: string,
  password: string,
  name: string | undefined,
  now = Date.now(),
): Promise<AcceptResult> {
  if (!isTokenShaped(token)) return { ok: false, reason: "invalid" };
  const hash = await tokenHash(token);
  const invitation = await db.select().from(staffInvitations).where(eq(staffInvitations.tokenHash, hash)).get();
  if (!invitation) return { ok: false, reason: "invalid" };
  if (invitation.usedAt !== null) return { ok: false, reason: "used" };
  if (invitation.expiresAt <= now) return { ok: false, reason: "expired" };
  // Marking it used is conditional, so two concurrent accepts cannot both win.
  const claimed = await db
    .update(staffInvitations)
    .set({ usedAt: now })
    .where(and(eq(staffInvitations.tokenHash, hash), isNull(staffInvitations.usedAt)))
    .returning({ staffId: staffInvitations.staffId });
  if (claimed.length === 0) return { ok: false, reason: "used" };
  // A new password ends every session opened before it: whoever knew the old one is signed out.
  const [updated] = await db.batch([
    db
      .update(staff)
      .set({ passwordHash: await hashPassword(password), ...(name ? { name } : {}), updatedAt: now })
      .where(eq(staff.id, invitation.staffId))
      .returning(),
    db.delete(staffSessions).where(eq(staffSessions.staffId, invitation.staffId)),
  ]);
  const row = updated[0];
  return row ? { ok: true, staff: row } : { ok: false, reason: "invalid" };
}

/**
 * Changes a signed-in account's password when `current` is right (false otherwise, nothing changed)
 * and ends every session the account had: whoever knew the old password is signed out everywhere.
 */
export async function changePassword(
  db: Db,
  account: StaffRow,
  current: string,
  next: string,
  now = Date.now(),
): Promise<boolean> {
  if (!account.passwordHash || !(await verifyPassword(current, account.passwordHash))) return false;
  await db.batch([
    db
      .update(staff)
      .set({ passwordHash: await hashPassword(next), updatedAt: now })
      .where(eq(staff.id, account.id)),
    db.delete(staffSessions).where(eq(staffSessions.staffId, account.id)),
  ]);
  return true;
}
