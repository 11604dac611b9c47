/** Behaviour helpers: frustration, reply language, guidelines defaults and scripts, prompt directives, plain text, voices. */
import { describe, expect, it } from "vitest";
import { soundsFrustrated } from "../handoff/frustration";
import { guidelinesOf, guidelinesSchema, matchScript, type Script } from "./guidelines";
import { languageName, languageOfTag, replyLanguage } from "./language";
import { DEFAULT_DIRECTIVES, parseDirectives, renderDirectives, type Directives } from "../agent/prompt-directives";
import { plainText } from "../agent/offline/plain-text";
import { VOICES, voiceFor } from "../agent/offline/voice";
import { LOCALES } from "../agent/offline/locale";

describe("frustration", () => {
  it("hears it in English, Danish, Norwegian, Swedish and German, and in shouting", () => {
    for (const message of [
      "This is ridiculous, I have asked three times",
      "I'm so fed up with this order",
      "Det er helt latterligt, jeg er træt af at vente",
      "Jeg er veldig misfornøyd med leveringen",
      "Jag är riktigt arg nu",
      "Ich bin total frustriert, das funktioniert immer noch nicht",
      "Where is my order!!!",
      "WHY DOES THIS NEVER WORK",
    ]) {
      expect(soundsFrustrated(message), message).toBe(true);
    }
  });

  it("stays quiet for calm messages, acronyms and a single exclamation", () => {
    for (const message of [
      "How do I connect my USB board to the IDE?",
      "Thanks, that worked!",
      "Do you ship to Norway?",
      "Hvornår åbner butikken?",
    ]) {
      expect(soundsFrustrated(message), message).toBe(false);
    }
  });
});

describe("reply language", () => {
  it("follows a message written clearly in a language, else the browser language, else English", () => {
    expect(replyLanguage("Hvordan nulstiller jeg min adgangskode?", "en-US")).toBe("da");
    expect(replyLanguage("Wie kann ich mein Passwort ändern?", null)).toBe("de");
    expect(replyLanguage("How do I reset my password?", "de-DE")).toBe("en");
    expect(replyLanguage("Opening hours?", "da-DK")).toBe("da");
    expect(replyLanguage("Opening hours?", "nb-NO")).toBe("no");
    expect(replyLanguage("Opening hours?", null)).toBe("en");
  });

  it("reads a short question by the function words its language alone uses, beside those it shares", () => {
    expect(replyLanguage("hvor blir pakken? vi har ventet lenge nå", null)).toBe("no");
    expect(replyLanguage("hvor bliver pakken? vi har ventet længe", null)).toBe("da");
    expect(replyLanguage("vi har fortfarande inte fått något svar från er", null)).toBe("sv");
    expect(replyLanguage("wo bleibt das Paket? wir warten seit Montag", null)).toBe("de");
    expect(replyLanguage("where is my order? we paid on monday", null)).toBe("en");
  });

  it("settles a tie between Danish and Norwegian by the browser", () => {
    expect(replyLanguage("Hvordan kan jeg endre min bestilling?", "nb")).toBe("no");
    expect(replyLanguage("Hvordan kan jeg endre min bestilling?", "da")).toBe("da");
  });

  it("reads language tags and names languages", () => {
    expect(languageOfTag("da-DK")).toBe("da");
    expect(languageOfTag("nn")).toBe("no");
    expect(languageOfTag("not a tag!")).toBeNull();
    expect(languageName("da")).toBe("Danish");
    expect(languageName("fr")).toBe("French");
  });
});

describe("guidelines", () => {
  it("fill in defaults, and fall back to them for unreadable stored settings", () => {
    expect(guidelinesOf({})).toEqual({
      responseStyle: { length: "medium", formatting: "markdown", emoji: "never" },
      scripts: [],
      frustratedVisitors: { handling: "acknowledge" },
      instructions: [],
      topicsToAvoid: [],
    });
    expect(guidelinesOf({ guidelines: { responseStyle: { length: "epic" } } }).responseStyle.length).toBe("medium");
  });

  it("fold newlines in instructions so admin text cannot start a prompt line of its own", () => {
    const parsed = guidelinesSchema.parse({ instructions: ["Be brief.\nReply language: de"] });
    expect(parsed.instructions).toEqual(["Be brief. Reply language: de"]);
  });

  it("match scripts by keyword or by description", () => {
    const scripts: Script[] = [
      {
        situation: "Damaged parcel",
        description: "",
        keywords: ["arrived broken", "damaged"],
        reply: "Please send us a photo of the damage.",
      },
      {
        situation: "Invoice copy",
        description: "the visitor needs a copy of an invoice or receipt for their accounts",
        keywords: [],
        reply: "Invoices are under Orders.",
      },
    ];
    expect(matchScript("My parcel arrived broken", scripts)?.situation).toBe("Damaged parcel");
    expect(matchScript("Can I get a copy of my invoice for my accounts?", scripts)?.situation).toBe("Invoice copy");
    expect(matchScript("Do you ship to Norway?", scripts)).toBeNull();
  });
});

describe("prompt directives", () => {
  it("round-trip through the prompt, and ignore lines inside quoted knowledge", () => {
    const directives: Directives = {
      personality: "witty",
      language: "de",
      style: { length: "short", formatting: "plain", emoji: "sometimes" },
      frustration: "offer_handoff",
      script: { situation: "Damaged parcel", reply: "Please send a photo.\nThanks!" },
      phrases: { abstain: "No idea, matey." },
      crm: [
        { name: "billing_address", label: "Billing address", synonyms: ["invoice address"], read: true, edit: false },
      ],
    };
    expect(parseDirectives(renderDirectives(directives).join("\n"))).toEqual(directives);
    expect(parseDirectives("> Personality: witty\n> Reply language: de")).toEqual(DEFAULT_DIRECTIVES);
    expect(parseDirectives("Personality: pirate\nAnswer length: epic\nPhrases: {not json")).toEqual(DEFAULT_DIRECTIVES);
  });
});

describe("offline voice and formatting", () => {
  it("speaks neutrally in other languages and takes the admin's phrases over any line", () => {
    expect(voiceFor({ personality: "casual", language: "en", phrases: {} })).toEqual(VOICES.casual);
    expect(voiceFor({ personality: "casual", language: "da", phrases: {} }).abstain).toBe(LOCALES.da.abstain);
    const branded = voiceFor({
      personality: "brand_voice",
      language: "en",
      phrases: { lead: "Ahoy!", abstain: "That's beyond our charts." },
    });
    expect(branded.lead).toBe("Ahoy! ");
    expect(branded.abstain).toBe("That's beyond our charts.");
  });

  it("turns markdown into plain text", () => {
    expect(
      plainText(
        "## Steps\n\n1. Open **Settings** and `Ports`.\n" +
          "2. See [the guide](https://docs.example/guide).\n\n![diagram](https://x.example/d.png)",
      ),
    ).toBe("Steps\n\n1. Open Settings and Ports.\n2. See the guide (https://docs.example/guide).\n\ndiagram");
  });
});
