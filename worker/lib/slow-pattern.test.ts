import { describe, expect, it } from "vitest";
import { actionsSchema } from "../actions/definition";
import { goalCriterionSchema } from "../goals/definition";
import { slowPatternProblem } from "./slow-pattern";

describe("slowPatternProblem", () => {
  it("refuses a repeated group that itself repeats, and too many repetitions", () => {
    for (const pattern of ["(a+)+$", "(\\w+\\s?)*", "(\\d+)+x", "(.*a){30}", "(?:[a-z]*,)*end"])
      expect(slowPatternProblem(pattern), pattern).toMatch(/exponentially long/);
  });

  it("lets the patterns admins write for order numbers, codes and answers through", () => {
    for (const pattern of [
      undefined,
      "\\d{4,8}",
      "^#?\\d{5,10}$",
      "[A-Z]{2}-\\d{4}",
      "[^?]*\\d[^?]*",
      "\\p{L}+",
      "(yes|no)",
    ])
      expect(slowPatternProblem(pattern), String(pattern)).toBeNull();
  });

  it("is a save-time check: settings saved before it still load", () => {
    const slow = "(a+)+$";
    expect(
      goalCriterionSchema.safeParse({ question: "Size?", property: "size", pattern: slow, score: 10 }).success,
    ).toBe(true);
    const action = {
      id: "act_order1",
      name: "order_status",
      description: "Looks up an order",
      request: { method: "GET", url: "https://shop.example.com/orders" },
      inputs: [{ name: "n", label: "order number", pattern: slow }],
    };
    const parsed = actionsSchema.safeParse([action]);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });
});
