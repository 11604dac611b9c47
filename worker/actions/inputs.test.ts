import { describe, expect, it } from "vitest";
import { type ActionInput, actionInputSchema } from "./definition";
import { checkInput, findInputsIn, MAX_INPUT_CHARS } from "./inputs";

const input = (fields: Partial<ActionInput> & { name: string }): ActionInput =>
  actionInputSchema.parse({ label: fields.name.replace(/_/g, " "), ...fields });

const value = (i: ActionInput, raw: string) => {
  const checked = checkInput(i, raw);
  return checked.ok ? checked.value : `error: ${checked.error}`;
};

describe("checkInput", () => {
  it("accepts decimal numbers in their canonical form and refuses the rest", () => {
    const n = input({ name: "quantity", type: "number" });
    expect(value(n, " 42 ")).toBe("42");
    expect(value(n, "+007.50")).toBe("7.5");
    expect(value(n, "-0.0")).toBe("0");
    expect(value(n, "-3.25")).toBe("-3.25");
    expect(value(n, "1,234")).toMatch(/^error: The quantity must be a number\.$/);
    expect(value(n, "12abc")).toMatch(/^error/);
    expect(value(n, "1e5")).toMatch(/^error/);
    expect(value(n, "1234567890123456")).toMatch(/^error/); // would not survive as a JSON number
  });

  it("accepts grouped thousands only when the pattern allows them", () => {
    const grouped = input({ name: "amount", type: "number", pattern: "\\d{1,3}(,\\d{3})*" });
    expect(value(grouped, "1,234")).toBe("1234");
    expect(value(grouped, "1234")).toMatch(/^error/); // the pattern wants the separators
  });

  it("accepts one email address with a lower-cased domain", () => {
    const e = input({ name: "email", type: "email" });
    expect(value(e, " Jane.Doe@Example.COM ")).toBe("Jane.Doe@example.com");
    expect(value(e, "jane@example")).toMatch(/^error: The email must be an email address\.$/);
    expect(value(e, "a@example.com, b@example.com")).toMatch(/^error/);
  });

  it("accepts ISO and written English dates, as ISO, and refuses dates that do not exist", () => {
    const d = input({ name: "delivery_date", type: "date" });
    expect(value(d, "2026-12-05")).toBe("2026-12-05");
    expect(value(d, "5 December 2026")).toBe("2026-12-05");
    expect(value(d, "December 5, 2026")).toBe("2026-12-05");
    expect(value(d, "1st Feb 2027")).toBe("2027-02-01");
    expect(value(d, "2026-02-30")).toMatch(/^error/);
    expect(value(d, "31 April 2026")).toMatch(/^error/);
    expect(value(d, "5/12/2026")).toMatch(/^error: The delivery date must be a date\.$/);
  });

  it("accepts one line of text and refuses empty, long, multi-line and control characters", () => {
    const t = input({ name: "reason" });
    expect(value(t, "  broken on arrival ")).toBe("broken on arrival");
    expect(value(t, "   ")).toBe("error: Please give your reason.");
    expect(value(t, "x".repeat(MAX_INPUT_CHARS + 1))).toMatch(/too long/);
    expect(value(t, "line one\nline two")).toMatch(/one line/);
    expect(value(t, "bell\u0007")).toMatch(/one line/);
    expect(value(t, "lone \ud800 surrogate")).toMatch(/one line/);
  });

  it("matches the pattern against the whole value and names the label and the instructions", () => {
    const order = input({ name: "order_number", pattern: "\\d{4,8}", instructions: "The 4–8 digits on your receipt." });
    expect(value(order, "1234")).toBe("1234");
    expect(value(order, "x1234")).toBe(
      "error: That doesn't look like a valid order number (The 4–8 digits on your receipt).",
    );
    expect(value(order, "123456789")).toMatch(/^error/); // anchored: no partial match
    expect(value(order, "1234|x")).toMatch(/^error/);
  });

  it("stays fast with a catastrophic pattern (the value is capped first)", () => {
    const evil = input({ name: "code", pattern: "(a+)+b" });
    const started = Date.now();
    expect(value(evil, "a".repeat(5_000))).toMatch(/too long/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe("findInputsIn", () => {
  const orderText = input({ name: "order_number", pattern: "\\d{4,8}" });
  const orderNumber = input({ name: "order_number", type: "number" });

  it("finds an order number in a question, as text with a pattern or as a number", () => {
    expect(findInputsIn("where is my order 1234?", [orderText])).toEqual({ order_number: "1234" });
    expect(findInputsIn("where is my order 1234?", [orderNumber])).toEqual({ order_number: "1234" });
    expect(findInputsIn("Order #98765, please.", [orderText])).toEqual({ order_number: "98765" });
  });

  it("finds letter-digit codes as a whole token", () => {
    const code = input({ name: "ticket", pattern: "[A-Z]-\\d{4}" });
    expect(findInputsIn("My ticket is A-1234.", [code])).toEqual({ ticket: "A-1234" });
    expect(findInputsIn("My ticket is XA-12345.", [code])).toEqual({});
  });

  it("finds emails and dates for their inputs, and does not take their digits as numbers", () => {
    const inputs = [
      input({ name: "email", type: "email" }),
      input({ name: "day", type: "date" }),
      input({ name: "order_number", type: "number" }),
    ];
    expect(findInputsIn("I'm jane42@Example.com, order 5521 due on 5 December 2026.", inputs)).toEqual({
      email: "jane42@example.com",
      day: "2026-12-05",
      order_number: "5521",
    });
    expect(findInputsIn("It was due 2026-12-05", inputs)).toEqual({ day: "2026-12-05" });
  });

  it("never guesses a text input without a pattern, nor one filled from a contact property", () => {
    const free = input({ name: "reason" });
    const fromCrm = input({ name: "customer_id", type: "number", fromProperty: "customer_id" });
    expect(findInputsIn("reason: 1234 broken", [free, fromCrm])).toEqual({});
  });

  it("uses one candidate for at most one input", () => {
    const a = input({ name: "order_number", type: "number" });
    const b = input({ name: "quantity", type: "number" });
    expect(findInputsIn("order 1234", [a, b])).toEqual({ order_number: "1234" });
    expect(findInputsIn("order 1234, 3 of them", [a, b])).toEqual({ order_number: "1234", quantity: "3" });
  });

  it("prefers a candidate just after a word of the input's label", () => {
    const order = input({ name: "order_number", label: "order number", type: "number" });
    const quantity = input({ name: "quantity", label: "quantity", type: "number" });
    expect(findInputsIn("I bought 2 lamps with order 5521", [order])).toEqual({ order_number: "5521" });
    expect(findInputsIn("I bought 2 lamps with order 5521", [order, quantity])).toEqual({
      order_number: "5521",
      quantity: "2",
    });
  });

  it("finds nothing when no token passes the input's check", () => {
    expect(findInputsIn("where is my order?", [orderText])).toEqual({});
    expect(findInputsIn("order 12", [orderText])).toEqual({});
  });
});
