/**
 * The lifecycle lines in Danish, Norwegian, Swedish and German: every line exists in each, with the
 * same fields to fill in as the English one (so an expected time or an address is never lost), and
 * the conversation's language picks them while what an admin wrote stays as written.
 */
import { describe, expect, it } from "vitest";
import { EMAIL_BEFORE_ANSWER, isCopyLanguage, lifecycleText } from "./copy";
import { COPY_LOCALES } from "./copy-locales";
import type { SystemMessageKind } from "../protocol/events";

const fields = (line: string) => [...line.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("lifecycle lines in other languages", () => {
  it("has every line in every language, with the English line's fields", () => {
    for (const [language, copy] of Object.entries(COPY_LOCALES)) {
      for (const kind of Object.keys(copy) as (SystemMessageKind | "email_before_answer")[]) {
        const raw =
          kind === "email_before_answer" ? EMAIL_BEFORE_ANSWER : lifecycleText(kind, {}, rawValues, undefined, null);
        expect({ language, kind, fields: fields(copy[kind]) }).toEqual({ language, kind, fields: fields(raw) });
      }
    }
  });

  it("says the default in the conversation's language; an admin's message and a template of its own stay as written", () => {
    expect(lifecycleText("no_staff", {}, { expected: "i morgen" }, undefined, null, "da")).toBe(
      "Ingen fra vores team er ledige lige nu. Vi vender tilbage til dig i morgen.",
    );
    expect(lifecycleText("email_request", {}, {}, EMAIL_BEFORE_ANSWER, null, "de")).toMatch(/^Bevor ich antworte/);
    expect(lifecycleText("handoff", { handingOff: "One moment, please." }, {}, undefined, null, "sv")).toBe(
      "One moment, please.",
    );
    expect(lifecycleText("handoff", {}, {}, undefined, "Hang tight, getting a human!", "no")).toBe(
      "Jeg henter en person fra teamet vårt. De blir med i samtalen om litt.",
    );
    expect(lifecycleText("goal_question", {}, {}, "What is your company called?", null, "da")).toBe(
      "What is your company called?",
    );
    expect(lifecycleText("handoff", {}, {}, undefined, "Hang tight, getting a human!")).toBe(
      "Hang tight, getting a human!",
    );
    expect([isCopyLanguage("sv"), isCopyLanguage("en"), isCopyLanguage("fr")]).toEqual([true, true, false]);
  });
});

/** Every field left in place: `{name}` filled with "{name}", so the English line shows which fields it has. */
const rawValues = {
  name: "{name}",
  agent: "{agent}",
  email: "{email}",
  expected: "{expected}",
  label: "{label}",
  value: "{value}",
};
