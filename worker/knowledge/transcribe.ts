/**
 * Audio and video files become documents through the configured provider's speech-to-text
 * (OpenAI's transcription API, or any compatible server at OPENAI_BASE_URL): the transcript is
 * split into sections headed by their start time, so answers can cite "Tour › 01:15".
 */
import { transcribe } from "ai";
import { DEFAULT_OPENAI_BASE_URL, importOpenAI } from "../lib/openai-loader";
import type { ParseResult } from "./parsers";
import { titleFromName } from "./parsers/text";

export const DEFAULT_TRANSCRIPTION_MODEL = "whisper-1";
const SECTION_SECONDS = 60; // one section per minute of speech: small enough to cite, big enough to carry context
const PROVIDER_RETRIES = 1; // one more try for a passing provider error; the source then fails with the reason
const MAX_REASON_CHARS = 200; // provider messages are for logs; the source shows a short one

type Segment = { text: string; startSecond: number };
type TranscriptionEnv = Pick<Env, "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "FRONTDESK_TRANSCRIPTION_MODEL">;

const clock = (seconds: number): string => {
  const whole = Math.floor(seconds);
  const hours = Math.floor(whole / 3600);
  const mm = String(Math.floor((whole % 3600) / 60)).padStart(2, "0");
  const ss = String(whole % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
};

/** The transcript as Markdown: a `##` section per minute, headed by its start time. */
export function transcriptMarkdown(text: string, segments: Segment[]): string {
  if (segments.length === 0) return text.trim();
  const sections = new Map<number, string[]>();
  for (const segment of segments) {
    const bucket = Math.floor(segment.startSecond / SECTION_SECONDS);
    sections.set(bucket, [...(sections.get(bucket) ?? []), segment.text.trim()]);
  }
  return [...sections.entries()]
    .map(([bucket, parts]) => `## ${clock(bucket * SECTION_SECONDS)}\n\n${parts.join(" ")}`)
    .join("\n\n");
}

/** Transcribes one media file; never throws: provider failures come back as `unreadable_file` with the reason. */
export async function transcribeMedia(env: TranscriptionEnv, name: string, bytes: Uint8Array): Promise<ParseResult> {
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey)
    return {
      ok: false,
      error: {
        code: "needs_transcription",
        message: "Audio and video need a speech-to-text provider: set OPENAI_API_KEY.",
      },
    };
  try {
    const { createOpenAI } = await importOpenAI();
    const openai = createOpenAI({ apiKey, baseURL: env.OPENAI_BASE_URL?.trim() || DEFAULT_OPENAI_BASE_URL });
    const result = await transcribe({
      model: openai.transcription(env.FRONTDESK_TRANSCRIPTION_MODEL?.trim() || DEFAULT_TRANSCRIPTION_MODEL),
      // The SDK tells the media type from the bytes, and asks each model for the richest format it
      // supports: verbose JSON with segments from whisper-1; the gpt-4o transcribers give text only.
      audio: bytes,
      maxRetries: PROVIDER_RETRIES,
    });
    const markdown = transcriptMarkdown(result.text, result.segments);
    if (!markdown)
      return { ok: false, error: { code: "unreadable_file", message: `${name} has no speech to transcribe.` } };
    return { ok: true, document: { title: titleFromName(name), markdown } };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error))
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, MAX_REASON_CHARS);
    return {
      ok: false,
      error: {
        code: "unreadable_file",
        message: `${name} could not be transcribed: ${reason || "the provider failed"}`,
      },
    };
  }
}
