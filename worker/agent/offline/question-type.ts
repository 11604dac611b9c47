/**
 * What kind of answer a visitor's question asks for — steps (how), a reason (why), a place
 * (where), a time (when), a yes or a no, a definition (what is) — read from the question words of
 * the languages the offline model speaks. Only function words are used: no topic words. Pure,
 * linear in the question.
 */
import { clearLanguages } from "../../behaviour/language";
import { type Language, words } from "../../knowledge/text";

export type QuestionType = "how" | "why" | "where" | "when" | "yes_no" | "what_is" | "other";

/** The question words of one language. */
type Cues = {
  how: string[];
  /** Words after the "how" word that ask for an amount instead ("how much", "hvor mange"): not steps. */
  amount: string[];
  why: string[];
  where: string[];
  when: string[];
  /** Pairs of opening words that ask for a definition ("what is"). */
  whatIs: string[];
  /** Verbs that open a yes/no question ("can", "is", "kann"). */
  yesNo: string[];
  /** "You" after a yes/no opener: "can you tell me how…" asks the embedded question. */
  you: string[];
  /** Openers skipped before the question proper ("hi", "ok so"). */
  filler: string[];
};

const list = (text: string) => text.split(" ");

const CUES: Record<Language, Cues> = {
  en: {
    how: list("how"),
    amount: list("much many long often old big far fast soon"),
    why: list("why"),
    where: list("where"),
    when: list("when"),
    whatIs: list("what_is what_are whats define meaning"),
    yesNo: list(
      "can could do does did is are was were will would should shall may might must have has am isnt arent doesnt dont cant wont",
    ),
    you: list("you u"),
    filler: list("hi hello hey ok okay so and but also well please um quick question"),
  },
  da: {
    how: list("hvordan"),
    amount: list("meget mange lang længe ofte stor store dyr"),
    why: list("hvorfor"),
    where: list("hvor hvorhen"),
    when: list("hvornår"),
    whatIs: list("hvad_er hvad_betyder"),
    yesNo: list("kan kunne er var har havde skal skulle vil ville må bliver blev findes får gør"),
    you: list("du i"),
    filler: list("hej hejsa ok og men så altså"),
  },
  no: {
    how: list("hvordan"),
    amount: list("mye mange lang lenge ofte stor store dyr"),
    why: list("hvorfor"),
    where: list("hvor hvorhen"),
    when: list("når"),
    whatIs: list("hva_er hva_betyr"),
    yesNo: list("kan kunne er var har hadde skal skulle vil ville må blir ble finnes får gjør"),
    you: list("du dere"),
    filler: list("hei hallo ok og men så altså"),
  },
  sv: {
    how: list("hur"),
    amount: list("mycket många länge lång ofta stor stora dyr"),
    why: list("varför"),
    where: list("var vart varifrån"),
    when: list("när"),
    whatIs: list("vad_är vad_betyder vad_innebär"),
    yesNo: list("kan kunde är har hade ska skall skulle vill ville måste får fick finns blir blev gör går"),
    you: list("du ni"),
    filler: list("hej hallå ok och men så alltså"),
  },
  de: {
    how: list("wie"),
    amount: list("viel viele lange oft groß teuer alt weit schnell"),
    why: list("warum wieso weshalb"),
    where: list("wo wohin woher"),
    when: list("wann"),
    whatIs: list("was_ist was_sind was_bedeutet was_heißt"),
    yesNo: list(
      "kann kannst können könnt ist sind war waren hat hast haben habt wird wirst werden muss musst " +
        "müssen soll sollte darf dürfen gibt geht",
    ),
    you: list("du sie ihr"),
    filler: list("hallo hi moin ok und aber also"),
  },
};

const LANGUAGES = Object.keys(CUES) as Language[];

/** The type of the question in `text`, read in the language the text is clearly written in (else `language`, else any). */
export function classifyQuestion(text: string, language?: Language): QuestionType {
  const sentence = questionSentence(text);
  const clear = clearLanguages(sentence);
  const order = clear.length > 0 ? clear : language ? [language, ...LANGUAGES] : LANGUAGES;
  const tokens = words(sentence);
  for (const lang of order) {
    const type = classifyIn(tokens, CUES[lang]);
    if (type !== "other") return type;
  }
  return "other";
}

/** The sentence that carries the question: the last one ending in "?", else the first with a question word. */
function questionSentence(text: string): string {
  const all = text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const asked = all.findLast((s) => s.endsWith("?"));
  if (asked) return asked;
  return all.find((s) => LANGUAGES.some((lang) => classifyIn(words(s), CUES[lang]) !== "other")) ?? text;
}

/** The type of a question given as word tokens, in one language's cues. */
function classifyIn(tokens: readonly string[], cues: Cues): QuestionType {
  let start = 0;
  while (start < tokens.length - 1 && cues.filler.includes(tokens[start] ?? "")) start++;
  const first = tokens[start] ?? "";
  const second = tokens[start + 1] ?? "";
  const opening = whType(first, second, cues);
  if (opening) return opening;
  if (cues.whatIs.includes(first) || cues.whatIs.includes(`${first}_${second}`)) return "what_is";
  if (cues.yesNo.includes(first)) {
    // "Can you tell me where…", "Weißt du, wann…": the embedded question is the one asked.
    const embedded = cues.you.includes(second) ? firstWhType(tokens, start + 2, cues, true) : null;
    return embedded ?? "yes_no";
  }
  // No opener ("I'd like to know how to…", "widget missing, why?"): a question word anywhere tells —
  // but not "when", which inside a statement is a conjunction ("it fails when I log in").
  return firstWhType(tokens, start, cues, false) ?? "other";
}

function firstWhType(tokens: readonly string[], from: number, cues: Cues, whenToo: boolean): QuestionType | null {
  for (let i = from; i < tokens.length; i++) {
    const type = whType(tokens[i] ?? "", tokens[i + 1] ?? "", cues);
    if (type && (whenToo || type !== "when")) return type;
  }
  return null;
}

/** The type a question word asks for, given the word after it; null when `word` is none. */
function whType(word: string, next: string, cues: Cues): QuestionType | null {
  if (cues.how.includes(word)) return cues.amount.includes(next) ? "other" : "how";
  // Danish and Norwegian "hvor" is also "how" before an amount ("hvor mange"): then it is no place.
  if (cues.where.includes(word)) return cues.amount.includes(next) ? "other" : "where";
  if (cues.why.includes(word)) return "why";
  if (cues.when.includes(word)) return "when";
  return null;
}
