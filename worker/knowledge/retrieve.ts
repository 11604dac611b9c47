/**
 * Retrieval for a turn: short answers matched by question similarity first, then the agent's
 * indexed documents (hybrid full-text + vector search in its index), each with what a citation
 * needs and whether it may be cited at all (private sources and sources with citations off).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { database, type Db } from "../db/client";
import { isolateCache } from "../db/read-cache";
import { sourceDocuments, sources } from "../db/schema";
import { builtInSourceId, isCitable } from "../db/sources";
import { searchAcrossLanguages } from "./crosslingual/search";
import { questionReadings } from "./crosslingual/translate";
import { documentKey, splitDocumentKey } from "./document-keys";
import { searchIndex } from "./embedded-index";
import { sectionEvidence } from "./engine/document-sections";
import { listShortAnswers, type ShortAnswerRow } from "./store";
import { questionSimilarity, SAME_QUESTION_SIMILARITY, termSet } from "./text";

export type PassageKind = "article" | "short_answer";

export type Passage = {
  /** What a citation points at: `doc:<sourceId>:<documentId>` or `short-answer:<id>`. */
  sourceId: string;
  /** The `sources.id` it came from. */
  sourceRef: string;
  kind: PassageKind;
  /** Document title and heading path ("Billing › Refunds"), or a short answer's question. */
  title: string;
  /** The document's display name: its URL, its uploaded file name, or its title. */
  name: string;
  url?: string;
  /** Section Markdown, or a short answer's answer. */
  text: string;
  /** Relevance in [0, 1]. */
  score: number;
  /**
   * The share of the question's IDF weight (the index's own term statistics) that the passage's
   * chunk contains, in [0, 1]: a question whose rare words the passage lacks is not answered by it,
   * however close the rest. Absent for short answers (matched by question similarity instead).
   */
  coverage?: number;
  /** False for private sources and sources with citations turned off. */
  citable: boolean;
};

export const HEADING_SEPARATOR = " › ";
const MAX_SHORT_ANSWERS = 2; // more than two near-identical questions only crowd out documents
/**
 * Below this score (the index's calibrated scale: `engine/calibration.ts`) a document shares next
 * to nothing with the question (on the Arduino help center, the best document for a question in no
 * language of the corpus scores about 0.1): clear noise, passed to no model. Above it every model
 * gets the passage with its score, and decides: a generative model under its instructions, the
 * offline model against its own, stricter bar (`MIN_GROUNDING`), so a generative model is never
 * starved of a passage the offline model would not dare to quote.
 */
export const NOISE_FLOOR = 0.15;

/** Each kept short answer's question terms, computed once while the isolate keeps the row (store.ts). */
const questionTerms = new WeakMap<Readonly<ShortAnswerRow>, ReadonlySet<string>>();
const termsOf = (row: Readonly<ShortAnswerRow>): ReadonlySet<string> => {
  const known = questionTerms.get(row);
  if (known) return known;
  const terms = termSet(row.question);
  questionTerms.set(row, terms);
  return terms;
};

async function shortAnswerPassages(env: Env, agentId: string, query: string, k: number): Promise<Passage[]> {
  const rows = await listShortAnswers(env, agentId);
  if (rows.length === 0) return []; // most agents have none: the question is not read for them
  const readings = questionReadings(query);
  if (readings[0]?.size === 0) return [];
  const similarity = (question: ReadonlySet<string>): number =>
    Math.max(...readings.map((reading) => questionSimilarity(reading, question)));
  return rows
    .map((row, order) => ({ row, order, similarity: similarity(termsOf(row)) }))
    .filter((a) => a.similarity >= SAME_QUESTION_SIMILARITY)
    .sort((a, b) => b.similarity - a.similarity || a.order - b.order)
    .slice(0, Math.min(MAX_SHORT_ANSWERS, k))
    .map(({ row, similarity }) => ({
      sourceId: `short-answer:${row.id}`,
      sourceRef: builtInSourceId(agentId, "short_answers"),
      kind: "short_answer",
      title: row.question,
      name: row.question,
      text: row.answer,
      score: similarity,
      citable: true,
    }));
}

/** The ids of a JSON array bound as one parameter: any number of hits, one statement, no SQL built per turn. */
const jsonIds = (name: string) => sql`(SELECT value FROM json_each(${sql.placeholder(name)}))`;

/** The rows citations need of some documents (a removed one has none): built once per client, then only bound. */
const prepareCitationRows = (db: Db) =>
  db
    .select({
      document: {
        sourceId: sourceDocuments.sourceId,
        id: sourceDocuments.id,
        title: sourceDocuments.title,
        url: sourceDocuments.url,
      },
      source: {
        type: sources.type,
        name: sources.name,
        allowCitations: sources.allowCitations,
        private: sources.private,
      },
    })
    .from(sourceDocuments)
    .innerJoin(sources, eq(sources.id, sourceDocuments.sourceId))
    .where(
      and(
        eq(sourceDocuments.agentId, sql.placeholder("agentId")),
        inArray(sourceDocuments.sourceId, jsonIds("sourceIds")),
        inArray(sourceDocuments.id, jsonIds("documentIds")),
      ),
    )
    .prepare();

const citationStatements = new WeakMap<Db, ReturnType<typeof prepareCitationRows>>();

