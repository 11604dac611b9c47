/**
 * The offline model's lines in the languages it can reply in besides English (Danish, Norwegian,
 * Swedish, German): saying it does not know, acknowledging frustration, offering a person, and
 * telling the visitor that the knowledge is only in another language. English lines come from
 * the personalities (voice.ts); in the other languages the agent speaks neutrally.
 */
import type { Language } from "../../knowledge/text";

export type LocaleLines = {
  abstain: string;
  acknowledge: string;
  offerHandoff: string;
  clarify: string;
  /** Says that what follows is in `languageName` (named in this language), the only language the knowledge has it in. */
  onlyIn: (languageName: string) => string;
  /** Says that the cited article has `count` more steps than the answer quotes. */
  moreSteps: (count: number) => string;
  /** The names of the offline languages, in this language. */
  names: Record<Language, string>;
};

export const LOCALES: Record<Exclude<Language, "en">, LocaleLines> & {
  en: Pick<LocaleLines, "onlyIn" | "names" | "clarify" | "moreSteps">;
} = {
  en: {
    clarify: "Could you tell me a little more about what you are looking for?",
    onlyIn: (name) => `I only have this information in ${name}, so here it is in ${name}:`,
    moreSteps: (count) => `The article has ${count} more ${count === 1 ? "step" : "steps"}.`,
    names: { en: "English", da: "Danish", no: "Norwegian", sv: "Swedish", de: "German" },
  },
  da: {
    abstain: "Det ved jeg desværre ikke. Vil du have, at jeg sætter dig i kontakt med en person fra vores team?",
    acknowledge: "Jeg er ked af, at det driller.",
    offerHandoff: "Hvis du foretrækker det, kan jeg sætte dig i kontakt med en person fra vores team.",
    clarify: "Kan du fortælle lidt mere om, hvad du leder efter?",
    onlyIn: (name) => `Jeg har kun denne information på ${name}, så her er den på ${name}:`,
    moreSteps: (count) => `Artiklen har ${count} trin mere.`,
    names: { en: "engelsk", da: "dansk", no: "norsk", sv: "svensk", de: "tysk" },
  },
  no: {
    abstain: "Det vet jeg dessverre ikke. Vil du at jeg skal sette deg i kontakt med en person fra teamet vårt?",
    acknowledge: "Beklager at dette er så plundrete.",
    offerHandoff: "Hvis du heller vil det, kan jeg sette deg i kontakt med en person fra teamet vårt.",
    clarify: "Kan du fortelle litt mer om hva du leter etter?",
    onlyIn: (name) => `Jeg har bare denne informasjonen på ${name}, så her er den på ${name}:`,
    moreSteps: (count) => `Artikkelen har ${count} trinn til.`,
    names: { en: "engelsk", da: "dansk", no: "norsk", sv: "svensk", de: "tysk" },
  },
  sv: {
    abstain: "Det vet jag tyvärr inte. Vill du att jag kopplar dig till en person i vårt team?",
    acknowledge: "Jag förstår att det här är frustrerande, förlåt.",
    offerHandoff: "Om du hellre vill det kan jag koppla dig till en person i vårt team.",
    clarify: "Kan du berätta lite mer om vad du letar efter?",
    onlyIn: (name) => `Jag har bara den här informationen på ${name}, så här är den på ${name}:`,
    moreSteps: (count) => `Artikeln har ${count} steg till.`,
    names: { en: "engelska", da: "danska", no: "norska", sv: "svenska", de: "tyska" },
  },
  de: {
    abstain: "Das weiß ich leider nicht. Soll ich Sie mit einer Person aus unserem Team verbinden?",
    acknowledge: "Es tut mir leid, dass das so ärgerlich ist.",
    offerHandoff: "Wenn Sie möchten, verbinde ich Sie gern mit einer Person aus unserem Team.",
    clarify: "Können Sie mir etwas mehr darüber sagen, wonach Sie suchen?",
    onlyIn: (name) => `Diese Information habe ich nur auf ${name}, deshalb hier auf ${name}:`,
    moreSteps: (count) => `Der Artikel hat ${count === 1 ? "einen weiteren Schritt" : `${count} weitere Schritte`}.`,
    names: { en: "Englisch", da: "Dänisch", no: "Norwegisch", sv: "Schwedisch", de: "Deutsch" },
  },
};

/** True for the languages the offline model has lines in. */
export function isOfflineLanguage(code: string): code is Language {
  return code in LOCALES;
}
