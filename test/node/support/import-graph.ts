/**
 * The run-time import graph of the product's source, read with the TypeScript parser: which module
 * loads which when the code runs. Type-only imports (`import type`, `export type`) are no edges;
 * `import { type A }` is one, because under `verbatimModuleSyntax` it still loads the module. Also
 * the two checks the layout rests on: domain code never loads a Durable Object module, and no
 * module reaches itself again.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import ts from "typescript";

/** Folders whose modules form the product (tests and scripts depend on them, never the reverse). */
export const SOURCE_ROOTS = ["worker", "durable-objects", "widget", "inbox"] as const;
const SOURCE_FILE = /\.tsx?$/;
const TEST_FILE = /\.test\.tsx?$/;
const RESOLVE_SUFFIXES = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"];

/** Module path (relative to the repository, `/`-separated) → the modules it loads at run time. */
export type ImportGraph = Map<string, string[]>;

/** The relative specifiers a module loads at run time. */
export function runtimeSpecifiers(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(
    fileName,
    source,
    ts.ScriptTarget.Latest,
    false,
    fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(node) &&
      !node.isTypeOnly &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument)) found.push(argument.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found.filter((specifier) => specifier.startsWith("."));
}

/** Builds the graph from module sources keyed by repository path; unresolvable specifiers are left out. */
export function importGraph(sources: ReadonlyMap<string, string>): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const [path, source] of sources) {
    const targets = runtimeSpecifiers(path, source)
      .map((specifier) => {
        const base = posix.normalize(posix.join(posix.dirname(path), specifier));
        return RESOLVE_SUFFIXES.map((suffix) => base + suffix).find((candidate) => sources.has(candidate));
      })
      .filter((target): target is string => target !== undefined);
    graph.set(path, [...new Set(targets)]);
  }
  return graph;
}

/** The product's modules as they are on disk (tests beside their code excluded). */
export function readSources(root: string): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE_FILE.test(name) && !TEST_FILE.test(name) && !name.endsWith(".d.ts")) {
        sources.set(relative(root, path).split("\\").join("/"), readFileSync(path, "utf8"));
      }
    }
  };
  for (const folder of SOURCE_ROOTS) walk(join(root, folder));
  return sources;
}

/** Run-time imports from `from/…` into `into/…`, as "importer → imported". */
export function crossings(graph: ImportGraph, from: string, into: string): string[] {
  const found: string[] = [];
  for (const [path, targets] of graph) {
    if (!path.startsWith(`${from}/`)) continue;
    for (const target of targets) if (target.startsWith(`${into}/`)) found.push(`${path} → ${target}`);
  }
  return found;
}

/** Every import cycle, each as the modules on it (strongly connected components of more than one module, or a self-import). */
export function cycles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative so a deep graph cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = graph.get(frame.node) ?? [];
      if (frame.edge < targets.length) {
        const target = targets[frame.edge++]!;
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, edge: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      const selfImport = (graph.get(frame.node) ?? []).includes(frame.node);
      if (component.length > 1 || selfImport) found.push(component.sort());
    }
  }
  return found;
}

/** The folder a module path sits in, for messages. */
export const folderOf = (path: string): string => dirname(path);
