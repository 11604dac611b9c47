/**
 * Checks the value a visitor (or a model) gave for one action input, by its type and its pattern,
 * and turns it into its canonical form (a plain decimal, an ISO date, an address with a lower-case
 * domain); and finds, in a visitor's message, the values of inputs already written there (the
 * offline model's extraction), so the agent asks only for what is still missing.
 */
import { z } from "zod";
import type { ActionInput } from "./definition";

/** Longer values are refused before any pattern runs: it caps the work a catastrophic pattern can do. */
export const MAX_INPUT_CHARS = 500;
/** Digits a number input may have: more would not survive as a JSON number. */
const MAX_NUMBER_DIGITS = 15;

export type InputCheck = { ok: true; value: string } | { ok: false; error: string };

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const GROUPED_DECIMAL = /^([+-]?)(\d{1,3}(?:[,_ ]\d{3})+)(?:\.(\d+))?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const MONTH =
  "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|" +
  "aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const DAY = "(\\d{1,2})(?:st|nd|rd|th)?";
const DAY_MONTH_YEAR = new RegExp(`^${DAY}\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})$`, "i");
const MONTH_DAY_YEAR = new RegExp(`^${MONTH}\\s+${DAY},?\\s+(\\d{4})$`, "i");
const EMAIL = z.email().max(254);
// Control characters, and lone surrogates (which no URL or JSON encoder can carry).
const UNSAFE_TEXT = /[\p{Cc}\p{Cs}\u2028\u2029]/u;

function invalid(input: ActionInput, what: string): InputCheck {
  const hint = input.instructions ? ` (${input.instructions.replace(/[.\s]+$/, "")})` : "";
  return { ok: false, error: `${what}${hint}.` };
}

function canonicalNumber(sign: string, whole: string, fraction: string | undefined): string | null {
  const intPart = whole.replace(/^0+(?=\d)/, "");
  const fracPart = (fraction ?? "").replace(/0+$/, "");
  if (intPart.replace(/^0$/, "").length + fracPart.length > MAX_NUMBER_DIGITS) return null;
  const text = fracPart ? `${intPart}.${fracPart}` : intPart;
  return sign === "-" && /[1-9]/.test(text) ? `-${text}` : text;
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function monthNumber(name: string): number {
  return MONTHS.findIndex((m) => m.startsWith(name.toLowerCase().replace(/\.$/, "").slice(0, 3))) + 1;
}

/** `2026-12-05`, `5 December 2026` or `December 5, 2026` as an ISO date, or null. */
export function parseDate(value: string): string | null {
  const iso = ISO_DATE.exec(value);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dmy = DAY_MONTH_YEAR.exec(value);
  if (dmy) return isoDate(Number(dmy[3]), monthNumber(dmy[2] ?? ""), Number(dmy[1]));
  const mdy = MONTH_DAY_YEAR.exec(value);
  if (mdy) return isoDate(Number(mdy[3]), monthNumber(mdy[1] ?? ""), Number(mdy[2]));
  return null;
}

function typed(input: ActionInput, value: string, allowedByPattern: boolean): string | null {
  switch (input.type) {
    case "number": {
      const plain = DECIMAL.exec(value) ?? (allowedByPattern ? GROUPED_DECIMAL.exec(value) : null);
      if (!plain) return null;
      return canonicalNumber(plain[1] ?? "", (plain[2] ?? "").replace(/[,_ ]/g, ""), plain[3]);
    }
    case "email": {
      const parsed = EMAIL.safeParse(value);
      if (!parsed.success) return null;
      const at = value.lastIndexOf("@");
      return `${value.slice(0, at)}@${value.slice(at + 1).toLowerCase()}`;
    }
    case "date":
      return parseDate(value);
    case "text":
      return value;
  }
}

const TYPE_NAMES = { number: "a number", email: "an email address", date: "a date", text: "text" } as const;

/**
 * The canonical value of `raw` for `input`, or a sentence the visitor can read. The pattern must
 * match the whole value, as written or in its canonical form.
 */
export function checkInput(input: ActionInput, raw: string): InputCheck {
  const value = raw.trim();
  const label = input.label;
  if (!value) return invalid(input, `Please give your ${label}`);
  if (value.length > MAX_INPUT_CHARS)
    return invalid(input, `The ${label} is too long (at most ${MAX_INPUT_CHARS} characters)`);
  if (UNSAFE_TEXT.test(value)) return invalid(input, `The ${label} must be one line of plain text`);
  const pattern = input.pattern ? new RegExp(`^(?:${input.pattern})$`, "u") : null;
  const writtenMatches = pattern ? pattern.test(value) : true;
  const canonical = typed(input, value, writtenMatches && pattern !== null);
  if (canonical === null) return invalid(input, `The ${label} must be ${TYPE_NAMES[input.type]}`);
  if (pattern && !writtenMatches && !pattern.test(canonical))
    return invalid(input, `That doesn't look like a valid ${label}`);
  return { ok: true, value: canonical };
}

type Candidate = { text: string; start: number; end: number };
/** How far before a candidate a word of the input's label still names it ("order number is #1234"). */
const LABEL_REACH_CHARS = 24;

const EMAIL_TOKEN = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[^\s@<>()[\]"',;:.!?]+/g;
const ISO_TOKEN = /\b\d{4}-\d{2}-\d{2}\b/g;
const NATURAL_DATE_TOKEN = new RegExp(
  `\\b(?:${DAY}\\s+(?:of\\s+)?${MONTH},?\\s+\\d{4}|${MONTH}\\s+${DAY},?\\s+\\d{4})\\b`,
  "gi",
);
/** Numbers and codes: a run of letters, digits and inner `-`, `.`, `,`, `/`, `_` holding a digit. */
const CODE_TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{N}_]|[-.,/](?=[\p{L}\p{N}]))*/gu;

