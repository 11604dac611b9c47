/**
 * Whether a visitor sounds frustrated: words of anger, disappointment or giving up in English,
 * Danish, Norwegian, Swedish and German, or shouting (several exclamation marks, words in
 * capitals). Deliberately conservative: a false alarm makes the agent apologise for nothing.
 */
import { isAscii } from "../knowledge/text";
import { matchTriggerPhrase } from "./person-request";

/** Words and phrases that say the visitor is upset, per language (matched as whole words). */
const FRUSTRATED_WORDS = [
  // en
  "frustrated",
  "frustrating",
  "angry",
  "furious",
  "annoyed",
  "annoying",
  "ridiculous",
  "useless",
  "terrible",
  "awful",
  "worst",
  "unacceptable",
  "disappointed",
  "disappointing",
  "fed up",
  "sick of",
  "waste of time",
  "still not working",
  "still doesn't work",
  "still does not work",
  "nobody helps",
  "no one helps",
  "third time",
  "again and again",
  "rubbish",
  // da
  "frustreret",
  "frustrerende",
  "irriteret",
  "irriterende",
  "vred",
  "sur",
  "utilfreds",
  "latterligt",
  "ubrugelig",
  "elendig",
  "elendigt",
  "skuffet",
  "træt af",
  "virker stadig ikke",
  "uacceptabelt",
  // no
  "frustrert",
  "irritert",
  "sint",
  "misfornøyd",
  "latterlig",
  "ubrukelig",
  "skuffa",
  "lei av",
  "fungerer fortsatt ikke",
  "uakseptabelt",
  // sv
  "frustrerad",
  "irriterad",
  "arg",
  "missnöjd",
  "löjligt",
  "värdelös",
  "värdelöst",
  "besviken",
  "trött på",
  "oacceptabelt",
  // de
  "frustriert",
  "frustrierend",
  "verärgert",
  "wütend",
  "sauer",
  "ärgerlich",
  "unzufrieden",
  "lächerlich",
  "nutzlos",
  "unverschämt",
  "enttäuscht",
  "nase voll",
  "funktioniert immer noch nicht",
  "inakzeptabel",
];

const SHOUTED_WORD = /(?<!\p{L})\p{Lu}{4,}(?!\p{L})/gu; // "WHY IS THIS BROKEN": acronyms such as USB or IDE are shorter
const SHOUTED_ASCII_WORD = /(?<![A-Za-z])[A-Z]{4,}(?![A-Za-z])/g; // SHOUTED_WORD in an ASCII message (see `isAscii`)
const SHOUTED_WORDS_NEEDED = 2; // one capitalised word is often a product name
const EXCLAMATIONS = /!{3,}|(?:!\s*){3,}/; // "!!!" anywhere

/** True when the message sounds frustrated. */
export function soundsFrustrated(message: string): boolean {
  if (matchTriggerPhrase(message, FRUSTRATED_WORDS)) return true;
  if (EXCLAMATIONS.test(message)) return true;
  return (message.match(isAscii(message) ? SHOUTED_ASCII_WORD : SHOUTED_WORD)?.length ?? 0) >= SHOUTED_WORDS_NEEDED;
}
