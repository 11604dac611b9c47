import { describe, expect, it } from "vitest";
import { parsePath, selectPath } from "./json-path";

const doc = { order: { status: "shipped", items: [{ name: "Lamp" }, { name: "Bulb" }], eta: null }, "x-y": 1 };

describe("selectPath", () => {
  it("reads keys and array indexes", () => {
    expect(selectPath(doc, "$")).toBe(doc);
    expect(selectPath(doc, "$.order.status")).toBe("shipped");
    expect(selectPath(doc, "$.order.items[1].name")).toBe("Bulb");
    expect(selectPath(doc, "$.order.eta")).toBeNull();
    expect(selectPath(doc, "$.x-y")).toBe(1);
    expect(selectPath([[1, 2]], "$[0][1]")).toBe(2);
  });

  it("answers undefined for what is absent or of the wrong kind", () => {
    expect(selectPath(doc, "$.order.items[2].name")).toBeUndefined();
    expect(selectPath(doc, "$.order.missing")).toBeUndefined();
    expect(selectPath(doc, "$.order.status.length")).toBeUndefined();
    expect(selectPath(doc, "$.order[0]")).toBeUndefined();
    expect(selectPath(doc, "$.order.items.name")).toBeUndefined();
    expect(selectPath(null, "$.a")).toBeUndefined();
  });

  it("never reads inherited or prototype properties", () => {
    expect(selectPath({}, "$.constructor")).toBeUndefined();
    expect(selectPath({}, "$.__proto__")).toBeUndefined();
    expect(selectPath({ a: {} }, "$.a.toString")).toBeUndefined();
    expect(selectPath(JSON.parse('{"__proto__": {"x": 1}}'), "$.__proto__.x")).toBeUndefined();
  });

  it("refuses paths outside the syntax", () => {
    expect(parsePath("order.status")).toBeNull();
    expect(parsePath("$..status")).toBeNull();
    expect(parsePath("$['a']")).toBeNull();
    expect(selectPath(doc, "$.order[status]")).toBeUndefined();
    expect(parsePath("$.a[0].b")).toEqual([{ key: "a" }, { index: 0 }, { key: "b" }]);
  });
});