function matches(text: string, regex: RegExp): Candidate[] {
  return [...text.matchAll(regex)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

const overlaps = (a: Candidate, taken: readonly Candidate[]) => taken.some((b) => a.start < b.end && b.start < a.end);

/** The candidate values of a message, by the kind of input they may fill. */
function candidatesOf(text: string): { emails: Candidate[]; dates: Candidate[]; codes: Candidate[] } {
  const emails = matches(text, EMAIL_TOKEN);
  const dates = [...matches(text, ISO_TOKEN), ...matches(text, NATURAL_DATE_TOKEN)]
    .filter((d) => !overlaps(d, emails))
    .sort((a, b) => a.start - b.start);
  const codes = matches(text, CODE_TOKEN).filter(
    (c) => /\p{N}/u.test(c.text) && !overlaps(c, emails) && !overlaps(c, dates),
  );
  return { emails, dates, codes };
}

/** Words of an input's label and name worth looking for ("order", "number"), lower-case. */
function labelWords(input: ActionInput): string[] {
  const words = `${input.label} ${input.name.replace(/_/g, " ")}`.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  return [...new Set(words.filter((word) => word.length >= 3))];
}

/** The candidates, those just after a word of the input's label first ("2 items, order 1234": 1234 is the order). */
function byLabel(message: string, pool: readonly Candidate[], input: ActionInput): Candidate[] {
  const words = labelWords(input);
  const named = (c: Candidate) => {
    const before = message.slice(Math.max(0, c.start - LABEL_REACH_CHARS), c.start).toLowerCase();
    return words.some((word) => before.includes(word));
  };
  return [...pool.filter(named), ...pool.filter((c) => !named(c))];
}

/**
 * The values of `inputs` the visitor already wrote in `text` ("where is my order #1234?" →
 * `{ order_number: "1234" }`), each checked with `checkInput`. A text input without a pattern is
 * never guessed, nor is one filled from a contact property; one candidate fills one input at most.
 */
export function findInputsIn(text: string, inputs: readonly ActionInput[]): Record<string, string> {
  const message = text.slice(0, 5_000); // a visitor's message; longer text is not scanned
  const { emails, dates, codes } = candidatesOf(message);
  const used = new Set<Candidate>();
  const found: Record<string, string> = {};
  for (const input of inputs) {
    if (input.fromProperty || (input.type === "text" && !input.pattern)) continue;
    const pool = input.type === "email" ? emails : input.type === "date" ? dates : codes;
    for (const candidate of byLabel(message, pool, input)) {
      if (used.has(candidate)) continue;
      const checked = checkInput(input, candidate.text);
      if (!checked.ok) continue;
      used.add(candidate);
      found[input.name] = checked.value;
      break;
    }
  }
  return found;
}
