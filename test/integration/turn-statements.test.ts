/**
 * What one visitor message costs in statements, as a deterministic budget beside the benchmark's
 * timings: the D1 round trips that write the conversation's row, the turn's token use and its facts
 * (the row before the answer, the other two in one batch as the turn ends), and the statements the
 * conversation object runs on its own SQLite. Counted on the object's real env and storage, wrapped.
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { database } from "../../worker/db/client";
import { turnFacts } from "../../worker/db/analytics-schema";
import { ChatSocket, startConversation } from "./support/chat-client";
import { SHOP_ANSWERS } from "./support/fixtures";
import { conversationStub, lifecycleAgent } from "./support/lifecycle";
import { recordingD1 } from "./support/recording-d1";

/** The D1 round trips a message may take to write its row, token use and facts: the row, then one batch. */
const WRITE_ROUND_TRIPS = 2;
/**
 * Statements on the object's SQLite for a message after the first: taking it (idempotency, rate, the
 * log), queueing it and taking it up, the lifecycle state, the history, the answer logged and compacted,
 * and the message marked answered. Counted at 17 (18 for a while once the mark was added, until taking
 * the next message up became one statement; 26 before the object kept the log's totals, the rate's
 * number, the stored state and an empty table of arrival handoffs, and before streamed deltas went
 * uncounted; 35 before it kept its newest seq, states and last read event); the margin leaves room for
 * a small new step, not for a query per delta or per read.
 */
const OBJECT_STATEMENTS = 19;

/**
 * The message's calls on the object's alarm: none. The inactivity alarm armed for the first message is
 * due before the new quiet period ends, so it stays (it re-arms itself when it fires; 2 writes a message
 * before, when every message moved it as it was taken up and once answered), and the object keeps the
 * time it set instead of asking storage.
 */
const ALARM_WRITES = 0;
const ALARM_READS = 0;
/** A message's events go to every socket; who each socket is was read from its stored attachment once, when it opened. */
const ATTACHMENT_READS = 0;

const WRITTEN_TABLES = /^\s*(UPDATE|INSERT INTO)\s+"?(conversations|token_usage|turn_facts)"?/i;

type Counts = {
  writeTrips: string[][];
  objectStatements: string[];
  alarmReads: number;
  alarmWrites: number;
  attachmentReads: number;
};

/** `db`, counting each round trip that writes the turn's tables (a batch is one trip) into `counts`. */
const countingD1 = (db: D1Database, counts: Counts): D1Database =>
  recordingD1(db, (queries) => {
    const written = queries.filter((query) => WRITTEN_TABLES.test(query));
    if (written.length) counts.writeTrips.push(written);
  });

/** Counts from now on what the conversation's object runs: its D1 writes of the turn, its SQLite statements. */
async function countStatements(conversationId: string): Promise<Counts> {
  const counts: Counts = { writeTrips: [], objectStatements: [], alarmReads: 0, alarmWrites: 0, attachmentReads: 0 };
  await runInDurableObject(conversationStub(conversationId), (instance: ConversationDO, state) => {
    const object = instance as unknown as { env: Env }; // the test swaps the object's env for a counting one
    object.env = { ...object.env, DB: countingD1(env.DB, counts) };
    const sql = state.storage.sql;
    const exec = sql.exec.bind(sql);
    sql.exec = ((query: string, ...bindings: unknown[]) => {
      counts.objectStatements.push(query);
      return exec(query, ...bindings);
    }) as typeof sql.exec;
    const storage = state.storage;
    const [getAlarm, setAlarm] = [storage.getAlarm.bind(storage), storage.setAlarm.bind(storage)];
    storage.getAlarm = ((...args: Parameters<typeof getAlarm>) => {
      counts.alarmReads++;
      return getAlarm(...args);
    }) as typeof storage.getAlarm;
    storage.setAlarm = ((...args: Parameters<typeof setAlarm>) => {
      counts.alarmWrites++;
      return setAlarm(...args);
    }) as typeof storage.setAlarm;
    for (const ws of state.getWebSockets()) {
      const read = ws.deserializeAttachment.bind(ws);
      ws.deserializeAttachment = () => {
        counts.attachmentReads++;
        return read();
      };
    }
  });
  return counts;
}

describe("a visitor message's statements", () => {
  const bounded = "its object runs a bounded number of statements, alarm calls and socket reads";
  it(`writes its row, then its token use and facts in one batch; ${bounded}`, async () => {
    const AGENT = "turn-statements";
    await lifecycleAgent(AGENT, {});
    const { conversationId, visitorToken } = await startConversation(AGENT);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: SHOP_ANSWERS[0]!.question });
    await socket.waitForReplies(1); // the first message reads and decides more (availability, first handling)
    const factsOf = async () =>
      (await database(env).select().from(turnFacts).where(eq(turnFacts.conversationId, conversationId))).length;
    await vi.waitFor(async () => expect(await factsOf()).toBe(1));

    const counts = await countStatements(conversationId);
    socket.send({ type: "message", id: "m2", text: SHOP_ANSWERS[1]!.question });
    await socket.waitForReplies(2);
    await vi.waitFor(async () => expect(await factsOf()).toBe(2));

    expect(counts.writeTrips.length, JSON.stringify(counts.writeTrips)).toBeLessThanOrEqual(WRITE_ROUND_TRIPS);
    expect(counts.writeTrips.flat().join("\n")).toMatch(/turn_facts/); // the counter saw the turn's writes
    expect(counts.objectStatements.length, counts.objectStatements.join("\n")).toBeLessThanOrEqual(OBJECT_STATEMENTS);
    expect(counts.alarmReads).toBe(ALARM_READS);
    expect(counts.alarmWrites).toBe(ALARM_WRITES);
    // Due before the new quiet period ends, the alarm finds the conversation active and arms that end (the counter sees it).
    expect(await runDurableObjectAlarm(conversationStub(conversationId))).toBe(true);
    expect(counts.alarmWrites).toBe(1);
    expect(counts.attachmentReads).toBe(ATTACHMENT_READS);
    socket.close();
  });
});
