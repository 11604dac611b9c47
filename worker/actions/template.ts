/**
 * Fills an action's request templates with checked input values — the URL by percent-encoding
 * each value (so a value is one piece of a path segment or query value and can never add a
 * segment, a parameter or another host), the JSON body by parsing the template and replacing
 * placeholders inside its string values (never by pasting text into JSON) — and lists a
 * definition's template problems for the save-time validation.
 */
import { type Action, type ActionInputType, PLACEHOLDER } from "./definition";

export class ActionTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ActionTemplateError";
  }
}

export type TemplateProblem = { path: string; message: string };

/** A single placeholder making up a whole JSON string: it becomes the typed value. */
const WHOLE_PLACEHOLDER = /^\{\{\s*([a-z][a-z0-9_]{0,39})\s*\}\}$/;
/** Any `{{…}}`: one that PLACEHOLDER does not accept is a typo the admin should hear about. */
const ANY_BRACES = /\{\{(.*?)\}\}/g;
/** A path segment the URL parser would resolve (`.`, `..`, and their percent-encoded spellings). */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

const placeholderNames = (template: string) => [...template.matchAll(new RegExp(PLACEHOLDER))].map((m) => m[1] ?? "");

function valueFor(values: Record<string, string>, name: string): string {
  if (!Object.hasOwn(values, name)) throw new ActionTemplateError(`No value for the input "${name}"`);
  return values[name] ?? "";
}

/** Where the authority of an absolute URL template ends (its path, query or fragment starts). */
function authorityEnd(template: string): number {
  const start = template.indexOf("://");
  if (start === -1) return 0;
  const rest = template.slice(start + 3).search(/[/?#]/);
  return rest === -1 ? template.length : start + 3 + rest;
}

function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    throw new ActionTemplateError("A value holds characters a URL cannot carry");
  }
}

/** The URL with each `{{name}}` replaced by its percent-encoded value; throws ActionTemplateError. */
export function fillUrl(template: string, values: Record<string, string>): string {
  const authority = authorityEnd(template);
  const pathEnd = (() => {
    const at = template.slice(authority).search(/[?#]/);
    return at === -1 ? template.length : authority + at;
  })();
  for (const match of template.matchAll(new RegExp(PLACEHOLDER))) {
    if (match.index < authority) throw new ActionTemplateError("Inputs may fill only the URL's path and query");
  }
  const fill = (part: string) =>
    part.replace(new RegExp(PLACEHOLDER), (_, name: string) => encode(valueFor(values, name)));
  const path = template.slice(authority, pathEnd);
  const filledSegments = path.split("/").map((segment) => {
    const filled = fill(segment);
    if (filled !== segment && DOT_SEGMENT.test(filled))
      throw new ActionTemplateError("A value cannot be '.' or '..' in the URL's path");
    return filled;
  });
  return template.slice(0, authority) + filledSegments.join("/") + fill(template.slice(pathEnd));
}

function fillJson(node: unknown, values: Record<string, string>, types: Record<string, ActionInputType>): unknown {
  if (typeof node === "string") {
    const whole = WHOLE_PLACEHOLDER.exec(node);
    if (whole) {
      const name = whole[1] ?? "";
      const value = valueFor(values, name);
      if (value === "") return null; // an optional input left out
      if (types[name] === "number") {
        const number = Number(value);
        if (!Number.isFinite(number)) throw new ActionTemplateError(`The input "${name}" is not a number`);
        return number;
      }
      return value;
    }
    return node.replace(new RegExp(PLACEHOLDER), (_, name: string) => valueFor(values, name));
  }
  if (Array.isArray(node)) return node.map((item) => fillJson(item, values, types));
  if (typeof node === "object" && node !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      // Keys are kept as written (placeholders in them are not filled); defineProperty keeps "__proto__" a plain key.
      Object.defineProperty(out, key, {
        value: fillJson(child, values, types),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return node;
}

/** The JSON body with placeholders in its string values filled (a whole-string number placeholder becomes a JSON number). */
export function fillBody(
  template: string,
  values: Record<string, string>,
  types: Record<string, ActionInputType>,
): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(template);
  } catch {
    throw new ActionTemplateError("The body template is not valid JSON");
  }
  return JSON.stringify(fillJson(parsed, values, types));
}

function bracesProblems(template: string, path: string, declared: ReadonlySet<string>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const match of template.matchAll(ANY_BRACES)) {
    const whole = WHOLE_PLACEHOLDER.exec(match[0]);
    if (!whole) problems.push({ path, message: `${match[0]} is not a placeholder: use {{name}} with an input's name` });
    else if (!declared.has(whole[1] ?? ""))
      problems.push({ path, message: `{{${whole[1]}}} names no input of this action` });
  }
  return problems;
}

function urlProblems(url: string, declared: ReadonlySet<string>): TemplateProblem[] {
  const path = "request.url";
  const problems = bracesProblems(url, path, declared);
  const authority = authorityEnd(url);
  if (placeholderNames(url.slice(0, authority)).length > 0 || /\{\{/.test(url.slice(0, authority)))
    problems.push({ path, message: "The scheme, host and port are fixed: inputs may fill only the path and query" });
  let parsed: URL | null = null;
  try {
    parsed = new URL(url.replace(new RegExp(PLACEHOLDER), "x"));
  } catch {
    problems.push({ path, message: "Must be an absolute URL such as https://api.example.com/orders/{{order_number}}" });
  }
  if (parsed && parsed.protocol !== "https:" && parsed.protocol !== "http:")
    problems.push({ path, message: "Must start with https:// or http://" });
  if (parsed && (parsed.username || parsed.password))
    problems.push({ path, message: "Must not hold a user name or password: use the action's authentication" });
  return problems;
}

function bodyProblems(action: Action, declared: ReadonlySet<string>): TemplateProblem[] {
  const body = action.request.body;
  if (body === undefined) return [];
  const path = "request.body";
  if (action.request.method !== "POST") return [{ path, message: "Only a POST request has a body" }];
  try {
    JSON.parse(body);
  } catch {
    return [{ path, message: 'Must be valid JSON; placeholders go inside strings, like "{{order_number}}"' }];
  }
  return bracesProblems(body, path, declared);
}

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

/** What is wrong with an action's templates and names, keyed by path; empty when it can run. */
export function checkTemplates(action: Action): TemplateProblem[] {
  const declared = new Set(action.inputs.map((input) => input.name));
  const problems = [...urlProblems(action.request.url, declared), ...bodyProblems(action, declared)];
  for (const name of duplicates(action.inputs.map((input) => input.name)))
    problems.push({ path: "inputs", message: `Two inputs are named "${name}"` });
  for (const label of duplicates(action.response.fields.map((field) => field.label.toLowerCase())))
    problems.push({ path: "response.fields", message: `Two response fields are labelled "${label}"` });
  return problems;
}
