import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Action, actionSchema } from "./definition";
import { ActionTemplateError, checkTemplates, fillBody, fillUrl } from "./template";

const action = (overrides: Record<string, unknown> = {}): Action =>
  actionSchema.parse({
    id: "act_template1",
    name: "order_status",
    description: "Looks up an order",
    inputs: [{ name: "order_number", label: "order number" }],
    request: { method: "GET", url: "https://api.example.com/orders/{{order_number}}" },
    ...overrides,
  });

/** Lone surrogates cannot be percent-encoded; checkInput refuses them before any template sees them. */
const wellFormed = fc.string({ unit: "grapheme", maxLength: 40 });

describe("fillUrl", () => {
  it("percent-encodes each value, so it cannot add a segment, a parameter or a fragment", () => {
    const url = fillUrl("https://api.example.com/orders/{{id}}?q={{q}}&lang=en", { id: "a/b?c&d", q: "x&lang=fr#y" });
    expect(url).toBe("https://api.example.com/orders/a%2Fb%3Fc%26d?q=x%26lang%3Dfr%23y&lang=en");
    const parsed = new URL(url);
    expect(parsed.pathname).toBe("/orders/a%2Fb%3Fc%26d");
    expect(parsed.searchParams.getAll("lang")).toEqual(["en"]);
    expect(parsed.searchParams.get("q")).toBe("x&lang=fr#y");
  });

  it("refuses dot segments, missing values and placeholders in the origin", () => {
    for (const dots of [".", ".."]) {
      expect(() => fillUrl("https://api.example.com/orders/{{id}}/items", { id: dots })).toThrow(ActionTemplateError);
    }
    // A "%2e" typed by the visitor is sent as the text "%2e" (encoded once more), never as a dot.
    expect(fillUrl("https://api.example.com/orders/{{id}}", { id: "%2e%2E" })).toBe(
      "https://api.example.com/orders/%252e%252E",
    );
    expect(() => fillUrl("https://api.example.com/orders/{{a}}{{b}}/x", { a: ".", b: "." })).toThrow(
      ActionTemplateError,
    );
    expect(fillUrl("https://api.example.com/orders?id={{id}}", { id: ".." })).toBe(
      "https://api.example.com/orders?id=..",
    );
    expect(() => fillUrl("https://api.example.com/{{id}}", {})).toThrow(/No value for the input "id"/);
    expect(() => fillUrl("https://{{host}}.example.com/", { host: "evil" })).toThrow(ActionTemplateError);
    expect(() => fillUrl("https://api.example.com:{{port}}/", { port: "81" })).toThrow(ActionTemplateError);
  });

  it("keeps any value to exactly one path segment that decodes back to it (property)", () => {
    fc.assert(
      fc.property(
        wellFormed.filter((s) => s !== "." && s !== ".."),
        (value) => {
          const url = new URL(fillUrl("https://api.example.com/orders/{{id}}/status", { id: value }));
          expect(url.origin).toBe("https://api.example.com");
          const segments = url.pathname.split("/");
          expect(segments).toHaveLength(4);
          expect(decodeURIComponent(segments[2] ?? "")).toBe(value);
          expect(url.search).toBe("");
          expect(url.hash).toBe("");
        },
      ),
    );
  });
});

describe("fillBody", () => {
  const types = { note: "text", qty: "number", email: "email" } as const;

  it("fills strings from the parsed template: typed whole values, text inside longer strings, keys untouched", () => {
    const template = '{"note":"{{note}}","qty":"{{ qty }}","line":"{{qty}} × {{note}}","{{note}}":["{{email}}"],"n":1}';
    const body = fillBody(template, { note: 'say "hi" \\ bye', qty: "3", email: "a@b.co" }, types);
    expect(JSON.parse(body)).toEqual({
      note: 'say "hi" \\ bye',
      qty: 3,
      line: '3 × say "hi" \\ bye',
      "{{note}}": ["a@b.co"],
      n: 1,
    });
  });

  it("sends an optional value left out as null, and refuses a missing value or a bad template", () => {
    expect(JSON.parse(fillBody('{"q":"{{qty}}"}', { qty: "" }, types))).toEqual({ q: null });
    expect(() => fillBody('{"q":"{{qty}}"}', {}, types)).toThrow(ActionTemplateError);
    expect(() => fillBody('{"q":{{qty}}}', { qty: "1" }, types)).toThrow(/not valid JSON/);
  });

  it("keeps a __proto__ key as plain data", () => {
    expect(fillBody('{"__proto__":{"a":"{{note}}"}}', { note: "x" }, types)).toBe('{"__proto__":{"a":"x"}}');
  });

  it("round-trips any string value exactly, as a whole value or inside text (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (value) => {
        fc.pre(value !== "");
        const parsed = JSON.parse(fillBody('{"a":"{{note}}","b":"<{{note}}>"}', { note: value }, types));
        expect(parsed).toEqual({ a: value, b: `<${value}>` });
      }),
    );
  });
});

describe("checkTemplates", () => {
  it("accepts a well-formed action", () => {
    expect(checkTemplates(action())).toEqual([]);
    const post = action({
      request: { method: "POST", url: "https://api.example.com/orders", body: '{"id":"{{order_number}}"}' },
    });
    expect(checkTemplates(post)).toEqual([]);
  });

  it("lists each problem with its path", () => {
    const bad = action({
      inputs: [
        { name: "order_number", label: "order number" },
        { name: "order_number", label: "again" },
      ],
      request: { method: "GET", url: "https://{{order_number}}.example.com/x/{{missing}}/{{Bad Name}}", body: "{}" },
      response: {
        fields: [
          { path: "$.a", label: "Status" },
          { path: "$.b", label: "status" },
        ],
      },
    });
    const problems = checkTemplates(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "request.url", message: "{{missing}} names no input of this action" },
        { path: "request.url", message: "{{Bad Name}} is not a placeholder: use {{name}} with an input's name" },
        {
          path: "request.url",
          message: "The scheme, host and port are fixed: inputs may fill only the path and query",
        },
        { path: "request.body", message: "Only a POST request has a body" },
        { path: "inputs", message: 'Two inputs are named "order_number"' },
        { path: "response.fields", message: 'Two response fields are labelled "status"' },
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it("refuses relative, non-http and credential-bearing URLs and a body that is not JSON", () => {
    const paths = (url: string, body?: string) =>
      checkTemplates(action({ request: { method: body ? "POST" : "GET", url, body } })).map((p) => p.path);
    expect(paths("/orders/{{order_number}}")).toEqual(["request.url"]);
    expect(paths("ftp://files.example.com/{{order_number}}")).toEqual(["request.url"]);
    expect(paths("https://user:pw@api.example.com/{{order_number}}")).toEqual(["request.url"]);
    expect(paths("https://api.example.com/{{order_number}}", '{"id": {{order_number}}}')).toEqual(["request.body"]);
    expect(paths("https://api.example.com/o", '{"id":"{{nope}}"}')).toEqual(["request.body"]);
  });
});