/** The rows citations need of these documents: their rows (by primary key) joined with their sources' rows. */
function citationRows(env: Env, agentId: string, refs: { sourceId: string; documentId: string }[]) {
  const db = database(env);
  let statement = citationStatements.get(db);
  if (!statement) {
    statement = prepareCitationRows(db);
    citationStatements.set(db, statement);
  }
  return statement.all({
    agentId,
    sourceIds: JSON.stringify([...new Set(refs.map((r) => r.sourceId))]),
    documentIds: JSON.stringify([...new Set(refs.map((r) => r.documentId))]),
  });
}

type CitationRow = Awaited<ReturnType<typeof citationRows>>[number];

/**
 * The citation rows each agent's turns read lately, by document key, kept per isolate like its other
 * reads (worker/db/read-cache.ts: for `READ_TTL_MS`, dropped at once by a source or document change made
 * here): a busy agent's questions hit the same documents, and the read sits between the search and the
 * model on every turn's path. A document without a row (removed) is not kept: it is looked for again.
 */
const keptCitations = isolateCache<Map<string, CitationRow>>(["sources"]);

async function citationRowsFor(
  env: Env,
  agentId: string,
  refs: { sourceId: string; documentId: string }[],
): Promise<ReadonlyMap<string, CitationRow>> {
  const kept = keptCitations.get(agentId);
  const missing = refs.filter((ref) => !kept?.has(documentKey(ref.sourceId, ref.documentId)));
  if (kept && missing.length === 0) return kept;
  const read = keptCitations.begin();
  const rows = await citationRows(env, agentId, missing);
  const found = kept ?? new Map<string, CitationRow>();
  for (const row of rows) found.set(documentKey(row.document.sourceId, row.document.id), row);
  if (!kept) keptCitations.set(agentId, found, read);
  return found;
}

/**
 * The agent's documents ranked for `query` (one passage per document, its best chunk), best first;
 * a question in another language than English is also searched in English (crosslingual/).
 */
export async function rankDocuments(
  env: Env,
  agentId: string,
  query: string,
  k: number,
  replicaKey = query,
): Promise<Passage[]> {
  return (await searchDocuments(env, agentId, query, k, replicaKey)).ranked;
}

/** The ranked documents' passages, and the best-ranked document's other sections that score nearly as well. */
async function searchDocuments(
  env: Env,
  agentId: string,
  query: string,
  k: number,
  replicaKey: string,
): Promise<{ ranked: Passage[]; sections: Passage[] }> {
  const index = searchIndex(env, agentId, replicaKey); // a conversation's searches go to its replica
  const hits = await searchAcrossLanguages((q, n) => index.search(q, n), query, k);
  if (hits.length === 0) return { ranked: [], sections: [] };
  const refs = hits.map((hit) => ({ ...splitDocumentKey(hit.documentKey), hit }));
  // What citations need: the hit documents' rows (by their primary key, not every document of their
  // sources) joined with their source rows, only the columns a passage uses — kept for a few seconds.
  const found = await citationRowsFor(env, agentId, refs);

  const documents = refs.map(({ sourceId, documentId, hit }): Passage[] => {
    const { source, document } = found.get(documentKey(sourceId, documentId)) ?? {};
    if (!source || !document) return []; // removed while the search ran
    return hit.chunks.map((section) => ({
      sourceId: `doc:${sourceId}:${documentId}`,
      sourceRef: sourceId,
      kind: "article",
      title: section.chunk.headingPath.join(HEADING_SEPARATOR),
      name: document.url ?? (source.type === "file" ? source.name : document.title),
      ...(document.url ? { url: document.url } : {}),
      text: section.chunk.text,
      score: Math.min(1, sectionEvidence(hit, section)),
      coverage: section.coverage,
      citable: isCitable(source),
    }));
  });
  const ranked = documents.flatMap((sections) => sections.slice(0, 1));
  return { ranked, sections: documents[0]?.slice(1) ?? [] };
}

/**
 * A turn's passages, `k` at most: close short answers first, then the ranked documents that clear the
 * noise floor, the best-ranked followed by its `sections` (its others that score nearly as well:
 * `TOP_DOCUMENT_SECTIONS`), which take the place of the last documents.
 */
export function turnPassages<P extends { score: number }>(
  answers: readonly P[],
  ranked: readonly P[],
  sections: readonly P[],
  k: number,
): P[] {
  const documents = ranked.flatMap((passage, i) => (i === 0 ? [passage, ...sections] : [passage]));
  return [...answers, ...documents.filter((passage) => passage.score >= NOISE_FLOOR)].slice(0, k);
}

/**
 * The `k` passages most relevant to `query` (close short answers first, then documents that clear
 * the noise floor), and the documents as ranked before that floor (what preview and the eval report).
 */
export async function retrieveRanked(
  env: Env,
  agentId: string,
  query: string,
  k: number,
  replicaKey = query,
): Promise<{ passages: Passage[]; ranked: Passage[] }> {
  if (k <= 0) return { passages: [], ranked: [] };
  const [answers, { ranked, sections }] = await Promise.all([
    shortAnswerPassages(env, agentId, query, k),
    searchDocuments(env, agentId, query, k, replicaKey),
  ]);
  return { passages: turnPassages(answers, ranked, sections, k), ranked };
}

/**
 * The `k` passages most relevant to `query`: close short answers first, then documents above the noise
 * floor. `replicaKey` picks the index replica (a conversation passes its id, so its searches stay on one).
 */
export async function retrieve(
  env: Env,
  agentId: string,
  query: string,
  k: number,
  replicaKey = query,
): Promise<Passage[]> {
  return (await retrieveRanked(env, agentId, query, k, replicaKey)).passages;
}
