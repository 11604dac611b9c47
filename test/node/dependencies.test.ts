/**
 * Dependencies point one way (ARCHITECTURE.md, STYLE.md 13): domain code under `worker/` loads no
 * Durable Object module at run time (the entry, which exports the classes, aside), folders load
 * only their own layer or the layers below, no module loads itself again through others, and
 * route groups are made only where the layout puts them.
 * The rules are checked on the real tree and, to prove they can fail, on small made-up trees.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  crossings,
  cycles,
  importGraph,
  readSources,
  runtimeSpecifiers,
  type ImportGraph,
} from "./support/import-graph";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The Worker's entry exports the Durable Object classes: the one place that may load them. */
const ENTRY = "worker/index.ts";

/**
 * Layers of `worker/`, highest first: a module may load modules of its own layer or of a lower one.
 * Durable Objects sit beside the domain (they use it; it uses them through bindings only).
 */
const LAYERS: ReadonlyArray<readonly string[]> = [
  ["worker/index.ts", "worker/app.ts"],
  ["worker/api", "worker/http"],
  ["worker/channels"],
  [
    "worker/abuse",
    "worker/access",
    "worker/audit",
    "worker/analytics",
    "worker/agent",
    "worker/knowledge",
    "worker/handoff",
    "worker/schedule",
    "worker/lifecycle",
    "worker/crm",
    "worker/behaviour",
    "worker/inbox",
    "worker/staff",
    "worker/email",
    "worker/actions",
    "worker/goals",
    "worker/backup",
  ],
  ["worker/db", "worker/lib", "worker/protocol"],
];

function layerOf(path: string): number | null {
  const index = LAYERS.findIndex((folders) =>
    folders.some((folder) => path === folder || path.startsWith(`${folder}/`)),
  );
  return index === -1 ? null : index;
}

/** Run-time imports that go up a layer (or into a `worker/` folder no layer names), as "importer → imported". */
function upwardImports(graph: ImportGraph): string[] {
  const found: string[] = [];
  for (const [path, targets] of graph) {
    if (!path.startsWith("worker/")) continue;
    const from = layerOf(path);
    for (const target of targets) {
      if (!target.startsWith("worker/")) continue;
      const to = layerOf(target);
      if (from === null || to === null || to < from) found.push(`${path} → ${target}`);
    }
  }
  return found;
}

/** Where route groups may be made: the app, the admin API, channel adapters and the other browser routes. */
const ROUTE_FOLDERS = ["worker/app.ts", "worker/api/", "worker/channels/", "worker/http/"];

/** Modules that make a Hono route group outside the route folders. */
const strayRouteGroups = (sources: ReadonlyMap<string, string>) =>
  [...sources]
    .filter(([path, source]) => /\bnew Hono\b/.test(source) && !ROUTE_FOLDERS.some((folder) => path.startsWith(folder)))
    .map(([path]) => path);

const domainIntoDurableObjects = (graph: ImportGraph) =>
  crossings(graph, "worker", "durable-objects").filter((edge) => !edge.startsWith(`${ENTRY} `));

describe("the product's import graph", () => {
  const sources = readSources(root);
  const graph = importGraph(sources);

  it("reads the whole tree", () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get("worker/app.ts")?.length).toBeGreaterThan(3);
  });

  it("has no run-time import from worker/ into durable-objects/ but the entry's exports", () => {
    expect(domainIntoDurableObjects(graph)).toEqual([]);
  });

  it("has no run-time import cycle", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("imports only the same layer or lower ones inside worker/", () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it("makes route groups only in api/, channels/ and http/ (and the app that mounts them)", () => {
    expect(strayRouteGroups(sources)).toEqual([]);
  });
});

describe("the checks themselves", () => {
  const tree = (files: Record<string, string>) => importGraph(new Map(Object.entries(files)));

  it("tell type-only imports from run-time ones", () => {
    const source = [
      'import type { A } from "./a";',
      'import { type B } from "./b";',
      'import { c, type C } from "./c";',
      'export type { D } from "./d";',
      'export { e } from "./e";',
      'import "./f";',
      'const g = () => import("./g");',
      'import { h } from "hono";',
    ].join("\n");
    // `import { type B }` still loads ./b under verbatimModuleSyntax.
    expect(runtimeSpecifiers("x.ts", source)).toEqual(["./b", "./c", "./e", "./f", "./g"]);
  });

  it("find a run-time import from domain code into a Durable Object, and allow a type-only one", () => {
    const graph = tree({
      "worker/index.ts": 'export { ThingDO } from "../durable-objects/thing/thing";',
      "worker/knowledge/retrieve.ts":
        'import { KEY } from "../../durable-objects/thing/thing";\nimport type { ThingDO } from "../../durable-objects/thing/thing";',
      "worker/crm/typed.ts": 'import type { ThingDO } from "../../durable-objects/thing/thing";',
      "durable-objects/thing/thing.ts": "export const KEY = 1; export class ThingDO {}",
    });
    expect(domainIntoDurableObjects(graph)).toEqual(["worker/knowledge/retrieve.ts → durable-objects/thing/thing.ts"]);
  });

  it("find a cycle through several modules and a module that imports itself", () => {
    const graph = tree({
      "worker/a.ts": 'import { b } from "./b";',
      "worker/b.ts": 'import { c } from "./nested/c";',
      "worker/nested/c.ts": 'import { a } from "../a";',
      "worker/d.ts": 'import { d } from "./d";',
      "worker/e.ts": 'import type { a } from "./a";',
    });
    expect(cycles(graph)).toEqual([["worker/a.ts", "worker/b.ts", "worker/nested/c.ts"], ["worker/d.ts"]]);
  });

  it("find a route group made in a domain folder", () => {
    const sources = new Map([
      ["worker/http/verify-routes.ts", "export const verifyRoutes = new Hono<AppEnv>();"],
      ["worker/crm/verify.ts", "export const verifyRoutes = new Hono<AppEnv>();"],
    ]);
    expect(strayRouteGroups(sources)).toEqual(["worker/crm/verify.ts"]);
  });

  it("find an import that goes up a layer", () => {
    const graph = tree({
      "worker/knowledge/retrieve.ts": 'import { adminApi } from "../api/index";',
      "worker/api/index.ts":
        'import { retrieve } from "../knowledge/retrieve";\nimport { LIVE_CHAT } from "../protocol/channels";',
      "worker/protocol/channels.ts": 'export const LIVE_CHAT = "live_chat";',
    });
    expect(upwardImports(graph)).toEqual(["worker/knowledge/retrieve.ts → worker/api/index.ts"]);
  });
});
