import { describe, expect, it } from "vitest";
import { findEmail, isValidEmail } from "./email-address";

describe("email addresses typed by visitors", () => {
  it("finds a valid address inside a sentence, lower-cased, without trailing punctuation", () => {
    expect(findEmail("Sure, it's Jane.Doe+shop@Example.co.uk!")).toEqual({
      kind: "valid",
      email: "jane.doe+shop@example.co.uk",
    });
    expect(findEmail("<ole@firma.dk>")).toEqual({ kind: "valid", email: "ole@firma.dk" });
  });

  it("reports mistyped addresses as invalid attempts", () => {
    for (const typo of [
      "jane@example",
      "jane@@example.com",
      "jane@exa mple.com",
      "jane.example.com",
      "@example.com",
      "jane..doe@example.com",
      "jane@-example.com",
    ]) {
      expect(findEmail(typo).kind, typo).toBe("invalid");
    }
  });

  it("finds nothing in an ordinary message", () => {
    expect(findEmail("How do I reset my board?")).toEqual({ kind: "none" });
    expect(findEmail("https://example.com")).toEqual({ kind: "none" });
  });

  it("bounds lengths", () => {
    expect(isValidEmail(`${"a".repeat(65)}@example.com`)).toBe(false);
    expect(isValidEmail(`a@${"b".repeat(250)}.com`)).toBe(false);
    expect(isValidEmail("a@b.co")).toBe(true);
  });
});
