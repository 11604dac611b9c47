/**
 * Property test for admin API bodies (issue 13, section 3): arbitrary JSON — random values, and
 * valid bodies with one field replaced by a random value — sent to PUT/POST routes through the
 * Worker's fetch never gives a 500, and a 4xx never changes anything stored in D1.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { adminFetch, DEMO_AGENT } from "./helpers/seed";

const RUNS = 60; // per route, so 360 in all; fixed and modest (each run is a request and two D1 snapshots)
const AGENT = "fuzz-bodies";

type Route = { method: "PUT" | "POST"; path: string; valid: Record<string, unknown> };
const ROUTES: Route[] = [
  { method: "PUT", path: `/agents/${AGENT}`, valid: DEMO_AGENT.agent },
  { method: "PUT", path: `/agents/${AGENT}/controls`, valid: { enabled: true, monthlyCredits: 100 } },
  { method: "POST", path: `/agents/${AGENT}/short-answers`, valid: DEMO_AGENT.shortAnswers[0] ?? {} },
  { method: "POST", path: "/contacts", valid: { email: "fuzz@example.com", properties: { first_name: "Fuzz" } } },
  { method: "POST", path: "/contact-properties", valid: { name: "fuzz_seats", label: "Seats", type: "number" } },
  { method: "POST", path: "/teams", valid: { name: "Fuzzers", memberIds: [] } },
];

let tableNames: string[] = [];

/** Every row of every table the app owns, as one string (one D1 batch): equal before and after means nothing changed. */
async function snapshot(): Promise<string> {
  const results = await env.DB.batch(tableNames.map((name) => env.DB.prepare(`SELECT * FROM "${name}"`)));
  return JSON.stringify(results.map((result) => result.results));
}

/** Replaces the value at a random path of `base` (or adds a key) with `value`. */
function mutate(base: unknown, steps: number[], key: string, value: unknown): unknown {
  if (typeof base !== "object" || base === null) return value;
  const entries = Array.isArray(base) ? base.map((v, i) => [String(i), v] as const) : Object.entries(base);
  const [step = 0, ...rest] = steps;
  if (entries.length === 0 || step % (entries.length + 1) === entries.length) {
    return Array.isArray(base) ? [...base, value] : { ...base, [key]: value };
  }
  const [at, inner] = entries[step % (entries.length + 1)] ?? ["", undefined];
  const changed = rest.length === 0 ? value : mutate(inner, rest, key, value);
  if (Array.isArray(base)) return base.map((v, i) => (String(i) === at ? changed : v));
  return { ...base, [at]: changed };
}

const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom("", " ", "x".repeat(5_000), -1, 0, 1e308, -0, null, [], {}, true, "2026-13-45", "#zzz", "é😀\u0000"),
);

function bodyFor(route: Route): fc.Arbitrary<string> {
  return fc.oneof(
    fc
      .tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.string({ maxLength: 12 }), anyValue)
      .map(([steps, key, value]) => JSON.stringify(mutate(route.valid, steps, key, value))),
    fc.json({ maxDepth: 3 }),
    fc.string({ maxLength: 40 }),
  );
}

beforeAll(async () => {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf%' ESCAPE '\\' AND " +
      "name NOT LIKE 'd1\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
  ).all<{ name: string }>();
  tableNames = tables.results.map((table) => table.name);
  expect(tableNames).toContain("contacts");
  const response = await adminFetch(`/agents/${AGENT}`, { method: "PUT", json: DEMO_AGENT.agent });
  expect(response.status).toBeLessThan(300);
});

describe("admin API bodies (property)", () => {
  for (const route of ROUTES) {
    it(`${route.method} ${route.path.replace(AGENT, ":id")}: never a 500; a 4xx changes nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(bodyFor(route), async (body) => {
          const before = await snapshot();
          const response = await adminFetch(route.path, {
            method: route.method,
            body,
            headers: { "content-type": "application/json" },
          });
          const text = await response.text();
          expect(response.status, text).toBeLessThan(500);
          if (response.status >= 400) {
            expect((JSON.parse(text) as { error: { code: string } }).error.code).toEqual(expect.any(String));
            expect(await snapshot()).toBe(before);
          }
        }),
        { numRuns: RUNS },
      );
    }, 120_000);
  }
});
