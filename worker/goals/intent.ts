/**
 * Buying intent in a visitor's message, which starts the lead-qualification questions: asking
 * about prices, plans, costs or a quote, a demo or trial, buying or upgrading, or talking to
 * sales — in the offline agent's languages (English, Danish, Norwegian, Swedish, German) — or
 * one of the goal's own trigger phrases.
 *
 * Two kinds of words: explicit requests ("talk to sales", "book a demo", "get a quote") always
 * count; words that also turn up in support questions ("price", "plans", "upgrade", "trial")
 * count only when the message has no sign of a support problem (an invoice, a refund, an error,
 * something not working). So "what does the pro plan cost?" is intent, while "my plan's invoice
 * is wrong", "the price on my receipt is wrong" and "how do I change my plan" are support.
 */
import { containsPhrase, foldText, termMatcher } from "./text-match";

/** Requests that mean buying whatever else the message says. */
const EXPLICIT = termMatcher([
  // en
  "talk to sales",
  "speak to sales",
  "speak with sales",
  "talk to your sales*",
  "contact sales",
  "sales rep*",
  "book a demo",
  "schedule a demo",
  "request a demo",
  "get a demo",
  "demo for my team",
  "demo for our team",
  "get a quote",
  "request a quote",
  "price quote",
  "volume discount*",
  // da / no
  "salgsafdeling*",
  "salgsavdeling*",
  "tale med salg*",
  "snakke med salg*",
  "prisliste*",
  "book en demo",
  "bestille en demo",
  "få et tilbud",
  "fa et tilbud",
  "gratis prøveperiode",
  // sv
  "säljavdelning*",
  "prata med sälj*",
  "boka en demo",
  "begära offert",
  "offert*",
  "prislista*",
  // de
  "vertrieb*",
  "demo buchen",
  "demo vereinbaren",
  "preisliste*",
  "angebot anfordern",
  "kostenlos testen",
]);

/** Words of buying that a support question may also use; they count only without a sign of a problem. */
const BUYING = termMatcher([
  // en
  "price",
  "prices",
  "pricing",
  "price list",
  "priced",
  "cost",
  "costs",
  "how much",
  "plans",
  "which plan",
  "what plan",
  "quote",
  "demo",
  "trial",
  "free trial",
  "buy",
  "buying",
  "purchase",
  "purchasing",
  "upgrade",
  "upgrading",
  "subscribe",
  "subscription price*",
  "licence*",
  "license*",
  "seats",
  "enterprise",
  "discount",
  "sales team",
  // da
  "pris",
  "prisen",
  "priser",
  "priserne",
  "hvad koster",
  "koster",
  "abonnement*",
  "tilbud",
  "prøveperiode",
  "købe",
  "køber",
  "køb",
  "opgrader*",
  "licens*",
  "rabat",
  // no
  "hva koster",
  "prisene",
  "kjøpe",
  "kjøp",
  "oppgrader*",
  "lisens*",
  // sv
  "vad kostar",
  "kostar",
  "priset",
  "priserna",
  "abonnemang*",
  "provperiod*",
  "köpa",
  "köp",
  "uppgrader*",
  // de
  "preis",
  "preise",
  "preisen",
  "was kostet",
  "wie viel kostet",
  "wieviel kostet",
  "kostet",
  "kosten",
  "tarif*",
  "angebot",
  "testversion",
  "testphase",
  "kaufen",
  "kauf",
  "lizenz*",
  "rabatt",
]);

/** Signs that the message is about a problem with what the visitor has, not about buying. */
const SUPPORT_PROBLEM = termMatcher([
  // en
  "invoice*",
  "refund*",
  "charged",
  "receipt*",
  "billing",
  "bill",
  "wrong",
  "error*",
  "broken",
  "bug",
  "not working",
  "doesn t work",
  "does not work",
  "isn t working",
  "cancel*",
  "downgrade*",
  "expired",
  "log in",
  "login",
  "password",
  "change my plan",
  "change our plan",
  // da / no
  "faktura*",
  "refusion",
  "refusjon",
  "kvittering*",
  "fejl",
  "feil",
  "virker ikke",
  "fungerer ikke",
  "opsig*",
  "si opp",
  "udløbet",
  "utløpt",
  "adgangskode",
  "passord",
  "skifte abonnement",
  "ændre abonnement",
  "endre abonnement",
  // sv
  "återbetalning*",
  "kvitto*",
  "fel",
  "fungerar inte",
  "säga upp",
  "lösenord",
  "ändra abonnemang",
  // de
  "rechnung*",
  "erstattung",
  "fehler*",
  "funktioniert nicht",
  "kündig*",
  "abgebucht",
  "quittung",
  "passwort",
  "abgelaufen",
  "tarif ändern",
  "tarif wechseln",
]);

/** True when the visitor shows buying intent, or writes one of the goal's trigger phrases. */
export function showsBuyingIntent(text: string, triggerPhrases: readonly string[]): boolean {
  const folded = foldText(text);
  if (triggerPhrases.some((phrase) => containsPhrase(folded, phrase))) return true;
  if (EXPLICIT(folded)) return true;
  return BUYING(folded) && !SUPPORT_PROBLEM(folded);
}
