import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { retrieve } from "./retrieve";
import { sentences, splitSections } from "./sections";
import { countWords, detectLanguage, readText, termSet, terms, words } from "./text";
import { HELP_CENTRE, insertAgentWithKnowledge } from "../../test/integration/knowledge-fixtures";

describe("terms", () => {
  it("lower-cases, keeps letters of any script, drops stopwords and stems", () => {
    expect(terms("How do I return my SHOES?")).toEqual(["return", "shoe"]);
    // German and Danish are recognised by their function words and stemmed with their own Snowball stemmer.
    expect(terms("Können Sie mir mit der Rückgabe helfen?")).toEqual(["ruckgab", "helf"]);
    expect(terms("Jeg vil gerne høre om æblerne på lageret")).toEqual(["hør", "æbl", "lag"]);
  });

  const samples = [
    "How do I return my SHOES? Don't worry, it’s 30 days.",
    "Können Sie mir mit der Rückgabe helfen? Größe 42",
    "Hvordan får jeg pengene tilbage på mit kort?",
    "'quoted' -- dashes... 3.5 x_y 東京 emoji 😊 𝐀𝐁 café naïve e\u0301",
    "",
    "   ",
  ];

  it("counts words as `words` finds them, without building them", () => {
    for (const text of samples) expect(countWords(text), text).toBe(words(text).length);
  });

  it("reads a text's language and terms in one pass, as detectLanguage and termSet do", () => {
    for (const text of samples)
      expect(readText(text), text).toEqual({ language: detectLanguage(text), terms: termSet(text) });
  });
});

describe("splitSections", () => {
  it("keeps the heading path and ignores headings inside code blocks", () => {
    const body =
      "Intro text.\n\n# Billing\n\n## Refunds\n\nRefund text.\n\n```\n# not a heading\n```\n\n## Invoices\n\nInvoice text.";
    expect(splitSections("Guide", body)).toEqual([
      { headingPath: ["Guide"], text: "Intro text." },
      { headingPath: ["Guide", "Billing", "Refunds"], text: "Refund text.\n\n```\n# not a heading\n```" },
      { headingPath: ["Guide", "Billing", "Invoices"], text: "Invoice text." },
    ]);
  });

  it("does not repeat an H1 equal to the article title", () => {
    expect(splitSections("Shipping", "# Shipping\n\nWe ship.")).toEqual([
      { headingPath: ["Shipping"], text: "We ship." },
    ]);
  });

  it("splits sentences after punctuation and at list items", () => {
    expect(sentences("One. Two! 3 is next?\n- item a\n- item b")).toEqual([
      "One.",
      "Two!",
      "3 is next?",
      "- item a",
      "- item b",
    ]);
  });
});

describe("retrieve", () => {
  it("ranks the section that answers the question first, with source id, title and url", async () => {
    await insertAgentWithKnowledge("kn-rank", HELP_CENTRE);
    const passages = await retrieve(env, "kn-rank", "How long does a refund take to reach my card?", 3);
    expect(passages[0]).toMatchObject({
      sourceId: "doc:src_kn-rank_articles:refunds",
      kind: "article",
      title: "Refunds and returns › Asking for a refund",
      url: "https://shop.example/help/refunds",
    });
    expect(passages[0]?.text).toContain("original card");
    for (const p of passages) expect(p.score).toBeGreaterThan(0);
    expect(passages.map((p) => p.score)).toEqual([...passages.map((p) => p.score)].sort((a, b) => b - a));
  });

  it("puts a matching short answer first", async () => {
    await insertAgentWithKnowledge("kn-short", HELP_CENTRE);
    const passages = await retrieve(env, "kn-short", "When is your support open?", 4);
    expect(passages[0]).toMatchObject({
      sourceId: "short-answer:kn-short-hours",
      kind: "short_answer",
      title: "What are your opening hours?",
    });
  });

  it("returns nothing for a question about something absent, or for another agent", async () => {
    await insertAgentWithKnowledge("kn-absent", HELP_CENTRE);
    expect(await retrieve(env, "kn-absent", "Quantum chromodynamics lecture", 4)).toEqual([]);
    expect(await retrieve(env, "kn-nobody", "refund", 4)).toEqual([]);
  });
});
