/**
 * The conversation's lifecycle state, kept as one JSON value in the object's SQLite beside the
 * event log: who answers (agent, waiting, a person), email capture progress, what counts for
 * the outcome, and the last activity the inactivity alarm measures from. A message's handling reads
 * the state a dozen times: the parsed value is kept (frozen) per SQLite handle and replaced by each
 * write, so only the first read after the object starts parses it.
 */
import type { ConversationStatus, Outcome, Person } from "../../worker/protocol/events";
import type { HandoffReason } from "../../worker/db/schema";
import type { LeadLabel } from "../../worker/goals/definition";
import { deepFreeze } from "../../worker/lib/frozen";

export type EmailProgress = "unknown" | "requested" | "captured";

export type LifecycleState = {
  status: ConversationStatus;
  /** The AI agent is the one answering (the widget's disclosure). */
  poweredByAi: boolean;
  /** The person handling the conversation (status `human`). */
  staff: Person | null;
  /** Whether the first visitor message has been taken by the agent or routed elsewhere. */
  firstMessageHandled: boolean;
  /** A person was requested or brought in at some point (the outcome is then `handed_off`). */
  handedOff: boolean;
  handoffReason: HandoffReason | null;
  /** In `keep_answering` mode the agent answers while the conversation waits for a person. */
  agentAnswersWhileWaiting: boolean;
  agentReplied: boolean;
  abstentions: number;
  email: EmailProgress;
  lastActivityAt: number;
  /** Minutes of silence that close the conversation (from the channel settings); null: never. */
  inactivityMinutes: number | null;
  outcome: Outcome | null;
  /** Answers whose standing vote is down: a conversation closed with any is not resolved (absent before feedback existed). */
  answersRatedDown?: number;
  /** The visitor's end-of-chat rating, 1–5 (absent: not rated). */
  rating?: number;
  /** A message the owner's workflow handed to the agent to answer (hand-in.ts): answered whoever held it (absent: none). */
  handedInSeq?: number | null;
  /** The lead-qualification goal's progress (absent: not started). */
  goal?: GoalProgress;
  /** A write of the conversation's D1 row that failed, kept for the alarm to try again (conversation-row.ts; absent: none). */
  unwrittenRow?: UnwrittenRow | null;
};

/** The fields of the conversation's D1 row a failed write would have set, and how many tries failed. */
export type UnwrittenRow = {
  fields: { lastMessage?: string; assignedStaffId?: string | null; teamId?: string | null };
  failures: number;
};

/** Where the goal's questions stand: started by buying intent, each criterion's answer (by index), and the label once done. */
export type GoalProgress = {
  started: boolean;
  answered: Record<number, { accepted: boolean; skipped?: boolean }>;
  label: LeadLabel | null;
};

const KEY = "lifecycle";

export function initialLifecycle(now: number, poweredByAi: boolean, inactivityMinutes: number | null): LifecycleState {
  return {
    status: "bot",
    poweredByAi,
    staff: null,
    firstMessageHandled: false,
    handedOff: false,
    handoffReason: null,
    agentAnswersWhileWaiting: false,
    agentReplied: false,
    abstentions: 0,
    email: "unknown",
    lastActivityAt: now,
    inactivityMinutes,
    outcome: null,
  };
}

/** The state as last read or written, per SQLite handle (every store of one object shares it). */
const kept = new WeakMap<SqlStorage, LifecycleState>();

export class LifecycleStore {
  static createTables(sql: SqlStorage): void {
    sql.exec(`CREATE TABLE IF NOT EXISTS lifecycle (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  }

  constructor(private readonly sql: SqlStorage) {
    kept.delete(sql); // a new store (after an erase, too) reads the stored value again
  }

  /** The state (frozen: change it with `update` or `set`). */
  get(): LifecycleState {
    const cached = kept.get(this.sql);
    if (cached) return cached;
    const row = this.sql.exec<{ value: string }>(`SELECT value FROM lifecycle WHERE key = ?`, KEY).toArray()[0];
    if (!row) throw new Error("conversation lifecycle read before the conversation started");
    const state = deepFreeze(JSON.parse(row.value) as LifecycleState);
    kept.set(this.sql, state);
    return state;
  }

  /** Whether the state is stored; a state already read or written is (only an erase removes it, and makes a new store). */
  has(): boolean {
    if (kept.has(this.sql)) return true;
    const stored = this.sql.exec(`SELECT 1 FROM lifecycle WHERE key = ?`, KEY).toArray().length > 0;
    if (!stored) kept.delete(this.sql);
    return stored;
  }

  set(state: LifecycleState): LifecycleState {
    const json = JSON.stringify(state);
    this.sql.exec(
      `INSERT INTO lifecycle (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      KEY,
      json,
    );
    const frozen = deepFreeze(JSON.parse(json) as LifecycleState); // the caller's object stays theirs
    kept.set(this.sql, frozen);
    return frozen;
  }

  /** Changes some fields; a change that changes nothing writes nothing (a turn repeats several such). */
  update(change: Partial<LifecycleState>): LifecycleState {
    const current = this.get();
    const same = (Object.keys(change) as (keyof LifecycleState)[]).every((key) => Object.is(current[key], change[key]));
    return same ? current : this.set({ ...current, ...change });
  }
}
