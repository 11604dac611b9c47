/**
 * docs/ is the demo agent's own knowledge: what it tells visitors about Frontdesk. A doc that calls a
 * shipped feature "planned" makes the agent deny features that exist, so every sentence of docs/*.md
 * that says planned / coming soon / not yet available must not name one of them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const DOCS = new URL("../../docs/", import.meta.url);

/** Words that say a feature does not exist yet. */
const NOT_SHIPPED =
  /\b(planned|coming soon|not (yet )?available|not yet|on the roadmap|in a future (version|release))\b/i;

/** Features that ship (see README), each with the words a doc would name it by. */
const SHIPPED: [feature: string, named: RegExp][] = [
  ["file import", /\b(files?|upload\w*|documents? import)\b/i],
  ["URL import and crawling", /\b(websites?|web pages?|urls?|crawl\w*)\b/i],
  ["email capture", /\b(email capture|captur\w* [\w' ]*email|email address(es)?)\b/i],
  ["CRM data", /\b(crm|contact (data|properties))\b/i],
  ["handoff and the staff inbox", /\b(inbox|hand\w* (a |the )?conversation (over|off)|handoff|to a person)\b/i],
  ["drafts, publish and restore", /\b(drafts?|publish\w*|restor\w*)\b/i],
  ["erasing a contact's data", /\b(eras\w*|gdpr)\b/i],
  ["the admin console", /\b(admin console|console|dashboard)\b/i],
  ["analytics and visitor feedback", /\b(analytics|ratings?|thumbs|feedback)\b/i],
  [
    "email, WhatsApp, Messenger and custom channels",
    /\b(whats ?app|messenger|email channel|other channels|custom channels?)\b/i,
  ],
];

function sentences(markdown: string): string[] {
  return markdown
    .replace(/```[\s\S]*?```/g, "") // code samples claim nothing
    .split(/\n\s*\n|\n(?=\s*[-*] )|(?<=[.!?])\s+/)
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

const docs = readdirSync(DOCS).filter((name) => name.endsWith(".md"));

describe("docs/ about shipped features", () => {
  it("has docs to check", () => {
    expect(docs.length).toBeGreaterThan(0);
  });

  it.each(docs)("%s calls no shipped feature planned or not yet available", (name) => {
    const claims = sentences(readFileSync(new URL(name, DOCS), "utf8"))
      .filter((sentence) => NOT_SHIPPED.test(sentence))
      .flatMap((sentence) =>
        SHIPPED.filter(([, named]) => named.test(sentence)).map(([feature]) => `${feature}: "${sentence}"`),
      );
    expect(claims).toEqual([]);
  });

  it("catches such a claim", () => {
    const claims = sentences("Importing knowledge from files and websites is planned.").filter((s) =>
      NOT_SHIPPED.test(s),
    );
    expect(claims.flatMap((s) => SHIPPED.filter(([, named]) => named.test(s)))).toHaveLength(2);
  });
});
