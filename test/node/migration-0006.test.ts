/**
 * Migration 0006 moves verified visitors to one row per (visitor, agent). Run on SQLite (the engine
 * D1 runs) over migrations 0000–0005 with data as the old code wrote it: each visitor's latest used
 * verification link per agent is carried over when its contact is still the one the visitor was
 * verified as; links for another contact, unused links and host-identity proofs (no link) are not.
 */
import { readdirSync, readFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";

const MIGRATIONS = new URL("../../migrations/", import.meta.url);

function apply(db: DatabaseSync, name: string): void {
  for (const statement of readFileSync(new URL(name, MIGRATIONS), "utf8").split("--> statement-breakpoint"))
    if (statement.trim()) db.exec(statement);
}

describe("migration 0006 (verified visitors per agent)", () => {
  it("carries over each visitor's latest link verification per agent, and only those", () => {
    const db = new DatabaseSync(":memory:");
    const files = readdirSync(MIGRATIONS)
      .filter((f) => f.endsWith(".sql"))
      .sort();
    const before = files.filter((f) => f < "0006_");
    expect(before).toHaveLength(6);
    for (const file of before) apply(db, file);

    const now = 1_800_000_000_000;
    const conversation = db.prepare(
      "INSERT INTO conversations (id, agent_id, visitor_id, channel, status, created_at, updated_at) " +
        "VALUES (?, ?, ?, 'live_chat', 'bot', 1, 1)",
    );
    conversation.run("c1", "agent-a", "v1");
    conversation.run("c2", "agent-b", "v1");
    conversation.run("c3", "agent-a", "v2");
    const visitor = db.prepare(
      "INSERT INTO visitors (id, contact_id, verified_contact_id, verified_until, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 1)",
    );
    visitor.run("v1", "k1", "k1", now + 1);
    visitor.run("v2", "k2", "k2", now + 1); // verified by host identity: no link says for which agent
    const link = db.prepare(
      "INSERT INTO contact_verifications (token_hash, conversation_id, agent_id, contact_id, email, " +
        "expires_at, used_at, created_at) VALUES (?, ?, ?, ?, 'x@example.com', 0, ?, 0)",
    );
    link.run("h1", "c1", "agent-a", "k1", 100);
    link.run("h2", "c1", "agent-a", "k1", 200); // the latest for (v1, agent-a)
    link.run("h3", "c2", "agent-b", "k9", 300); // another contact than the one v1 is verified as
    link.run("h4", "c3", "agent-a", "k2", null); // never used

    apply(db, files.find((f) => f.startsWith("0006_"))!);

    expect(db.prepare("SELECT * FROM visitor_verifications ORDER BY visitor_id, agent_id").all()).toEqual([
      { visitor_id: "v1", agent_id: "agent-a", contact_id: "k1", verified_at: 200 },
    ]);
    const columns = db.prepare("SELECT name FROM pragma_table_info('visitors') ORDER BY cid").all();
    expect(columns.map((c) => c.name)).toEqual(["id", "contact_id", "created_at", "updated_at"]);
    expect(db.prepare("SELECT id, contact_id FROM visitors ORDER BY id").all()).toEqual([
      { id: "v1", contact_id: "k1" },
      { id: "v2", contact_id: "k2" },
    ]);
  });
});
