/**
 * Audio and video file sources: transcribed by the provider's speech-to-text (a loopback
 * OpenAI-compatible server here), indexed in timed sections and answerable; refused clearly
 * without a provider, for formats the provider does not read, and when too large; a provider
 * failure fails that source with the reason and leaves the index as it was.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { knowledgeIndex } from "../../worker/knowledge/embedded-index";
import { ingestFileSource, MAX_FILE_BYTES, uploadFile } from "../../worker/knowledge/files";
import { retrieve } from "../../worker/knowledge/retrieve";
import { transcriptMarkdown } from "../../worker/knowledge/transcribe";
import { adminFetch } from "./helpers/seed";

const AGENT = "media-agent";
// The first bytes of a WebM (EBML) file; the loopback server does not decode audio, it only records the upload.
const WEBM = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04]);

/** A real WAV file: 0.1 s of a 440 Hz tone, 8 kHz mono 16-bit PCM. */
function wavFile(): Uint8Array {
  const rate = 8_000;
  const samples = rate / 10;
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, "RIFF");
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) view.setInt16(44 + i * 2, Math.round(8_000 * Math.sin((2 * Math.PI * 440 * i) / rate)), true);
  return bytes;
}

type RecordedRequest = { path: string; authorization: string | null; body: { model?: string; bytes?: number } };

function providerEnv(prefix = ""): Env {
  return { ...env, OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: `${inject("openaiLoopbackUrl")}${prefix}/v1` };
}

async function uploadWith(providerEnv: Env, name: string, bytes: Uint8Array) {
  const result = await uploadFile(providerEnv, AGENT, new File([bytes], name));
  if (!("source" in result)) throw new Error(JSON.stringify(result));
  await ingestFileSource(providerEnv, AGENT, result.source.id);
  return (await (await adminFetch(`/agents/${AGENT}/sources/${result.source.id}`)).json()) as { status: string; error: string | null; stats: { chunks: number } };
}

beforeAll(async () => {
  expect((await adminFetch(`/agents/${AGENT}`, { method: "PUT", json: { name: "Media", personality: "friendly", greeting: "Hi" } })).status).toBeLessThan(300);
});

describe("audio and video sources", () => {
  it("are transcribed by the provider, indexed by minute, and answer questions", async () => {
    const source = await uploadWith(providerEnv(), "videos/product-tour.webm", WEBM);
    expect(source).toMatchObject({ status: "ready", error: null });
    expect(source.stats.chunks).toBeGreaterThanOrEqual(2);
    const recorded = (await (await fetch(`${inject("openaiLoopbackUrl")}/__requests`)).json()) as RecordedRequest[];
    const request = recorded.find((r) => r.path === "/v1/audio/transcriptions");
    expect(request).toMatchObject({ authorization: "Bearer test-key", body: { model: "whisper-1" } });
    const [passage] = await retrieve(env, AGENT, "How do I calibrate the flux capacitor?", 3);
    expect(passage).toMatchObject({ name: "videos/product-tour.webm", title: "product tour › 01:00" });
    expect(passage?.text).toContain("hold the green button for ten seconds");
  });

  it("send a real WAV recording to the provider as WAV audio", async () => {
    const source = await uploadWith(providerEnv(), "calls/greeting.wav", wavFile());
    expect(source.status).toBe("ready");
    const recorded = (await (await fetch(`${inject("openaiLoopbackUrl")}/__requests`)).json()) as RecordedRequest[];
    expect(recorded.some((r) => r.path === "/v1/audio/transcriptions" && (r.body as { fileName?: string }).fileName === "audio.wav")).toBe(true);
  });

  it("are refused without a provider, in formats the provider cannot read, and above its size limit — storing nothing", async () => {
    const chunksBefore = await knowledgeIndex(env, AGENT).chunkCount();
    const none = await uploadFile(env, AGENT, new File([WEBM], "talk.webm"));
    expect(none).toMatchObject({ error: { code: "needs_transcription" } });
    for (const name of ["clip.mov", "clip.avi"]) {
      const refused = await uploadFile(providerEnv(), AGENT, new File([WEBM], name));
      expect(refused, name).toMatchObject({ error: { code: "unsupported_type" } });
      expect("error" in refused && refused.error.message).toMatch(/\.mp4/);
    }
    const big = await uploadFile(providerEnv(), AGENT, new File([new Uint8Array(MAX_FILE_BYTES + 1)], "long.mp3"));
    expect(big).toMatchObject({ error: { code: "file_too_large" } });
    expect(await knowledgeIndex(env, AGENT).chunkCount()).toBe(chunksBefore);
  });

  it("fail just that source with the provider's reason when transcription fails, and change nothing else", async () => {
    const chunksBefore = await knowledgeIndex(env, AGENT).chunkCount();
    const source = await uploadWith(providerEnv("/failing"), "podcast.mp3", WEBM);
    expect(source.status).toBe("failed");
    expect(source.error).toMatch(/podcast\.mp3 could not be transcribed: .*API key/i);
    expect(await knowledgeIndex(env, AGENT).chunkCount()).toBe(chunksBefore);
  });
});

describe("transcript sections", () => {
  it("head each minute with its start time and fall back to plain text without segments", () => {
    const markdown = transcriptMarkdown("ignored", [
      { text: " Hello.", startSecond: 0 },
      { text: " Still the first minute.", startSecond: 59.9 },
      { text: " An hour later.", startSecond: 3725 },
    ]);
    expect(markdown).toBe("## 00:00\n\nHello. Still the first minute.\n\n## 1:02:00\n\nAn hour later.");
    expect(transcriptMarkdown("  Just text. ", [])).toBe("Just text.");
  });
});
