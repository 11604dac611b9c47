/**
 * `npx tsx scripts/eval-doclevel.ts <corpus-dir> <questions.jsonl> [--half odd|even] [--why] [--pool N]`: an
 * experiment for issue 14 — does a document-level BM25 signal (over each document's whole text, or
 * over its title and headings) fused with Frontdesk's chunk-level ranking lift recall, and what do
 * stopwords, stemming and the vector cosine's share change? It ranks every question as
 * `eval-quick.ts` does (same sections, `SearchEngine`, cross-lingual search; calibration multiplies
 * all of an index's scores by one factor, so it changes no order and is left out), then with each
 * variant, and prints R@1, R@5, MRR and cross-lingual top-5 per variant (tab-separated). `--why`
 * prints, per question, where four rankings put the expected document and how much of the
 * question's IDF weight its best section and its whole text hold. Nothing here ships: it is the
 * evidence for a decision.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { stemmer as porter } from "@orama/stemmers/english"; // Porter (1980), as `text.ts` and the baseline use
import { searchAcrossLanguages } from "../worker/knowledge/crosslingual/search";
import { CHUNKS_FOR_DOCUMENTS, rankDocuments } from "../worker/knowledge/engine/ranking";
import { type DocumentHit, SearchEngine } from "../worker/knowledge/engine/search-engine";
import { isStopword, terms, words } from "../worker/knowledge/text";
import { corpusIndex } from "./eval-baseline.ts";
import { type Question, readCorpus, readQuestions } from "./lib/eval-corpus.ts";

type Tokenize = (text: string) => string[];

const RANKED = 5;
let POOL = 30; // documents each side offers to a fusion (`--pool`)
const K1 = 1.2;
const B = 0.75;
const RRF_K = 60;

/** The NLTK English stopword list the baseline uses. */
const NLTK = new Set(
  [
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself",
    "it its itself they them their theirs themselves what which who whom this that these those am is are was were be",
    "been being have has had having do does did doing a an the and but if or because as until while of at by for with",
    "about against between into through during before after above below to from up down in out on off over under again",
    "further then once here there when where why how all any both each few more most other some such no nor not only",
    "own same so than too very s t can will just don should now d ll m o re ve y ain aren couldn didn doesn hadn hasn",
    "haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn",
  ]
    .join(" ")
    .split(" "),
);

const TOKENIZERS: Record<string, Tokenize> = {
  frontdesk: (text) => terms(text), // Frontdesk's stopwords, stemmers and language detection
  nltk: (text) =>
    words(text)
      .filter((w) => !NLTK.has(w))
      .map((w) => (w.length <= 3 ? w : porter(w))),
  none: (text) => words(text).map((w) => (w.length <= 3 ? w : porter(w))),
  unstemmed: (text) => words(text).filter((w) => !isStopword(w)),
};

type Doc = { key: string; title: string; headings: string[]; text: string; sections: string[] };

/** Plain BM25 over one field set per document: `fields` says what of a document is indexed and how often. */
function documentBm25(docs: Doc[], fields: (d: Doc) => string[][], tokenize: Tokenize, fts5Idf = false) {
  const tfs = docs.map((d) => {
    const tf = new Map<string, number>();
    let length = 0;
    for (const field of fields(d))
      for (const part of field)
        for (const t of tokenize(part)) {
          tf.set(t, (tf.get(t) ?? 0) + 1);
          length++;
        }
    return { key: d.key, tf, length };
  });
  const df = new Map<string, number>();
  for (const { tf } of tfs) for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const avg = tfs.reduce((s, d) => s + d.length, 0) / Math.max(1, tfs.length);
  // FTS5's bm25(): IDF log((N − n + 0.5) / (n + 0.5)), a term in more than half the rows clamped to 1e-6.
  const idf = fts5Idf
    ? (t: string) => Math.max(1e-6, Math.log((tfs.length - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5)))
    : (t: string) => Math.log(1 + (tfs.length - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));
  return (query: string): Map<string, number> => {
    const q = [...new Set(tokenize(query))];
    const scores = new Map<string, number>();
    for (const d of tfs) {
      let s = 0;
      for (const t of q) {
        const f = d.tf.get(t) ?? 0;
        if (f) s += (idf(t) * f * (K1 + 1)) / (f + K1 * (1 - B + (B * d.length) / avg));
      }
      if (s > 0) scores.set(d.key, s);
    }
    return scores;
  };
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { half: { type: "string" }, why: { type: "boolean", default: false }, pool: { type: "string" } },
});
// A pool wider than the documents of the chunk-level pool (CHUNKS_FOR_DOCUMENTS chunks) keeps every one of them, as `rankDocuments` does.
if (values.pool) POOL = Number(values.pool);
const [corpusArg, questionsArg] = positionals as [string, string];
const corpus = resolve(corpusArg);
const questions = readQuestions(questionsArg, values.half);

