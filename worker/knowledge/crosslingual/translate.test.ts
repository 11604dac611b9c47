/** The lexicon lookup: inflected forms through each language's stemmer, expressions, compounds, pass-through. */
import { describe, expect, it } from "vitest";
import { LEXICON } from "./lexicon/index";
import { lookup, translateQuery } from "./translate";

const englishOf = (question: string): string[] => translateQuery(question)?.text.split(" ") ?? [];

describe("lexicon lookup", () => {
  it("finds inflected forms through the stemmer of each language", () => {
    expect(lookup(["adgangskoden"], ["da"])).toContain("password"); // definite
    expect(lookup(["bestillinger"], ["no"])).toContain("order"); // plural
    expect(lookup(["beställningarna"], ["sv"])).toContain("order"); // definite plural
    expect(lookup(["rechnungen"], ["de"])).toContain("invoice"); // plural
    expect(lookup(["installerede"], ["da"])).toContain("install"); // past tense
    expect(lookup(["programvaran"], ["sv"])).toContain("software"); // a definite ending the stemmer keeps
    expect(lookup(["zeigt"], ["de"])).toContain("show"); // a verb ending the stemmer keeps
    expect(lookup(["gelöscht"], ["de"])).toContain("delete"); // a participle
  });

  it("looks a word up in the related Nordic languages when the detected one lacks it", () => {
    expect(lookup(["lösenord"], ["da", "no", "sv"])).toContain("password");
    expect(lookup(["lösenord"], ["de"])).toBeNull();
  });

  it("knows two-word expressions", () => {
    expect(lookup(["laste", "ned"], ["no"])).toEqual(["download"]);
    expect(lookup(["säga", "upp"], ["sv"])).toEqual(["cancel"]);
  });

  it("stays compact", () => {
    const concepts = LEXICON.trim().split("\n").length;
    expect(concepts).toBeGreaterThan(250);
    expect(new TextEncoder().encode(LEXICON).length).toBeLessThan(30_000);
  });
});

describe("translateQuery", () => {
  it("turns a question in each language into English search terms", () => {
    expect(englishOf("Jeg har glemt min adgangskode")).toEqual(expect.arrayContaining(["forgot", "password"]));
    expect(englishOf("Hvordan får jeg refusjon for bestillingen min?")).toEqual(
      expect.arrayContaining(["refund", "order"]),
    );
    expect(englishOf("Hur säger jag upp min prenumeration?")).toEqual(
      expect.arrayContaining(["cancel", "subscription"]),
    );
    expect(englishOf("Wie kann ich meine Rechnung herunterladen?")).toEqual(
      expect.arrayContaining(["invoice", "download"]),
    );
  });

  it("reads a verb and its particle around a pronoun as one expression", () => {
    expect(englishOf("Hur laddar jag ner programvaran?")).toEqual(["download", "software", "program"]);
  });

  it("puts a German particle back on its verb", () => {
    expect(englishOf("Wie setze ich den Router zurück?")).toEqual(["reset", "router"]);
    expect(englishOf("Wie lade ich die Software herunter?")).toEqual(expect.arrayContaining(["download"]));
    expect(englishOf("Wie lade ich einen Sketch in der Arduino IDE hoch?")).toEqual([
      "upload",
      "sketch",
      "arduino",
      "ide",
    ]);
  });

  it("splits compounds into known parts", () => {
    expect(englishOf("Die Passwortzurücksetzung funktioniert nicht")).toEqual(
      expect.arrayContaining(["password", "reset", "work"]),
    );
    expect(englishOf("Hvad er min leveringsadresse?")).toEqual(expect.arrayContaining(["delivery", "address"]));
    // One part unknown: the known part (with its linking "s") is translated, the shortest rest passes through.
    expect(englishOf("Zorblaxkabel")).toEqual(["zorblax", "cable"]);
    expect(englishOf("Kontoszorblax funktioniert nicht")).toEqual(["account", "zorblax", "work", "working"]);
  });

  it("passes unknown words (product names, error codes) through unchanged and drops function words", () => {
    for (const question of ["Mein Zorblax 3000 zeigt Fehler E42 an", "Min Zorblax 3000 viser fejl E42"]) {
      const english = englishOf(question);
      expect(english, question).toEqual(expect.arrayContaining(["zorblax", "3000", "show", "error", "e42"]));
      expect(english, question).not.toContain("min");
      expect(english, question).not.toContain("mein");
    }
  });

  it("leaves English alone, and text it has no word for", () => {
    expect(translateQuery("How do I reset my password?")).toBeNull();
    expect(translateQuery("Opening hours?")).toBeNull();
    expect(translateQuery("Zorblax 3000?")).toBeNull();
  });

  it("reads a question without function words in any of the languages", () => {
    expect(englishOf("Lösenord glömt?")).toEqual(expect.arrayContaining(["password", "forgot"]));
  });
});
