/**
 * Growth of one conversation: on a fresh Frontdesk, one visitor sends message after message, each
 * answered. A conversation's size counts both sides (a visitor message and its answer are two
 * messages): it refuses a visitor's 501st message (MAX_VISITOR_MESSAGES in
 * durable-objects/conversation/message-intake.ts), so 1,000 messages is 500 exchanges, its limit.
 * At 10, 100 and 1,000 messages: the median first delta of the last SAMPLES turns that brought it
 * there, then workerd's RSS and the conversation Durable Object's storage: the SQLite database it
 * keeps under --persist-to (the one file in ConversationDO's folder this conversation added),
 * copied with its write-ahead log and checkpointed, so the figure is the database's own size
 * rather than a WAL that SQLite reuses without shrinking (the files on disk are reported beside).
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { DEMO_QUESTIONS } from "../load/agent-settings.ts";
import { percentile } from "../load/generator.ts";
import { startConversation, Visitor } from "../load/visitor.ts";
import { workerdRssMb } from "./rss.ts";
import { type ScaleServer, within, withScaleServer } from "./server.ts";

export const GROWTH_SIZES = [10, 100, 1_000] as const;
const SAMPLES = 3; // turns timed at each size (the median); 3 fit below the smallest size, 10 messages
const MESSAGES_PER_TURN = 2; // the visitor's message and the agent's answer
const TURN_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 20 * 60_000; // about 1,000 turns one after another

export type GrowthFigures = {
  first_delta_ms: number;
  rss_mb: number;
  /** The database's size once its write-ahead log is checkpointed into it (page count x page size). */
  storage_bytes: number;
  /** Beside the schema: the object's files as they are on disk, the SQLite file and its write-ahead log. */
  sqlite_file_bytes: number;
  wal_file_bytes: number;
  /** Visitor messages in the conversation when the storage was read (half the size). */
  visitor_messages: number;
};

/** The SQLite files of ConversationDO objects under `persistTo` (the object id's file name, without suffix). */
function conversationFiles(persistTo: string): Map<string, string> {
  const files = new Map<string, string>();
  const root = join(persistTo, "v3", "do");
  if (!existsSync(root)) return files;
  for (const folder of readdirSync(root).filter((name) => name.endsWith("-ConversationDO")))
    for (const name of readdirSync(join(root, folder)))
      if (name.endsWith(".sqlite")) files.set(name.slice(0, -".sqlite".length), join(root, folder, name));
  return files;
}

const fileSize = (path: string) => (existsSync(path) ? statSync(path).size : 0);

/** The database's size with its WAL folded in, measured on a copy (workerd keeps the original open). */
function checkpointedSize(sqlite: string): number {
  const scratch = mkdtempSync(join(tmpdir(), "frontdesk-growth-"));
  try {
    const copy = join(scratch, "object.sqlite");
    copyFileSync(sqlite, copy);
    if (existsSync(`${sqlite}-wal`)) copyFileSync(`${sqlite}-wal`, `${copy}-wal`);
    const db = new DatabaseSync(copy);
    try {
      db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      const { page_count } = db.prepare("PRAGMA page_count").get() as { page_count: number };
      const { page_size } = db.prepare("PRAGMA page_size").get() as { page_size: number };
      return page_count * page_size;
    } finally {
      db.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function measureGrowth(server: ScaleServer, sizes: readonly number[]): Promise<Record<string, GrowthFigures>> {
  const before = new Set(conversationFiles(server.persistTo).keys());
  const visitor = new Visitor(server.url, await startConversation(server.url, "demo"), TURN_TIMEOUT_MS);
  const figures: Record<string, GrowthFigures> = {};
  let sent = 0;
  const turn = async () => {
    const result = await visitor.send(DEMO_QUESTIONS[sent % DEMO_QUESTIONS.length]!);
    sent++;
    if (result.outcome !== "answered" || result.firstDeltaMs === undefined)
      throw new Error(`message ${sent} was not answered: ${result.outcome} ${result.code ?? ""}`);
    return result.firstDeltaMs;
  };
  try {
    await visitor.whenReady();
    for (const size of sizes) {
      const turns = Math.ceil(size / MESSAGES_PER_TURN);
      while (sent < turns - SAMPLES) await turn();
      const samples: number[] = [];
      while (sent < turns) samples.push(await turn());
      const added = [...conversationFiles(server.persistTo)].filter(([id]) => !before.has(id));
      if (added.length !== 1)
        throw new Error(`expected one new ConversationDO SQLite file under ${server.persistTo}, found ${added.length}`);
      const sqlite = added[0]![1];
      figures[String(size)] = {
        first_delta_ms: Math.round(percentile(samples, 50) * 10) / 10,
        rss_mb: workerdRssMb(server.pid()),
        storage_bytes: checkpointedSize(sqlite),
        sqlite_file_bytes: fileSize(sqlite),
        wal_file_bytes: fileSize(`${sqlite}-wal`),
        visitor_messages: sent,
      };
    }
  } finally {
    visitor.close();
  }
  return figures;
}

/** `growth` of the bench's JSON. */
export async function growth(sizes: readonly number[] = GROWTH_SIZES): Promise<Record<string, GrowthFigures>> {
  return withScaleServer((server) =>
    within(RUN_TIMEOUT_MS, `one conversation up to ${Math.max(...sizes)} messages`, measureGrowth(server, sizes)),
  );
}
