/** D1 tables of people: accounts (inbox and admin roles), their invitations and sessions, and teams. */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { AdminRole } from "./access-schema";

const timestamps = {
  createdAt: integer("created_at", { mode: "number" }).notNull(),
  updatedAt: integer("updated_at", { mode: "number" }).notNull(),
};

export type StaffRole = "admin" | "agent";

/** People's accounts: an inbox `role` (answering handoffs) and an `adminRole` (admin API, console; null: none). */
export const staff = sqliteTable("staff", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role").notNull().$type<StaffRole>(),
  adminRole: text("admin_role").$type<AdminRole>(),
  /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`; null until the invitation is accepted. */
  passwordHash: text("password_hash"),
  /** Set by the staff member in the inbox; routing also needs them connected. */
  available: integer("available", { mode: "boolean" }).notNull().default(false),
  /** Round robin picks the available member assigned least recently. */
  lastAssignedAt: integer("last_assigned_at", { mode: "number" }),
  ...timestamps,
});

/** Invitation links (stored hashed, single use, expiring). */
export const staffInvitations = sqliteTable("staff_invitations", {
  tokenHash: text("token_hash").primaryKey(),
  staffId: text("staff_id").notNull(),
  expiresAt: integer("expires_at", { mode: "number" }).notNull(),
  usedAt: integer("used_at", { mode: "number" }),
  createdAt: integer("created_at", { mode: "number" }).notNull(),
});

/** Inbox sessions (the cookie holds the token; only its hash is stored). */
export const staffSessions = sqliteTable(
  "staff_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    staffId: text("staff_id").notNull(),
    expiresAt: integer("expires_at", { mode: "number" }).notNull(),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("staff_sessions_staff").on(t.staffId)],
);

export const teams = sqliteTable("teams", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  ...timestamps,
});

export const teamMembers = sqliteTable(
  "team_members",
  {
    teamId: text("team_id").notNull(),
    staffId: text("staff_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.staffId] }), index("team_members_staff").on(t.staffId)],
);
