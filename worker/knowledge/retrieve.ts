/**
 * Simple retrieval for the walking skeleton: short answers matched by question similarity first,
 * then article sections ranked by IDF-weighted term overlap (BM25). The knowledge issue replaces
 * the inside with a hybrid index; callers only see `retrieve` and `Passage`.
 */
import { splitSections } from "./sections";
import { listArticles, listShortAnswers } from "./store";
import { questionSimilarity, SAME_QUESTION_SIMILARITY, termSet, terms } from "./text";

export type PassageKind = "article" | "short_answer";

export type Passage = {
  /** `article:<id>` or `short-answer:<id>`: what a citation points at. */
  sourceId: string;
  kind: PassageKind;
  /** Article title and heading path ("Billing › Refunds"), or a short answer's question. */
  title: string;
  url?: string;
  /** Section Markdown, or a short answer's answer. */
  text: string;
  /** Relevance in [0, 1]: share of the question's (weighted) terms this passage matches. */
  score: number;
};

export const HEADING_SEPARATOR = " › ";
const MAX_SHORT_ANSWERS = 2; // more than two near-identical questions only crowd out articles
// Below a fifth of the question's IDF weight a section shares only incidental words with it: on the
// demo docs, answerable questions score 0.3 and up, unanswerable ones ("dark mode?") 0.16 and below.
const MIN_ARTICLE_SCORE = 0.2;
const BM25_K1 = 1.2; // term-frequency saturation (the usual BM25 value)
const BM25_B = 0.75; // length normalisation (the usual BM25 value)
const HEADING_WEIGHT = 2; // a term in the heading path says more about a section than one in its body

/** The `k` passages most relevant to `query` in the agent's knowledge, best first. */
export async function retrieve(env: Pick<Env, "DB">, agentId: string, query: string, k: number): Promise<Passage[]> {
  const queryTerms = termSet(query);
  if (queryTerms.size === 0 || k <= 0) return [];
  const [shortAnswers, articles] = await Promise.all([listShortAnswers(env, agentId), listArticles(env, agentId)]);

  const answers = shortAnswers
    .map((row, order) => {
      const similarity = questionSimilarity(queryTerms, termSet(row.question));
      return { order, similarity, row };
    })
    .filter((a) => a.similarity >= SAME_QUESTION_SIMILARITY)
    .sort((a, b) => b.similarity - a.similarity || a.order - b.order)
    .slice(0, Math.min(MAX_SHORT_ANSWERS, k))
    .map(({ row, similarity }): Passage => ({
      sourceId: `short-answer:${row.id}`,
      kind: "short_answer",
      title: row.question,
      text: row.answer,
      score: similarity,
    }));

  const sections = articles.flatMap((article) =>
    splitSections(article.title, article.body).map((section) => {
      const bag = [...terms(section.headingPath.join(" ")).flatMap((t) => Array<string>(HEADING_WEIGHT).fill(t)), ...terms(section.text)];
      const passage: Passage = {
        sourceId: `article:${article.id}`,
        kind: "article",
        title: section.headingPath.join(HEADING_SEPARATOR),
        ...(article.url ? { url: article.url } : {}),
        text: section.text,
        score: 0,
      };
      return { passage, counts: countTerms(bag), length: bag.length };
    }),
  );
  const ranked = rankBm25(queryTerms, sections)
    .filter((p) => p.score >= MIN_ARTICLE_SCORE)
    .slice(0, k - answers.length);
  return [...answers, ...ranked];
}

type Doc = { passage: Passage; counts: Map<string, number>; length: number };

/** Sections scored by BM25, normalised by the best score the query could reach, best first. */
function rankBm25(queryTerms: ReadonlySet<string>, docs: Doc[]): Passage[] {
  if (docs.length === 0) return [];
  const averageLength = docs.reduce((sum, d) => sum + d.length, 0) / docs.length || 1;
  const idf = new Map<string, number>();
  for (const term of queryTerms) {
    const df = docs.filter((d) => d.counts.has(term)).length;
    // Terms no section contains get the highest weight, so a question about something absent scores low.
    idf.set(term, Math.log(1 + (docs.length - df + 0.5) / (df + 0.5)));
  }
  const best = [...idf.values()].reduce((sum, w) => sum + w * (BM25_K1 + 1), 0);
  return docs
    .map((doc, order) => {
      let raw = 0;
      for (const [term, weight] of idf) {
        const tf = doc.counts.get(term) ?? 0;
        if (tf === 0) continue;
        const norm = 1 - BM25_B + (BM25_B * doc.length) / averageLength;
        raw += (weight * tf * (BM25_K1 + 1)) / (tf + BM25_K1 * norm);
      }
      return { order, passage: { ...doc.passage, score: best > 0 ? raw / best : 0 } };
    })
    .sort((a, b) => b.passage.score - a.passage.score || a.order - b.order)
    .map((r) => r.passage);
}

function countTerms(bag: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of bag) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
