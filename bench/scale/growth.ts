/**
 * Growth of one conversation: on a fresh Frontdesk, one visitor sends message after message; once
 * the conversation holds 10, 100 and 1,000 visitor messages (each answered), the next few turns'
 * first deltas are timed (their median reported), then workerd's RSS and the conversation Durable
 * Object's storage are read: the SQLite file (and its write-ahead log) that the object keeps under
 * --persist-to, the one file in ConversationDO's folder that this conversation added.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { DEMO_QUESTIONS } from "../load/agent-settings.ts";
import { percentile } from "../load/generator.ts";
import { startConversation, Visitor } from "../load/visitor.ts";
import { workerdRssMb } from "./rss.ts";
import { type ScaleServer, within, withScaleServer } from "./server.ts";

export const GROWTH_SIZES = [10, 100, 1_000] as const;
const SAMPLES = 5; // turns timed at each size; their median
const TURN_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 20 * 60_000; // about 1,000 turns one after another

export type GrowthFigures = {
  first_delta_ms: number;
  rss_mb: number;
  storage_bytes: number;
  /** Beside the schema: storage_bytes split into the SQLite file and its write-ahead log. */
  sqlite_bytes: number;
  wal_bytes: number;
  /** Visitor messages in the conversation when the storage was read (the size plus the timed turns). */
  messages: number;
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
      while (sent < size) await turn();
      const samples: number[] = [];
      for (let i = 0; i < SAMPLES; i++) samples.push(await turn());
      const added = [...conversationFiles(server.persistTo)].filter(([id]) => !before.has(id));
      if (added.length !== 1)
        throw new Error(`expected one new ConversationDO SQLite file under ${server.persistTo}, found ${added.length}`);
      const sqlite = added[0]![1];
      const sqliteBytes = fileSize(sqlite);
      const walBytes = fileSize(`${sqlite}-wal`);
      figures[String(size)] = {
        first_delta_ms: Math.round(percentile(samples, 50) * 10) / 10,
        rss_mb: workerdRssMb(server.pid()),
        storage_bytes: sqliteBytes + walBytes,
        sqlite_bytes: sqliteBytes,
        wal_bytes: walBytes,
        messages: sent,
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
