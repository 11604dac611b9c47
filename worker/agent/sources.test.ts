import { describe, expect, it } from "vitest";
import type { Passage } from "../knowledge/retrieve";
import { passageSources } from "./sources";

const passage = (over: Partial<Passage> & Pick<Passage, "sourceId">): Passage => ({
  sourceRef: "src_1",
  kind: "article",
  title: "Billing › Refunds",
  name: "billing.md",
  text: "You can ask for a refund within 30 days.",
  score: 0.8,
  citable: true,
  ...over,
});

describe("passageSources: what a model that does not cite is credited with", () => {
  it("names each article once, best first, with its URL and without the section heading", () => {
    const sources = passageSources([
      passage({ sourceId: "doc:a", url: "https://shop.example/help/billing" }),
      passage({ sourceId: "doc:a", title: "Billing › Card refunds", url: "https://shop.example/help/billing" }),
      passage({ sourceId: "short-answer:hours", kind: "short_answer", title: "When are you open?" }),
    ]);
    expect(sources).toEqual([
      { id: "doc:a", title: "Billing", url: "https://shop.example/help/billing" },
      { id: "short-answer:hours", title: "When are you open?" },
    ]);
  });

  it("never credits a passage that must not be cited, and at most three sources", () => {
    const passages = [
      passage({ sourceId: "doc:private", citable: false }),
      ...["b", "c", "d", "e"].map((id) => passage({ sourceId: `doc:${id}`, title: id.toUpperCase() })),
    ];
    expect(passageSources(passages).map((s) => s.id)).toEqual(["doc:b", "doc:c", "doc:d"]);
  });
});
