/**
 * Handoff triggers found in a visitor's message: a request to talk to a person (in English,
 * Danish, Norwegian, Swedish, German, French and Spanish) and the admin's own trigger phrases.
 * Matching is on normalised text (lower case, accents kept, punctuation as spaces), so
 * "Kan jeg tale med et menneske?" and "I want a HUMAN!" both count, and "human resources"
 * in a question about the product does not.
 */

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

const normalise = (text: string): string =>
  ` ${text
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, " ")
    .trim()} `;

const words = (normalised: string): string[] => normalised.trim().split(" ").filter(Boolean);

/** Word index of each occurrence of `phrase` in the normalised text. */
function positions(normalised: string, phrase: string): number[] {
  const needle = ` ${phrase} `;
  const found: number[] = [];
  for (let at = normalised.indexOf(needle); at >= 0; at = normalised.indexOf(needle, at + 1)) {
    found.push(words(normalised.slice(0, at + 1)).length);
  }
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
  const text = normalise(message);
  const essential = words(text).filter((word) => !FILLERS.has(word));
  const bare = essential.join(" ");
  if (
    PERSON_NOUNS.some(
      (noun) =>
        noun === bare ||
        noun
          .split(" ")
          .filter((w) => !FILLERS.has(w))
          .join(" ") === bare,
    )
  )
    return true; // "human", "a real person please"
  const nouns = PERSON_NOUNS.flatMap((noun) => positions(text, noun));
  const someone = SOMEONE.flatMap((word) => positions(text, word));
  const speak = SPEAK_VERBS.flatMap((verb) => positions(text, verb));
  const want = WANT_VERBS.flatMap((verb) => positions(text, verb));
  return around(speak, nouns) || after(want, nouns) || around(speak, someone);
}

/** The first of the admin's trigger phrases the message contains (whole words, any case), or null. */
export function matchTriggerPhrase(message: string, phrases: readonly string[]): string | null {
  const text = normalise(message);
  for (const phrase of phrases) {
    const needle = normalise(phrase).trim();
    if (needle && text.includes(` ${needle} `)) return phrase;
  }
  return null;
}
