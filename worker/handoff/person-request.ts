/**
 * Handoff triggers found in a visitor's message: a request to talk to a person (in English,
 * Danish, Norwegian, Swedish, German, French and Spanish) and the admin's own trigger phrases.
 * Matching is on normalised text (lower case, accents kept, punctuation as spaces), so
 * "Kan jeg tale med et menneske?" and "I want a HUMAN!" both count, and "human resources"
 * in a question about the product does not.
 */
import { isAscii } from "../knowledge/text";

/** Nouns naming a person to talk to, per language; with any request verb they make a request. */
const PERSON_NOUNS = [
  // en
  "human",
  "humans",
  "person",
  "real person",
  "agent",
  "live agent",
  "human agent",
  "representative",
  "rep",
  "operator",
  "staff",
  "support team",
  "customer service",
  "customer support",
  // da / no
  "menneske",
  "et menneske",
  "en person",
  "rigtig person",
  "ekte person",
  "medarbejder",
  "medarbeider",
  "kundeservice",
  // sv
  "människa",
  "en människa",
  "riktig person",
  "medarbetare",
  "handläggare",
  "kundtjänst",
  // de
  "mensch",
  "einem menschen",
  "menschen",
  "mitarbeiter",
  "mitarbeiterin",
  "echte person",
  "echten person",
  "kundendienst",
  "kundenservice",
  // fr
  "humain",
  "un humain",
  "une personne",
  "vraie personne",
  "conseiller",
  "conseillère",
  "service client",
  "opérateur",
  // es
  "humano",
  "un humano",
  "una persona",
  "persona real",
  "agente",
  "asesor",
  "operador",
  "atención al cliente",
];

/** "Someone" in each language: a request only after a verb of speaking ("talk to someone"), not "want someone to explain". */
const SOMEONE = ["someone", "somebody", "nogen", "noen", "någon", "jemandem", "jemanden", "quelqu'un", "alguien"];

/** Verbs of speaking to someone, per language. */
const SPEAK_VERBS = [
  "talk",
  "speak",
  "chat",
  "connect",
  "transfer",
  "escalate",
  "put me through",
  "contact",
  "tale",
  "snakke",
  "prate",
  "kontakt",
  "prata",
  "tala",
  "sprechen",
  "reden",
  "verbinden",
  "kontaktieren",
  "parler",
  "discuter",
  "contacter",
  "hablar",
  "contactar",
  "comunicarme",
];

/** Verbs of wanting, per language: "I want a human", "jeg vil have et menneske". */
const WANT_VERBS = [
  "want",
  "need",
  "get me",
  "have",
  "vil",
  "ha",
  "behöver",
  "möchte",
  "will",
  "brauche",
  "veux",
  "voudrais",
  "besoin",
  "quiero",
  "quisiera",
  "necesito",
];

/** Words that do not change what a short message asks for ("a real person please"). */
const FILLERS = new Set([
  "please",
  "pls",
  "plz",
  "now",
  "a",
  "an",
  "the",
  "real",
  "tak",
  "takk",
  "bitte",
  "s'il",
  "vous",
  "plaît",
  "por",
  "favor",
  "et",
  "en",
  "un",
  "une",
  "una",
  "ein",
  "einen",
]);

/** How far apart (in words) a verb and a person word may be: "talk to a real person" is 4. */
const VERB_WINDOW_WORDS = 6;

/** An ASCII message is normalised without Unicode property patterns (see `isAscii`): its letters and digits are a-z and 0-9. */
const normalise = (text: string): string =>
  isAscii(text)
    ? ` ${text
        .toLowerCase()
        .replaceAll("`", "'")
        .replace(/[^a-z0-9']+/g, " ")
        .trim()} `
    : ` ${text
        .toLowerCase()
        .replace(/[’`]/g, "'")
        .replace(/[^\p{L}\p{N}']+/gu, " ")
        .trim()} `;

const words = (normalised: string): string[] => normalised.trim().split(" ").filter(Boolean);

/** A list of phrases as word sequences by first word: a message's words are looked up, not its text scanned per phrase. */
type Phrases = ReadonlyMap<string, readonly (readonly string[])[]>;

function phrases(list: readonly string[]): Phrases {
  const byFirst = new Map<string, string[][]>();
  for (const phrase of list) {
    const sequence = phrase.split(" ");
    const first = sequence[0] ?? "";
    byFirst.set(first, [...(byFirst.get(first) ?? []), sequence]);
  }
  return byFirst;
}

const NOUN_PHRASES = phrases(PERSON_NOUNS);
const SOMEONE_PHRASES = phrases(SOMEONE);
const SPEAK_PHRASES = phrases(SPEAK_VERBS);
const WANT_PHRASES = phrases(WANT_VERBS);

/** A person noun alone, or without its fillers ("real person" as "person"): a whole message asking for a person. */
const NOUNS_ALONE: ReadonlySet<string> = new Set(
  PERSON_NOUNS.flatMap((noun) => [
    noun,
    noun
      .split(" ")
      .filter((w) => !FILLERS.has(w))
      .join(" "),
  ]),
);

/** Word index of each occurrence of one of `list`'s phrases in the message's words. */
function positions(tokens: readonly string[], list: Phrases): number[] {
  const found: number[] = [];
  tokens.forEach((token, at) => {
    for (const phrase of list.get(token) ?? []) if (phrase.every((w, i) => tokens[at + i] === w)) found.push(at);
  });
  return found;
}

/** A target word after one of the verbs, within the window. */
const after = (verbs: number[], targets: number[]): boolean =>
  verbs.some((v) => targets.some((t) => t > v && t - v <= VERB_WINDOW_WORDS));
/** A target word on either side of a verb (German puts the verb last: "mit einem Menschen sprechen"). */
const around = (verbs: number[], targets: number[]): boolean =>
  verbs.some((v) => targets.some((t) => t !== v && Math.abs(t - v) <= VERB_WINDOW_WORDS));

/** True when the visitor asks to talk to a person rather than the AI agent. */
export function asksForPerson(message: string): boolean {
  const tokens = words(normalise(message));
  if (NOUNS_ALONE.has(tokens.filter((word) => !FILLERS.has(word)).join(" "))) return true; // "human", "a real person please"
  const nouns = positions(tokens, NOUN_PHRASES);
  const someone = positions(tokens, SOMEONE_PHRASES);
  const speak = positions(tokens, SPEAK_PHRASES);
  const want = positions(tokens, WANT_PHRASES);
  return around(speak, nouns) || after(want, nouns) || around(speak, someone);
}

/** Phrases already normalised (the frustration words and an agent's trigger phrases come back on every message). */
const needles = new Map<string, string>();
const MAX_KEPT_NEEDLES = 2_048; // every built-in list and many agents' phrases; cleared whole when full

function needleOf(phrase: string): string {
  let needle = needles.get(phrase);
  if (needle === undefined) {
    if (needles.size >= MAX_KEPT_NEEDLES) needles.clear();
    needle = normalise(phrase).trim();
    needles.set(phrase, needle);
  }
  return needle;
}

/** The first of the admin's trigger phrases the message contains (whole words, any case), or null. */
export function matchTriggerPhrase(message: string, phrases: readonly string[]): string | null {
  const text = normalise(message);
  for (const phrase of phrases) {
    const needle = needleOf(phrase);
    if (needle && text.includes(` ${needle} `)) return phrase;
  }
  return null;
}
