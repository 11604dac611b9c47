/**
 * The Actions tab's data: an action as the API shows it, the form's flat state, and the two ways
 * between them (lines of text for trigger phrases, headers and response fields; one row per input).
 * The credential is never in an answer, so the form's credential field always starts empty.
 */
export const AUTH_KINDS = ["none", "bearer", "basic", "api_key_header", "api_key_query"] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];
export const AUTH_NAMES: Record<AuthKind, string> = {
  none: "None",
  bearer: "Bearer token",
  basic: "Basic (username and password)",
  api_key_header: "API key in a header",
  api_key_query: "API key in the query",
};
/** The one extra setting each kind has besides the credential: its key in `auth` and its label. */
export const AUTH_FIELD: Partial<Record<AuthKind, { key: string; label: string }>> = {
  basic: { key: "username", label: "Username" },
  api_key_header: { key: "header", label: "Header name" },
  api_key_query: { key: "param", label: "Query parameter" },
};
export const PROTECTIONS = ["none", "match_email", "verify_email"] as const;
export const INPUT_TYPES = ["text", "number", "email", "date"] as const;

export type ActionInput = {
  name: string;
  label: string;
  type: string;
  instructions?: string;
  required: boolean;
  pattern?: string;
  fromProperty?: string;
};

export type ActionView = {
  id: string;
  name: string;
  description: string;
  triggerPhrases: string[];
  inputs: ActionInput[];
  request: { method: "GET" | "POST"; url: string; headers: Record<string, string>; body?: string };
  auth: { kind: AuthKind } & Record<string, string>;
  protection: string;
  risk: "read" | "write";
  response: { fields: { path: string; label: string }[] };
  timeoutMs: number;
  enabled: boolean;
  credentialSet: boolean;
  live: boolean;
};

export type InputRow = Record<"name" | "label" | "type" | "instructions" | "pattern" | "fromProperty", string> & {
  required: boolean;
};

export type ActionForm = {
  name: string;
  description: string;
  triggers: string;
  inputs: InputRow[];
  method: "GET" | "POST";
  url: string;
  headers: string;
  body: string;
  authKind: AuthKind;
  authField: string;
  credential: string;
  removeCredential: boolean;
  protection: string;
  risk: "read" | "write";
  fields: string;
  timeoutMs: number;
  enabled: boolean;
};

export const emptyInput = (): InputRow => ({
  name: "",
  label: "",
  type: "text",
  instructions: "",
  pattern: "",
  fromProperty: "",
  required: true,
});

export function formOf(action: ActionView | null): ActionForm {
  const kind = action?.auth.kind ?? "none";
  const field = AUTH_FIELD[kind];
  return {
    name: action?.name ?? "",
    description: action?.description ?? "",
    triggers: (action?.triggerPhrases ?? []).join("\n"),
    inputs: (action?.inputs ?? []).map((input) => ({
      ...emptyInput(),
      ...input,
      instructions: input.instructions ?? "",
      pattern: input.pattern ?? "",
      fromProperty: input.fromProperty ?? "",
    })),
    method: action?.request.method ?? "GET",
    url: action?.request.url ?? "https://",
    headers: Object.entries(action?.request.headers ?? {})
      .map(([name, value]) => `${name}: ${value}`)
      .join("\n"),
    body: action?.request.body ?? "",
    authKind: kind,
    authField: field && action ? (action.auth[field.key] ?? "") : "",
    credential: "",
    removeCredential: false,
    protection: action?.protection ?? "none",
    risk: action?.risk ?? "read",
    fields: (action?.response.fields ?? []).map((f) => `${f.path} ${f.label}`).join("\n"),
    timeoutMs: action?.timeoutMs ?? 10_000,
    enabled: action?.enabled ?? true,
  };
}

const lines = (text: string): string[] =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
const optional = (value: string): string | undefined => (value.trim() === "" ? undefined : value.trim());

/** The API body for the form; `credential` only when typed, or null when asked to remove it. */
export function bodyOf(form: ActionForm): Record<string, unknown> {
  const field = AUTH_FIELD[form.authKind];
  return {
    name: form.name.trim(),
    description: form.description.trim(),
    triggerPhrases: lines(form.triggers),
    inputs: form.inputs.map((row) => ({
      name: row.name.trim(),
      label: row.label.trim(),
      type: row.type,
      required: row.required,
      instructions: optional(row.instructions),
      pattern: optional(row.pattern),
      fromProperty: optional(row.fromProperty),
    })),
    request: {
      method: form.method,
      url: form.url.trim(),
      headers: Object.fromEntries(
        lines(form.headers).map((line) => {
          const colon = line.indexOf(":");
          return colon < 0 ? [line, ""] : [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
        }),
      ),
      body: optional(form.body),
    },
    auth: { kind: form.authKind, ...(field ? { [field.key]: form.authField.trim() } : {}) },
    protection: form.protection,
    risk: form.risk,
    response: {
      fields: lines(form.fields).map((line) => {
        const space = line.search(/\s/);
        return space < 0
          ? { path: line, label: line }
          : { path: line.slice(0, space), label: line.slice(space).trim() };
      }),
    },
    timeoutMs: form.timeoutMs,
    enabled: form.enabled,
    ...(form.removeCredential ? { credential: null } : form.credential ? { credential: form.credential } : {}),
  };
}

/** The API's field errors under `prefix` (e.g. every `request.headers…`), as one message for one field. */
export function errorsUnder(errors: Record<string, string>, prefix: string): string | undefined {
  const found = Object.entries(errors).filter(([path]) => path === prefix || path.startsWith(`${prefix}.`));
  return found.length
    ? found.map(([path, message]) => (path === prefix ? message : `${path}: ${message}`)).join("; ")
    : undefined;
}
