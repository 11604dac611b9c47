import { describe, expect, it } from "vitest";
import { dotQuantized, embedOffline, quantize } from "./embedder";
import { SECTION_TOLERANCE, sectionEvidence, TOP_DOCUMENT_SECTIONS } from "./document-sections";
import { SearchEngine } from "./search-engine";
import { isStopword } from "../text";

const chunk = (documentKey: string, title: string, text: string, i = 0) => ({
  id: `${documentKey}#${i}`,
  documentKey,
  title,
  headingPath: [title],
  text,
});

function helpCentre(): SearchEngine {
  const engine = new SearchEngine();
  engine.add(chunk("reset", "Reset your board", "Press the reset button twice to enter bootloader mode."));
  engine.add(
    chunk("minor", "Create an account for a minor", "Children under 18 need a parent to create an account for them."),
  );
  engine.add(
    chunk("account", "Create an account", "To create your account, sign up with your email address or with Google."),
  );
  engine.add(
    chunk("shipping", "Shipping methods", "We deliver with express couriers and standard post to most countries."),
  );
  engine.add(chunk("shipping", "Shipping methods", "Deliveries to islands take longer.", 1));
  return engine;
}

describe("the offline embedder", () => {
  it("is deterministic, unit length, and closer for related texts", () => {
    const a = embedOffline("uploading sketches to the board", isStopword);
    expect(embedOffline("uploading sketches to the board", isStopword)).toEqual(a);
    expect(Math.sqrt(a.reduce((sum, v) => sum + v * v, 0))).toBeCloseTo(1, 5);
    const related = quantize(embedOffline("upload a sketch to your boards", isStopword));
    const unrelated = quantize(embedOffline("refund for a cancelled subscription", isStopword));
    expect(dotQuantized(a, related)).toBeGreaterThan(dotQuantized(a, unrelated) + 0.3);
  });
});

describe("the search engine", () => {
  it("ranks the document whose title names the question first", () => {
    const ranked = helpCentre()
      .searchDocuments("How do I create a new account?", 3)
      .map((d) => d.documentKey);
    expect(ranked[0]).toBe("account");
    expect(ranked).toContain("minor");
  });

  it("finds other word forms through stemming and vectors", () => {
    expect(helpCentre().searchDocuments("delivery options", 1)[0]?.documentKey).toBe("shipping");
    expect(helpCentre().searchDocuments("resetting boards", 1)[0]?.documentKey).toBe("reset");
  });

  it("returns one entry per document, best chunk first", () => {
    const documents = helpCentre().searchDocuments("shipping deliveries", 5);
    expect(documents.filter((d) => d.documentKey === "shipping")).toHaveLength(1);
  });

  it("brings the best-ranked document's sections that score nearly as well as its best; the others bring one", () => {
    const engine = helpCentre();
    const username = (text: string, i: number) => chunk("username", "Change your forum username", text, i);
    engine.add(
      username("Your forum username is your account name. Follow the steps below to change your username.", 0),
    );
    engine.add(username("You can change your forum username in the first three days after you register.", 1));
    engine.add(username("1. Open the forum.\n2. Open your preferences.\n3. Change your username and save.", 2));
    engine.add(username("Moderators review reports of abuse within a day.", 3));
    const [top, ...others] = engine.searchDocuments("How do I change my forum username?", 3);
    expect(top?.documentKey).toBe("username");
    const sections = top?.chunks ?? [];
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.length).toBeLessThanOrEqual(TOP_DOCUMENT_SECTIONS);
    for (const section of sections)
      expect(section.score).toBeGreaterThanOrEqual(sections[0]!.score * SECTION_TOLERANCE);
    expect(sections.map((s) => s.chunk.id)).not.toContain("username#3"); // shares nothing with the question
    for (const other of others) expect(other.chunks).toHaveLength(1);
    // A section carries the document's evidence, scaled by its score beside the best section's.
    expect(sectionEvidence(top!, sections[0]!)).toBe(top!.score);
    expect(sectionEvidence(top!, sections[1]!)).toBeCloseTo((top!.score * sections[1]!.score) / sections[0]!.score, 9);
  });

  it("scores an unrelated question low", () => {
    const [best] = helpCentre().searchDocuments("What is the capital of Australia?", 1);
    expect(best?.score ?? 0).toBeLessThan(0.33);
  });

  it("forgets removed chunks completely", () => {
    const engine = helpCentre();
    engine.remove("reset#0");
    expect(engine.size).toBe(4);
    expect(engine.searchDocuments("reset button bootloader", 5).map((d) => d.documentKey)).not.toContain("reset");
  });
});

describe("the in-memory engine's spelling", () => {
  it("finds the article a misspelt question names, as it does for the question spelt right", () => {
    const engine = helpCentre();
    const right = engine.searchDocuments("which shipping methods do you have", 3);
    const misspelt = engine.searchDocuments("which shiping methds do you have", 3);
    expect(misspelt[0]?.documentKey).toBe("shipping");
    // The words match as they do spelt right; only the vector (character n-grams of what was typed) differs.
    expect(misspelt[0]?.chunks[0]?.lexical).toBeCloseTo(right[0]?.chunks[0]?.lexical ?? -1, 9);
    expect(misspelt[0]?.chunks[0]?.coverage).toBeCloseTo(right[0]?.chunks[0]?.coverage ?? -1, 9);
  });
});
