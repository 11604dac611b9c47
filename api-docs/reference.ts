/**
 * The admin API reference page (`/api/docs`): fetches `/api/openapi.json` with the signed-in
 * person's session and lists every operation with its role, parameters, body and main response.
 * The document is data, never markup: everything is written with `textContent`.
 */

type Schema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  [constraint: string]: unknown;
};
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Media = Record<string, { schema?: Schema }>;
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  "x-frontdesk-role"?: string;
  parameters?: Parameter[];
  requestBody?: { description?: string; content?: Media };
  responses?: Record<string, { description?: string; content?: Media }>;
};
type ApiDocument = {
  info?: { title?: string; version?: string; description?: string };
  servers?: { url?: string }[];
  paths?: Record<string, Record<string, Operation>>;
};

const DOCUMENT_URL = "/api/openapi.json";
const SIGN_IN_URL = "/console/"; // an account's session cookie there is what this page reads with
const METHODS = ["get", "post", "put", "patch", "delete"];
const MAX_DEPTH = 8; // deeper schemas are summarised: no setting nests this far
const CONSTRAINTS = ["format", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "pattern"];

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** One line for a schema's own type: `string, maxLength 500`, `one of: a, b`, `integer | null`. */
function typeLine(schema: Schema): string {
  const variants = schema.anyOf ?? schema.oneOf;
  const parts: string[] = [];
  if (schema.enum) parts.push(`one of: ${schema.enum.map(show).join(", ")}`);
  else if (schema.const !== undefined) parts.push(`= ${show(schema.const)}`);
  else if (variants) parts.push(variants.map((v) => (v.properties ? "object" : typeLine(v))).join(" | "));
  else if (schema.type === "array" && schema.items && !hasChildren(schema.items))
    parts.push(`array of (${typeLine(schema.items)})`);
  else if (schema.type) parts.push(Array.isArray(schema.type) ? schema.type.join(" | ") : schema.type);
  else parts.push("any");
  // Patterns and formats read as written; numbers and lists as JSON.
  for (const key of CONSTRAINTS)
    if (schema[key] !== undefined)
      parts.push(`${key} ${typeof schema[key] === "string" ? schema[key] : show(schema[key])}`);
  if (schema.default !== undefined) parts.push(`default ${show(schema.default)}`);
  return parts.join(", ");
}

/** A schema as a nested list of its fields; objects inside unions and arrays are listed too. */
function schemaList(schema: Schema, depth = 0): HTMLElement {
  const list = el("ul", undefined, "fields");
  const add = (name: string, field: Schema, required: boolean) => {
    const item = el("li");
    item.append(el("code", name), el("span", ` ${required ? "required" : "optional"} · ${typeLine(field)}`, "type"));
    if (field.description) item.append(el("div", field.description, "note"));
    if (depth < MAX_DEPTH && hasChildren(field)) item.append(schemaList(field, depth + 1));
    list.append(item);
  };
  for (const [name, field] of Object.entries(schema.properties ?? {}))
    add(name, field, schema.required?.includes(name) ?? false);
  if (schema.items && hasChildren(schema.items)) add("[item]", schema.items, true);
  if (typeof schema.additionalProperties === "object" && hasChildren(schema.additionalProperties))
    add("[any key]", schema.additionalProperties, false);
  for (const [i, variant] of (schema.anyOf ?? schema.oneOf ?? []).entries())
    if (variant.properties) add(`(variant ${i + 1})`, variant, false);
  return list;
}

const hasChildren = (schema: Schema): boolean =>
  Boolean(
    schema.properties ||
      (schema.items && hasChildren(schema.items)) ||
      (typeof schema.additionalProperties === "object" && hasChildren(schema.additionalProperties)) ||
      (schema.anyOf ?? schema.oneOf)?.some((v) => v.properties),
  );

function mediaSection(title: string, description: string | undefined, content: Media | undefined): HTMLElement {
  const section = el("section");
  section.append(el("h4", title));
  if (description) section.append(el("p", description, "note"));
  for (const [type, { schema }] of Object.entries(content ?? {})) {
    section.append(el("p", `${type}${schema ? ` — ${typeLine(schema)}` : ""}`, "type"));
    if (schema && hasChildren(schema)) section.append(schemaList(schema));
  }
  return section;
}

