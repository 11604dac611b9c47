/**
 * How well a span of knowledge text fits the kind of answer a question asks for: steps for
 * "how" (a numbered or bulleted list, imperative or sequenced sentences), a reason for "why", a
 * place in a site or app for "where", a time for "when", a definition for "what is", a yes or no
 * for a yes/no question. Cues are the Markdown shape and function words of the offline model's
 * languages, never topic words. Also drops the bare "Yes."/"No." that opens many FAQ answers when
 * it would not answer the question asked. Pure, linear in the text.
 */
import { isStopword } from "../../knowledge/text";
import type { QuestionType } from "./question-type";

/** A line that starts a numbered list item ("1. ", "2) "). */
export const NUMBERED_ITEM = /^[ \t]*\d{1,3}[.)][ \t]+\S/;
/** A line that starts a bulleted list item ("- ", "* ", "+ "). */
export const BULLET_ITEM = /^[ \t]*[-*+][ \t]+\S/;
const MIN_LIST_ITEMS = 2; // one item is a remark with a dash, not a list of steps

// Strengths of the cues, in [0, 1]: steps written as a numbered list are the clearest.
const NUMBERED_STEPS = 1;
const BULLETED_STEPS = 0.75;
/** Cue words ("because", "click", "step") without the list shape. */
export const WORDED = 0.5;

const MAX_INFLECTION = 4; // letters a cue word may take as an ending ("menus", "siden", "Einstellungen" needs "en")
/** Words (a "_" joins the words of a phrase) that cue an answer kind, in English, Danish, Norwegian, Swedish and German. */
const cueWords = (text: string) =>
  new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${text.replaceAll(" ", "|").replaceAll("_", "\\s+")})\\p{L}{0,${MAX_INFLECTION}}(?![\\p{L}\\p{N}])`,
    "iu",
  );

// "Step" words only: "first", "then", "next" are as common outside instructions as in them.
const SEQUENCE = cueWords("step trin trinn steg schritt");
/**
 * An imperative opening a list item: English "- Open the…", German "1. Klicken Sie…" (the verb is
 * group 1). Only list items: in prose, "Whether the…" or "Payments to…" look the same.
 */
const IMPERATIVE =
  /(?:^|\n)[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+(\p{Lu}\p{Ll}+)\s+(?:the|a|an|this|that|these|your|it|them|any|all|on|to|in|into|up|Sie)\s/gu;
const REASON = cueWords(
  "because since so_that in_order_to due_to reason therefore fordi derfor årsag slik_at for_at " +
    "for_å eftersom därför orsak anledning så_att för_att weil denn deshalb daher darum damit sodass grund",
);
const PLACE = cueWords(
  "menu meny menü page side sida sidan seite setting indstilling innstilling inställning " +
    "einstellung fane flik reiter button knap knapp schaltfläche link lenke länk dashboard sidebar " +
    "panel account konto profile profil icon ikon screen skærm skjerm skärm bildschirm go_to " +
    "navigate click klik klikk klicka klicken select vælg velg välj wählen",
);
// Links and breadcrumbs ("Settings › Billing", "File > Save") name places in any language.
const PLACE_MARKS = /\]\(|https?:\/\/|\S\s*[›»]\s*\S|\w > \w/u;
const TIME = cueWords(
  "minute hour day week month year minut time dag uge uke vecka måned månad år stunde tag woche " +
    "monat jahr after before within efter inden innen inom nach vor innerhalb monday mandag måndag montag",
);
const DEFINITION =
  /(?<!\p{L})(?:is|are|means|refers to|er|betyder|betyr|är|innebär|ist|sind|bedeutet)\s+(?:a|an|the|en|et|ett|ein|eine|der|die|das)\s/iu;
/** Words that point at what follows ("the following ports", "the steps below"): a sentence with one promises more text. */
const FORWARD = cueWords("below following as_follows nedenfor følgende nedan följande unten folgend nachstehend");
const YES_NO_OPENER = /^(?:\*\*|__)?(?:yes|no|ja|nej|nei|nein)(?:\*\*|__)?[.,!](?:\*\*|__)?[ \t]+(?=\S)/i;

/** How strongly `text` has the shape of an answer of `type`, in [0, 1] (0 for "other"). */
export function typeFit(text: string, type: QuestionType): number {
  switch (type) {
    case "how":
      return stepsFit(text);
    case "why":
      return REASON.test(text) ? WORDED : 0;
    case "where":
      return PLACE.test(text) || PLACE_MARKS.test(text) ? WORDED : 0;
    case "when":
      return TIME.test(text) || /\d/.test(text) ? WORDED : 0;
    case "what_is":
      return DEFINITION.test(text) ? WORDED : 0;
    case "yes_no":
      return YES_NO_OPENER.test(text) ? WORDED : 0;
    case "other":
      return 0;
  }
}

/** Steps: a numbered list, a bulleted list that instructs ("- Open the…"), or a text that speaks of steps. */
function stepsFit(text: string): number {
  let numbered = 0;
  let bulleted = 0;
  for (const line of text.split("\n")) {
    if (NUMBERED_ITEM.test(line)) numbered++;
    else if (BULLET_ITEM.test(line)) bulleted++;
  }
  if (numbered >= MIN_LIST_ITEMS) return NUMBERED_STEPS;
  // Bullets also list facts ("applies to these boards:"): they are steps only when they instruct.
  const instructs = instructing(text) || SEQUENCE.test(text);
  if (!instructs) return 0;
  return bulleted >= MIN_LIST_ITEMS ? BULLETED_STEPS : WORDED;
}

/** True when a list item starts with a verb before "the", "your"…; "In this…" starts with a function word instead. */
function instructing(text: string): boolean {
  for (const match of text.matchAll(IMPERATIVE)) if (!isStopword(match[1]?.toLowerCase() ?? "")) return true;
  return false;
}

/**
 * `text` without an opening bare "Yes."/"No." ("Ja,", "Nein.") — right after a yes/no question,
 * misleading after any other ("How do I…?" → "Yes. The widget…"). Unchanged when nothing follows.
 */
export function withoutYesNoOpener(text: string): string {
  const opener = YES_NO_OPENER.exec(text);
  if (!opener) return text;
  const rest = text.slice(opener[0].length);
  return `${rest.charAt(0).toLocaleUpperCase()}${rest.slice(1)}`;
}

/**
 * What `sentence`, quoted last with nothing after it, promises that the answer does not hold: "more"
 * when it points at text that follows ("Follow the steps below.", "The Cloud uses the following
 * ports."), "colon" when it only ends with a colon ("Save them with PUT /api/agents and publish:"),
 * null when it promises nothing.
 */
export function danglingPromise(sentence: string): "more" | "colon" | null {
  if (FORWARD.test(sentence)) return "more";
  return /:\s*$/.test(sentence) ? "colon" : null;
}
