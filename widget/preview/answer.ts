/**
 * The preview page's model, free of the DOM: a preview answer read field by field from the
 * server's response (optional fields only when present and well formed), the page's turns, and
 * the history sent with each question (the same window and limits the preview route accepts).
 */
import { MAX_MESSAGE_CHARS, type Source } from "../../worker/protocol/events";

/** The preview route keeps at most this many earlier messages (worker/api/preview.ts). */
export const MAX_HISTORY = 20;
const MAX_TOOL_INPUT_CHARS = 500; // a tool call's input is shown as JSON; longer inputs are cut

export type RankedDocument = { title: string; name: string; url: string | null; score: number; citable: boolean };
export type Handoff = { reason: string; detail: string | null };
export type ToolCall = { name: string; input: string };

export type PreviewResult = {
  answer: string;
  sources: Source[];
  ranked: RankedDocument[];
  grounding: number | null;
  abstained: boolean;
  avoidedTopic: { topic: string; handling: string } | null;
  /** Why a handoff would happen, when the server reports it (absent on servers that do not). */
  handoff?: Handoff | null;
  /** The tools the answer would call, when the server reports them. */
  toolCalls?: ToolCall[];
  version: number | null;
};

export type Turn = { id: number; question: string } & (
  | { state: "queued" | "asking" }
  | { state: "answered"; result: PreviewResult }
  | { state: "failed"; code: string; message: string }
);

export type HistoryMessage = { role: "user" | "assistant"; text: string };

type Fields = Record<string, unknown>;

const isFields = (v: unknown): v is Fields => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const list = (v: unknown): Fields[] => (Array.isArray(v) ? v.filter(isFields) : []);

function readSource(f: Fields): Source | null {
  if (typeof f.id !== "string" || typeof f.title !== "string") return null;
  return typeof f.url === "string" ? { id: f.id, title: f.title, url: f.url } : { id: f.id, title: f.title };
}

function readRanked(f: Fields): RankedDocument | null {
  const score = num(f.score);
  if (score === null) return null;
  return {
    title: str(f.title),
    name: str(f.name),
    url: typeof f.url === "string" ? f.url : null,
    score,
    citable: f.citable === true,
  };
}

function readHandoff(v: unknown): Handoff | null | undefined {
  if (v === null) return null;
  if (!isFields(v) || typeof v.reason !== "string") return undefined;
  const detail =
    v.detail === undefined || v.detail === null
      ? null
      : typeof v.detail === "string"
        ? v.detail
        : JSON.stringify(v.detail);
  return { reason: v.reason, detail };
}

function readToolCall(f: Fields): ToolCall | null {
  if (typeof f.name !== "string") return null;
  const input = f.input === undefined ? "" : (JSON.stringify(f.input) ?? "");
  return {
    name: f.name,
    input: input.length > MAX_TOOL_INPUT_CHARS ? `${input.slice(0, MAX_TOOL_INPUT_CHARS)}…` : input,
  };
}

const present = <T>(items: (T | null)[]): T[] => items.filter((item): item is T => item !== null);

/** A preview response as the page shows it; anything malformed is left out rather than trusted. */
export function readPreviewAnswer(f: Fields): PreviewResult {
  const topic =
    isFields(f.avoidedTopic) && typeof f.avoidedTopic.topic === "string"
      ? { topic: f.avoidedTopic.topic, handling: str(f.avoidedTopic.handling) }
      : null;
  const result: PreviewResult = {
    answer: str(f.answer),
    sources: present(list(f.sources).map(readSource)),
    ranked: present(list(f.ranked).map(readRanked)),
    grounding: num(f.grounding),
    abstained: f.abstained === true,
    avoidedTopic: topic,
    version: num(f.version),
  };
  const handoff = readHandoff(f.handoff);
  if (handoff !== undefined) result.handoff = handoff;
  if (Array.isArray(f.toolCalls)) result.toolCalls = present(list(f.toolCalls).map(readToolCall));
  return result;
}

/** The conversation so far, as the preview route takes it: answered turns before `turnId`, newest last, within its limits. */
export function historyFor(turns: Turn[], turnId: number): HistoryMessage[] {
  const messages: HistoryMessage[] = [];
  for (const turn of turns) {
    if (turn.id >= turnId) break;
    if (turn.state !== "answered") continue; // a failed question got no answer: leave it out, as a conversation would
    messages.push({ role: "user", text: turn.question.slice(0, MAX_MESSAGE_CHARS) });
    if (turn.result.answer.trim())
      messages.push({ role: "assistant", text: turn.result.answer.slice(0, MAX_MESSAGE_CHARS) });
  }
  return messages.slice(-MAX_HISTORY);
}
