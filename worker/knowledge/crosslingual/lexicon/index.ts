/**
 * A compact bilingual lexicon of general support vocabulary (accounts, orders and payment, delivery,
 * devices and hardware, software, school): Danish, Norwegian (bokmål), Swedish and German → English.
 * Data only; `translate.ts` reads it. One concept a line: `english|da|no|sv|de`, words separated by
 * spaces, a two-word expression joined by `_` ("laste_ned"). Native words are base forms: their
 * inflections reach them through each language's stemmer. The last line (English `-`) lists function
 * words the shared stopword list lacks: they are dropped, not passed through. Written from general
 * vocabulary, not from any corpus or question set. A long line goes on after a trailing `\`, which the
 * template drops together with the line break. The lines live in one file per topic; this file joins them.
 */
import { ACCOUNTS } from "./accounts";
import { DEVICES } from "./devices";
import { EVERYDAY } from "./everyday";
import { ORDERS } from "./orders";
import { SOFTWARE } from "./software";

/** A topic's lines without the line breaks that open and close its template. */
const linesOf = (topic: string): string => topic.slice(1, -1);

/** The whole lexicon, one concept a line, opening and closing with a line break; the function words last. */
export const LEXICON = `\n${[ACCOUNTS, ORDERS, DEVICES, SOFTWARE, EVERYDAY].map(linesOf).join("\n")}\n`;
