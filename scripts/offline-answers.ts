/**
 * `npx tsx scripts/offline-answers.ts <corpus-dir> <questions.jsonl>…`: every answer the offline model
 * gives to an eval set's questions, printed in full, to `diff` before and after a change that must
 * not change them (a speed-up). Each question gets the passages `eval-quick.ts` would quote for it
 * (same ranking, calibration, noise floor and rounding), is answered by `composeAnswer` at every
 * answer length and in plain formatting, and is streamed by the offline model itself (`doStream`
 * on a prompt carrying those passages): the text of its deltas, its citations and its finish part
 * (grounding, usage) are printed. How the text is cut into deltas is left out: that may change.
 */
import { replyLanguage } from "../worker/behaviour/language";
import { searchAcrossLanguages } from "../worker/knowledge/crosslingual/search";
import { calibrated } from "../worker/knowledge/engine/calibration";
import { sectionEvidence } from "../worker/knowledge/engine/document-sections";
import type { DocumentHit } from "../worker/knowledge/engine/ranking";
import { readQuestions } from "./lib/eval-corpus.ts";
import { calibrateInProcess, indexCorpus } from "./lib/eval-index.ts";

const RANKED = 5; // as eval-quick.ts
const LENGTHS = ["short", "medium", "detailed"] as const;

type Passage = {
  sourceId: string;
  sourceRef: string;
  kind: "article";
  title: string;
  name: string;
  text: string;
  score: number;
  coverage: number;
  citable: boolean;
};
type Directives = { language: string; style: { length: string; formatting: string; emoji: string } };
type Answer = { text: string; citations: { id: string }[]; grounding: number; abstained: boolean };
type StreamPart = { type: string; delta?: string; id?: string; sourceType?: string; url?: string; title?: string };
/** The answer path's modules name the Worker's types (Env, D1): imported by path at run time, as eval-quick.ts does. */
type AnswerPath = {
  composeAnswer: (question: string, passages: object[], directives: Directives) => Answer;
  DEFAULT_DIRECTIVES: Directives;
  PASSAGES_PER_TURN: number;
  turnPassages: <P extends { score: number }>(answers: P[], ranked: P[], sections: P[], k: number) => P[];
  renderDirectives: (d: Directives) => string[];
  renderKnowledge: (passages: Passage[]) => string;
  parseKnowledge: (system: string) => object[];
  OfflineModel: new () => {
    doStream: (options: object) => Promise<{ stream: ReadableStream<StreamPart> }>;
  };
};
const paths = [
  "agent/offline/answer.ts",
  "agent/offline/model.ts",
  "agent/prompt-directives.ts",
  "agent/prompt-format.ts",
  "agent/turn.ts",
  "knowledge/retrieve.ts",
];
const modules = await Promise.all(paths.map((path) => import(`../worker/${path}`)));
const api = Object.assign({}, ...modules) as AnswerPath;

const round = (score: number) => Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;

function passagesFor(hits: readonly DocumentHit[]): Passage[] {
  const documents = hits.map((hit) =>
    hit.chunks.map((section): Passage => {
      const { chunk } = section;
      const title = chunk.headingPath.join(" › ");
      const base = { sourceRef: "s", kind: "article" as const, title, name: chunk.documentKey, text: chunk.text };
      return {
        ...base,
        sourceId: chunk.id,
        citable: true,
        score: round(sectionEvidence(hit, section)),
        coverage: round(section.coverage),
      };
    }),
  );
  const ranked = documents.flatMap((sections) => sections.slice(0, 1));
  return api.turnPassages([], ranked, documents[0]?.slice(1) ?? [], api.PASSAGES_PER_TURN);
}

async function streamed(question: string, passages: Passage[], directives: Directives): Promise<string[]> {
  const system = [...api.renderDirectives(directives), "", api.renderKnowledge(passages)].join("\n");
  const prompt = [
    { role: "system", content: system },
    { role: "user", content: [{ type: "text", text: question }] },
  ];
  const { stream } = await new api.OfflineModel().doStream({ prompt });
  let text = "";
  const out: string[] = [];
  for await (const part of stream as unknown as AsyncIterable<StreamPart>) {
    if (part.type === "text-delta") text += part.delta;
    else if (part.type === "source") out.push(`  source ${part.id} ${part.title}`);
    else if (part.type === "finish") out.push(`  finish ${JSON.stringify(part)}`);
  }
  return [`  text ${JSON.stringify(text)}`, ...out];
}

const [corpus, ...sets] = process.argv.slice(2);
if (!corpus || sets.length === 0) {
  console.error("usage: npx tsx scripts/offline-answers.ts <corpus-dir> <questions.jsonl>…");
  process.exit(2);
}
const { engine, chunks } = await indexCorpus(corpus);
const calibration = calibrateInProcess(engine, chunks);
for (const set of sets) {
  for (const question of readQuestions(set)) {
    const search = async (text: string, k: number) => engine.searchDocuments(text, k);
    const hits = calibrated(await searchAcrossLanguages(search, question.q, RANKED), calibration);
    const passages = passagesFor(hits);
    const prompted = api.parseKnowledge(api.renderKnowledge(passages));
    const base = { ...api.DEFAULT_DIRECTIVES, language: replyLanguage(question.q, null) };
    console.log(`## ${question.id} ${question.q}`);
    for (const length of LENGTHS) {
      for (const formatting of length === "medium" ? ["markdown", "plain"] : ["markdown"]) {
        const directives = { ...base, style: { ...base.style, length, formatting } };
        const answer = api.composeAnswer(question.q, prompted, directives);
        const cited = answer.citations.map((c) => c.id).join(",");
        console.log(
          `# ${length}/${formatting} abstained=${answer.abstained} grounding=${answer.grounding} cited=${cited}`,
        );
        console.log(answer.text);
      }
    }
    console.log("# stream");
    for (const line of await streamed(question.q, passages, base)) console.log(line);
  }
}
