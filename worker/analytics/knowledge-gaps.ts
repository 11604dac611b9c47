/**
 * Knowledge gaps: questions the agent abstained on, or answered on weak grounding, in real
 * conversations. Recorded after the turn (off the hot path); grouped by similarity when listed;
 * marked fixed when a later conversation answers the same question on good grounding, or when an
 * admin adds a short answer or an article from the gap. The open gaps a well-answered question is
 * compared with are kept by the isolate for a few seconds (worker/db/read-cache.ts): most turns
 * answer well, and re-reading them after each would cost a D1 read per turn; a gap another isolate
 * recorded meanwhile is compared from the next read on.
 */
import { and, desc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { knowledgeGaps } from "../db/analytics-schema";
import { changed, isolateCache } from "../db/read-cache";
import { randomId } from "../lib/crypto";
import {
  RELATED_QUESTIONS,
  SAME_QUESTION,
  type QuestionShape,
  shapeOf,
  similarity,
  termsOf,
} from "./question-similarity";

const MAX_QUESTION_CHARS = 1_000; // enough to read the question; visitor messages can be longer
/** An answer standing on a passage this weak (retrieval score, 0–1) barely cleared the offline model's bar (`MIN_GROUNDING`, 0.3). */
export const WEAK_GROUNDING = 0.4;
/** Open gaps compared with each well-answered question: the newest ones (comparison is CPU, one D1 read). */
const OPEN_GAPS_COMPARED = 200;
/** Gaps read when listing groups: the newest ones; older gaps fall off the list, not out of the table. */
const GAPS_GROUPED = 2_000;
const EXAMPLES_PER_GROUP = 5;
/** Members of a group a new question is compared with (the first ones): bounds the CPU per gap. */
const MEMBERS_COMPARED = 20;

export type TurnGrounding = { question: string; abstained: boolean; grounding: number | null };

/** A gap for this turn's question, or null when the answer stood on good grounding (or the model did not say). */
export function isGap(turn: TurnGrounding): boolean {
  if (turn.question.trim() === "") return false;
  return turn.abstained || (turn.grounding !== null && turn.grounding < WEAK_GROUNDING);
}

export async function recordKnowledgeGap(
  db: Db,
  gap: {
    agentId: string;
    conversationId: string | null;
    question: string;
    abstained: boolean;
    grounding: number | null;
  },
): Promise<void> {
  const question = gap.question.slice(0, MAX_QUESTION_CHARS);
  await db.insert(knowledgeGaps).values({
    id: randomId("gap"),
    agentId: gap.agentId,
    conversationId: gap.conversationId,
    question,
    terms: termsOf(question),
    abstained: gap.abstained,
    grounding: gap.grounding ?? 0,
    createdAt: Date.now(),
  });
  changed("knowledge_gaps", gap.agentId);
}

type OpenGap = { id: string; question: string; shape: QuestionShape };
const openGaps = isolateCache<readonly OpenGap[]>(["knowledge_gaps"]);

/** The agent's newest open gaps, with their question shapes; kept for a few seconds. */
async function readOpenGaps(db: Db, agentId: string, now: number): Promise<readonly OpenGap[]> {
  const kept = openGaps.get(agentId, now);
  if (kept) return kept;
  const read = openGaps.begin(now);
  const rows = await db
    .select({ id: knowledgeGaps.id, question: knowledgeGaps.question, terms: knowledgeGaps.terms })
    .from(knowledgeGaps)
    .where(and(eq(knowledgeGaps.agentId, agentId), isNull(knowledgeGaps.fixedAt)))
    .orderBy(desc(knowledgeGaps.createdAt))
    .limit(OPEN_GAPS_COMPARED);
  const open = rows.map((gap) => ({ id: gap.id, question: gap.question, shape: shapeOf(gap.question, gap.terms) }));
  openGaps.set(agentId, open, read);
  return open;
}

/** A question answered on good grounding fixes the open gaps that asked the same; returns how many. */
export async function markAnswered(db: Db, agentId: string, question: string, now = Date.now()): Promise<number> {
  const open = await readOpenGaps(db, agentId, now);
  if (open.length === 0) return 0;
  const asked = shapeOf(question);
  const same = open.filter((gap) => similarity(asked, gap.shape) >= SAME_QUESTION).map((gap) => gap.id);
  if (same.length > 0) await markFixed(db, agentId, same, "answered", now);
  return same.length;
}

export async function markFixed(db: Db, agentId: string, ids: string[], by: string, now = Date.now()): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(knowledgeGaps)
    .set({ fixedAt: now, fixedBy: by })
    .where(and(eq(knowledgeGaps.agentId, agentId), inArray(knowledgeGaps.id, ids), isNull(knowledgeGaps.fixedAt)));
  changed("knowledge_gaps", agentId);
}

