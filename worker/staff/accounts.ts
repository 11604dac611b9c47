/**
 * Staff accounts in D1: create (with an invitation link), read, update, delete (ending their
 * sessions and team memberships), and what may be shown of them — never password or token hashes.
 */
import { asc, eq } from "drizzle-orm";
import type { AdminRole } from "../db/access-schema";
import type { Db } from "../db/client";
import { staff, staffInvitations, staffSessions, teamMembers, type StaffRole } from "../db/people-schema";
import { randomId } from "../lib/crypto";
import { newToken, tokenHash } from "../lib/tokens";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000; // a week to accept

export type StaffRow = typeof staff.$inferSelect;
export type PublicStaff = {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  /** What the account may do in the admin API and console (null: nothing). */
  adminRole: AdminRole | null;
  available: boolean;
  invitationPending: boolean;
  createdAt: number;
  updatedAt: number;
};

export function publicStaff(row: StaffRow): PublicStaff {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    adminRole: row.adminRole,
    available: row.available,
    invitationPending: row.passwordHash === null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function getStaff(db: Db, id: string): Promise<StaffRow | null> {
  return (await db.select().from(staff).where(eq(staff.id, id)).get()) ?? null;
}

export async function staffByEmail(db: Db, email: string): Promise<StaffRow | null> {
  return (await db.select().from(staff).where(eq(staff.email, email.toLowerCase())).get()) ?? null;
}

export async function listStaff(db: Db): Promise<StaffRow[]> {
  return db.select().from(staff).orderBy(asc(staff.name), asc(staff.id)).all();
}

/** A new invitation token for the staff member (earlier unused ones stay valid until they expire). */
export async function createInvitation(db: Db, staffId: string, now = Date.now()): Promise<string> {
  const token = newToken();
  await db
    .insert(staffInvitations)
    .values({ tokenHash: await tokenHash(token), staffId, expiresAt: now + INVITATION_TTL_MS, createdAt: now });
  return token;
}

/** Creates the account; null when the email is taken. */
export async function createStaff(
  db: Db,
  input: { email: string; name: string; role: StaffRole; adminRole: AdminRole | null },
  now = Date.now(),
): Promise<{ row: StaffRow; invitation: string } | null> {
  const id = randomId("st", 12);
  const inserted = await db
    .insert(staff)
    .values({
      id,
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      adminRole: input.adminRole,
      available: false,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  const row = inserted[0];
  if (!row) return null;
  return { row, invitation: await createInvitation(db, id, now) };
}

export async function updateStaff(
  db: Db,
  id: string,
  change: Partial<Pick<StaffRow, "name" | "role" | "adminRole" | "available">>,
): Promise<StaffRow | null> {
  const [row] = await db
    .update(staff)
    .set({ ...change, updatedAt: Date.now() })
    .where(eq(staff.id, id))
    .returning();
  return row ?? null;
}

/** Deletes the account and everything that lets it in; true when it existed. */
export async function deleteStaff(db: Db, id: string): Promise<boolean> {
  const [deleted] = await db.batch([
    db.delete(staff).where(eq(staff.id, id)).returning({ id: staff.id }),
    db.delete(staffSessions).where(eq(staffSessions.staffId, id)),
    db.delete(staffInvitations).where(eq(staffInvitations.staffId, id)),
    db.delete(teamMembers).where(eq(teamMembers.staffId, id)),
  ]);
  return deleted.length > 0;
}
