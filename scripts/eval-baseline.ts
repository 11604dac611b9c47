/**
 * The plain BM25 baseline of `npm run eval -- --baseline`: the corpus's documents in a MiniSearch
 * index (BM25, English Snowball stemmer, English stopwords, title boosted), in Node, no server.
 * It stands still while Frontdesk's retrieval changes, so it shares no text code with the Worker.
 */
import { readFileSync } from "node:fs";
import { basename, extname, relative } from "node:path";
import { stemmer } from "@orama/stemmers/english";
import MiniSearch from "minisearch";
import type { RankedResult } from "./eval-metrics.ts";
import { documentsIn } from "./lib/ingest-folder.ts";

const TITLE_BOOST = 2; // a title word says more about a document than a body word, as in most search setups
const RANKED = 5; // what Recall@5 looks at, as in the service's preview

/** The usual English stopword list of IR baselines (NLTK's), as MiniSearch's tokenizer splits it ("don't" → "don", "t"). */
const STOPWORDS = new Set(
  [
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself",
    "it its itself they them their theirs themselves what which who whom this that these those am is are was were be",
    "been being have has had having do does did doing a an the and but if or because as until while of at by for",
    "with about against between into through during before after above below to from up down in out on off over",
    "under again further then once here there when where why how all any both each few more most other some such no",
    "nor not only own same so than too very s t can will just don should now d ll m o re ve y ain aren couldn didn",
    "doesn hadn hasn haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn",
  ]
    .join(" ")
    .split(" "),
);

export type BaselineDocument = { id: string; title: string; text: string };

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;

/** A document's title and searchable text: front matter `title:`, else its first `# ` heading, else its file name; HTML tags dropped. */
export function readDocument(id: string, content: string): BaselineDocument {
  const frontMatter = FRONT_MATTER.exec(content);
  const body = frontMatter ? content.slice(frontMatter[0].length) : content;
  const fromFrontMatter = frontMatter?.[1]?.match(/^title:\s*"?(.*?)"?\s*$/m)?.[1];
  const fromHeading = body.match(/^#\s+(.+)$/m)?.[1];
  const title = fromFrontMatter || fromHeading || basename(id, extname(id));
  return { id, title, text: body.replace(/<[^>]*>/g, " ") };
}

function processTerm(term: string): string | null {
  const word = term.toLowerCase();
  return STOPWORDS.has(word) ? null : stemmer(word);
}

/** A BM25 index of `documents`; `rank` gives the best document ids for a question. */
export function baselineIndex(documents: BaselineDocument[]) {
  const index = new MiniSearch<BaselineDocument>({ fields: ["title", "text"], processTerm });
  index.addAll(documents);
  return {
    rank: (question: string): string[] =>
      index
        .search(question, { boost: { title: TITLE_BOOST } })
        .slice(0, RANKED)
        .map((hit) => hit.id as string),
  };
}

/** Every file under `corpus` (named relative to it, as the eval's upload names them) in a baseline index. */
export function corpusIndex(corpus: string) {
  return baselineIndex(
    documentsIn(corpus)
      .sort()
      .map((path) => readDocument(relative(corpus, path), readFileSync(path, "utf8"))),
  );
}

/** Ranks every question with the baseline. */
export function rankQuestions(
  index: ReturnType<typeof baselineIndex>,
  questions: { id: string; q: string; expect: string[]; lang?: string }[],
): RankedResult[] {
  return questions.map((question) => {
    const started = performance.now();
    const ranked = index.rank(question.q);
    return {
      id: question.id,
      expect: question.expect,
      lang: question.lang ?? null,
      ranked,
      ms: performance.now() - started,
    };
  });
}