function parametersTable(parameters: Parameter[]): HTMLElement {
  const table = el("table");
  const head = el("tr");
  for (const title of ["Name", "In", "Required", "Schema"]) head.append(el("th", title));
  table.append(head);
  for (const p of parameters) {
    const row = el("tr");
    const schema = p.schema ? typeLine(p.schema) : "";
    row.append(el("td", p.name), el("td", p.in), el("td", p.required ? "yes" : "no"));
    row.append(el("td", p.description ? `${schema} — ${p.description}` : schema));
    table.append(row);
  }
  return table;
}

function operationView(method: string, path: string, op: Operation): HTMLElement {
  const details = el("details", undefined, "operation");
  details.dataset.search = `${method} ${path} ${op.summary ?? ""}`.toLowerCase();
  const summary = el("summary");
  summary.append(el("span", method.toUpperCase(), `method ${method}`), el("code", path));
  summary.append(el("span", op.summary ?? "", "summary"), el("span", op["x-frontdesk-role"] ?? "", "role"));
  details.append(summary);
  if (op.description) details.append(el("p", op.description));
  if (op.parameters?.length) {
    details.append(el("h4", "Parameters"), parametersTable(op.parameters));
  }
  if (op.requestBody) details.append(mediaSection("Request body", op.requestBody.description, op.requestBody.content));
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    if (status === "default") continue;
    details.append(mediaSection(`Response ${status}`, response.description, response.content));
  }
  return details;
}

function render(doc: ApiDocument, root: HTMLElement): void {
  const info = doc.info ?? {};
  document.title = info.title ?? document.title;
  const header = el("header");
  header.append(el("h1", `${info.title ?? "API"} ${info.version ?? ""}`.trim()));
  if (info.description) header.append(el("p", info.description));
  const note = el("p", "Base URL: ", "note");
  note.append(el("code", doc.servers?.[0]?.url ?? "/"), " · Errors: { error: { code, message, details? } } · ");
  const raw = el("a", "OpenAPI document (JSON)");
  raw.href = DOCUMENT_URL;
  note.append(raw);
  const filter = el("input");
  filter.type = "search";
  filter.placeholder = "Filter by path, method or summary";
  filter.setAttribute("aria-label", "Filter operations");
  header.append(note, filter);

  const groups = new Map<string, HTMLElement[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? "Other";
      groups.set(tag, [...(groups.get(tag) ?? []), operationView(method, path, op)]);
    }
  }
  const main = el("main");
  for (const [tag, views] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const section = el("section", undefined, "group");
    section.append(el("h2", tag), ...views);
    main.append(section);
  }
  filter.addEventListener("input", () => {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const view of main.querySelectorAll<HTMLElement>(".operation"))
      view.hidden = !words.every((word) => view.dataset.search?.includes(word));
    for (const section of main.querySelectorAll<HTMLElement>(".group"))
      section.hidden = !section.querySelector(".operation:not([hidden])");
  });
  root.replaceChildren(header, main);
}

function message(root: HTMLElement, text: string, link?: { href: string; label: string }): void {
  const main = el("main");
  const paragraph = el("p", text, "status");
  if (link) {
    const anchor = el("a", link.label);
    anchor.href = link.href;
    paragraph.append(" ", anchor);
  }
  main.append(el("h1", "Frontdesk admin API"), paragraph);
  root.replaceChildren(main);
}

async function start(): Promise<void> {
  const root = document.getElementById("app");
  if (!root) return;
  try {
    const response = await fetch(DOCUMENT_URL, { credentials: "same-origin", headers: { accept: "application/json" } });
    if (response.status === 401 || response.status === 403) {
      message(
        root,
        "Sign in to the console with an account that has an admin role (viewer or above), then come back.",
        {
          href: SIGN_IN_URL,
          label: "Open the console",
        },
      );
      return;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    render((await response.json()) as ApiDocument, root);
  } catch (error) {
    message(root, `The API description could not be loaded (${error instanceof Error ? error.message : "error"}).`);
  }
}

void start();