const engine = new SearchEngine({ documentLevel: false }); // today's chunk-level ranking: the variants add their own document signal
const docs: Doc[] = [];
for (const { key, title, chunks } of await readCorpus(corpus)) {
  for (const chunk of chunks) engine.add(chunk);
  docs.push({
    key,
    title,
    headings: [...new Set(chunks.flatMap((s) => s.headingPath.slice(1)))],
    text: chunks.map((s) => s.text).join("\n"),
    sections: chunks.map((s) => `${title} ${s.headingPath.slice(1).join(" ")} ${s.text}`),
  });
}

const whole = (d: Doc) => [[d.title], [d.title], ...[d.headings.map((h) => h)], [d.text]];
const heads = (d: Doc) => [[d.title], [d.title], d.headings];
const indexes = {
  wholeFd: documentBm25(docs, whole, TOKENIZERS.frontdesk as Tokenize),
  wholeNltk: documentBm25(docs, whole, TOKENIZERS.nltk as Tokenize),
  wholeNone: documentBm25(docs, whole, TOKENIZERS.none as Tokenize),
  wholeUnstemmed: documentBm25(docs, whole, TOKENIZERS.unstemmed as Tokenize),
  headsFd: documentBm25(docs, heads, TOKENIZERS.frontdesk as Tokenize),
  wholeFts5: documentBm25(docs, whole, TOKENIZERS.frontdesk as Tokenize, true),
};
const baseline = corpusIndex(corpus);

type Ranker = (q: string) => Promise<string[]>;
type Search = (text: string, k: number) => Promise<{ documentKey: string; score: number }[]>;

/**
 * Frontdesk's document search in one language, the vector cosine's share of a chunk's score set to
 * `share` (today 0.6; 0: full text only).
 */
function chunkLevel(share: number): Search {
  if (share === 0.6) return async (text, k) => engine.searchDocuments(text, k);
  if (share === 0) return async (text, k) => engine.searchDocuments(text, k, { fullTextOnly: true });
  const idf = (engine as unknown as { idf: (t: string) => number }).idf;
  return async (text, k) => {
    // A wide pool (every lexical candidate and the 600 nearest by vector), re-scored, then ranked as the engine does.
    const hits = engine.search(text, 600).map((hit) => ({
      ...hit,
      score: (1 - share) * hit.lexical + share * hit.semantic,
    }));
    hits.sort((a, b) => b.score - a.score || (a.chunk.id < b.chunk.id ? -1 : 1));
    return rankDocuments(text, hits.slice(0, CHUNKS_FOR_DOCUMENTS), idf, k);
  };
}

/** Any per-language search asked as the service asks it: as written and, for another language, translated. */
const acrossLanguages =
  (search: Search): Ranker =>
  async (q) =>
    (await searchAcrossLanguages(search, q, RANKED)).map((h) => h.documentKey);

const frontdesk = async (q: string, k: number) => (await searchAcrossLanguages(chunkLevel(0.6), q, k)) as DocumentHit[];

const ranked = (scores: Map<string, number>) =>
  [...scores.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key]) => key);

/**
 * The chunk-level score plus `weight` × the document score divided by this question's best document
 * score, fused inside each language's search (so a translated question gets its document score too).
 */
function weighted(index: (q: string) => Map<string, number>, weight: number, share = 0.6): Ranker {
  const chunks = chunkLevel(share);
  return acrossLanguages(async (text, k) => {
    const hits = await chunks(text, POOL);
    const doc = index(text);
    const top = Math.max(0, ...doc.values()) || 1;
    const fused = new Map<string, number>();
    for (const hit of hits) fused.set(hit.documentKey, hit.score);
    for (const key of ranked(doc).slice(0, POOL)) fused.set(key, fused.get(key) ?? 0);
    for (const key of fused.keys()) fused.set(key, (fused.get(key) ?? 0) + (weight * (doc.get(key) ?? 0)) / top);
    return ranked(fused)
      .slice(0, k)
      .map((documentKey) => ({ documentKey, score: fused.get(documentKey) ?? 0 }));
  });
}

/** Reciprocal rank fusion of Frontdesk's ranking and the document ranking (`docWeight` on the latter). */
function rrf(index: (q: string) => Map<string, number>, docWeight = 1): Ranker {
  return async (q) => {
    const a = (await frontdesk(q, POOL)).map((h) => h.documentKey);
    const b = ranked(index(q)).slice(0, POOL);
    const fused = new Map<string, number>();
    a.forEach((key, i) => fused.set(key, (fused.get(key) ?? 0) + 1 / (RRF_K + i + 1)));
    b.forEach((key, i) => fused.set(key, (fused.get(key) ?? 0) + docWeight / (RRF_K + i + 1)));
    return ranked(fused);
  };
}