export type GapGroup = {
  /** The id of the group's newest gap: what the admin acts on (`/gaps/:id/...`). */
  id: string;
  question: string;
  count: number;
  abstained: number;
  lastAskedAt: number;
  /** Up to five of the group's questions with their conversations, newest first. */
  examples: { question: string; conversationId: string | null; askedAt: number }[];
  fixedAt: number | null;
  fixedBy: string | null;
};

type GapRow = typeof knowledgeGaps.$inferSelect;

type Cluster = { shapes: QuestionShape[]; group: GapGroup & { ids: string[] } };

/** Folds `other` into `into` (single linkage: a question related to both joins them). */
function merge(into: Cluster, other: Cluster): void {
  const group = into.group;
  into.shapes.push(...other.shapes.slice(0, MEMBERS_COMPARED - into.shapes.length));
  group.count += other.group.count;
  group.abstained += other.group.abstained;
  group.ids.push(...other.group.ids);
  group.lastAskedAt = Math.max(group.lastAskedAt, other.group.lastAskedAt);
  group.examples = [...group.examples, ...other.group.examples]
    .sort((a, b) => b.askedAt - a.askedAt)
    .slice(0, EXAMPLES_PER_GROUP);
}

/**
 * Groups gaps (newest first) by single linkage: a question joins every group with a member it is
 * related to, merging them. A group is named by its newest question, and acted on by its id.
 */
export function groupGaps(rows: GapRow[]): (GapGroup & { ids: string[] })[] {
  let clusters: Cluster[] = [];
  for (const row of rows) {
    const shape = shapeOf(row.question, row.terms);
    const own: Cluster = {
      shapes: [shape],
      group: {
        id: row.id,
        question: row.question,
        count: 1,
        abstained: row.abstained ? 1 : 0,
        lastAskedAt: row.createdAt,
        examples: [{ question: row.question, conversationId: row.conversationId, askedAt: row.createdAt }],
        fixedAt: row.fixedAt,
        fixedBy: row.fixedBy,
        ids: [row.id],
      },
    };
    const related = clusters.filter((c) => c.shapes.some((member) => similarity(member, shape) >= RELATED_QUESTIONS));
    const home = related[0];
    if (!home) {
      clusters.push(own);
      continue;
    }
    merge(home, own);
    for (const other of related.slice(1)) merge(home, other);
    if (related.length > 1) clusters = clusters.filter((c) => !related.includes(c) || c === home);
  }
  return clusters.map((c) => c.group);
}

/** The agent's gap groups, open or fixed, biggest first. */
export async function listGapGroups(db: Db, agentId: string, status: "open" | "fixed"): Promise<GapGroup[]> {
  const rows = await db
    .select()
    .from(knowledgeGaps)
    .where(
      and(
        eq(knowledgeGaps.agentId, agentId),
        status === "open" ? isNull(knowledgeGaps.fixedAt) : isNotNull(knowledgeGaps.fixedAt),
      ),
    )
    .orderBy(desc(knowledgeGaps.createdAt))
    .limit(GAPS_GROUPED);
  return groupGaps(rows)
    .sort((a, b) => b.count - a.count || b.lastAskedAt - a.lastAskedAt)
    .map(({ ids: _ids, ...group }) => group);
}

/** The open gaps grouped with the gap `id` (itself included), with example questions; null when it is unknown or fixed. */
export async function openGroupOf(
  db: Db,
  agentId: string,
  id: string,
): Promise<{ question: string; ids: string[]; questions: string[] } | null> {
  const rows = await db
    .select()
    .from(knowledgeGaps)
    .where(and(eq(knowledgeGaps.agentId, agentId), isNull(knowledgeGaps.fixedAt)))
    .orderBy(desc(knowledgeGaps.createdAt))
    .limit(GAPS_GROUPED);
  const group = groupGaps(rows).find((g) => g.ids.includes(id));
  return group ? { question: group.question, ids: group.ids, questions: group.examples.map((e) => e.question) } : null;
}