const variants: [string, Ranker][] = [
  ["frontdesk today", async (q) => (await frontdesk(q, RANKED)).map((h) => h.documentKey)],
  ["frontdesk full text only", acrossLanguages(chunkLevel(0))],
  ["baseline (minisearch)", async (q) => baseline.rank(q)],
  ["doc BM25 whole, fd tokens", async (q) => ranked(indexes.wholeFd(q))],
  ["doc BM25 whole, nltk stop", async (q) => ranked(indexes.wholeNltk(q))],
  ["doc BM25 whole, no stop", async (q) => ranked(indexes.wholeNone(q))],
  ["doc BM25 whole, unstemmed", async (q) => ranked(indexes.wholeUnstemmed(q))],
  ["doc BM25 title+heads", async (q) => ranked(indexes.headsFd(q))],
];
for (const w of [0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5]) variants.push([`fd + ${w}×whole(fd)`, weighted(indexes.wholeFd, w)]);
for (const w of [0.3, 0.5, 0.7]) variants.push([`fd + ${w}×whole(fd, FTS5 idf)`, weighted(indexes.wholeFts5, w)]);
for (const w of [0.3, 0.5, 1]) variants.push([`fd + ${w}×whole(nltk)`, weighted(indexes.wholeNltk, w)]);
for (const w of [0.1, 0.3]) variants.push([`fd + ${w}×heads(fd)`, weighted(indexes.headsFd, w)]);
for (const w of [0.3, 0.5, 1]) variants.push([`fd text-only + ${w}×whole(fd)`, weighted(indexes.wholeFd, w, 0)]);
for (const share of [0.3, 0.2])
  for (const w of [0.3, 0.5, 0.7])
    variants.push([`fd vec ${share} + ${w}×whole(fd)`, weighted(indexes.wholeFd, w, share)]);
variants.push(["rrf fd, whole(fd)", rrf(indexes.wholeFd)]);
variants.push(["rrf fd, 0.5·whole(fd)", rrf(indexes.wholeFd, 0.5)]);
variants.push(["rrf fd, whole(nltk)", rrf(indexes.wholeNltk)]);
variants.push(["rrf fd, heads(fd)", rrf(indexes.headsFd)]);

for (const share of [0.6, 0.4, 0.3, 0.2, 0.1]) variants.push([`fd vec ${share}`, acrossLanguages(chunkLevel(share))]);

/** Per question: where each ranking puts the expected document, and how much of the question one section vs the whole document holds. */
async function why(list: Question[]): Promise<void> {
  const byKey = new Map(docs.map((d) => [d.key, d]));
  const df = new Map<string, number>();
  for (const d of docs)
    for (const t of new Set(terms(`${d.title} ${d.headings.join(" ")} ${d.text}`))) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log(1 + (docs.length - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));
  const covered = (q: string[], text: string) => {
    const have = new Set(terms(text));
    const total = q.reduce((s, t) => s + idf(t), 0) || 1;
    return q.filter((t) => have.has(t)).reduce((s, t) => s + idf(t), 0) / total;
  };
  const rankers: [string, Ranker][] = [
    ["today", variants[0]?.[1] as Ranker],
    ["text", acrossLanguages(chunkLevel(0))],
    ["doc", async (q) => ranked(indexes.wholeFd(q))],
    ["fused", weighted(indexes.wholeFd, 0.5)],
  ];
  console.log("id\ttoday\ttext\tdoc\tfused\tbestSection\twholeDoc\tsections");
  for (const question of list) {
    const ranks: string[] = [];
    for (const [, rank] of rankers) {
      const i = (await rank(question.q)).findIndex((key) => question.expect.includes(key));
      ranks.push(i < 0 ? "-" : String(i + 1));
    }
    const doc = byKey.get(question.expect[0] as string);
    const q = [...new Set(terms(question.q))];
    const best = doc ? Math.max(...doc.sections.map((s) => covered(q, s))) : 0;
    const all = doc ? covered(q, `${doc.title} ${doc.headings.join(" ")} ${doc.text}`) : 0;
    console.log([question.id, ...ranks, best.toFixed(2), all.toFixed(2), doc?.sections.length ?? 0].join("\t"));
  }
}

const answerable = questions.filter((q) => q.expect.length > 0 && !q.lang);
const crossLingual = questions.filter((q) => q.expect.length > 0 && q.lang);
if (values.why) {
  await why(questions.filter((q) => q.expect.length > 0));
  process.exit(0);
}
console.log(
  `${questionsArg} (${values.half ?? "all"}): ${answerable.length} answerable, ${crossLingual.length} cross-lingual`,
);
for (const [name, rank] of variants) {
  let r1 = 0;
  let r5 = 0;
  let mrr = 0;
  let cross = 0;
  for (const question of answerable) {
    const i = (await rank(question.q)).slice(0, RANKED).findIndex((key) => question.expect.includes(key));
    if (i === 0) r1++;
    if (i >= 0) r5++;
    if (i >= 0) mrr += 1 / (i + 1);
  }
  for (const question of crossLingual)
    if ((await rank(question.q)).slice(0, RANKED).some((key) => question.expect.includes(key))) cross++;
  const share = (n: number) => (n / Math.max(1, answerable.length)).toFixed(3);
  console.log(`${name}\tR@1 ${share(r1)}\tR@5 ${share(r5)}\tMRR ${share(mrr)}\tcross ${cross}/${crossLingual.length}`);
}
