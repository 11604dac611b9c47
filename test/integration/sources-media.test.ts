/**
 * Audio and video file sources: transcribed by the provider's speech-to-text (a loopback
 * OpenAI-compatible server here), indexed in timed sections and answerable; refused clearly
 * without a provider, for formats the provider does not read, and when too large; a provider
 * failure fails that source with the reason and leaves the index as it was; re-sync does not
 * pay for the same transcript twice.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { knowledgeIndex } from "../../worker/knowledge/embedded-index";
import { ingestFileSource, listFiles, MAX_FILE_BYTES, uploadFile } from "../../worker/knowledge/files";
import { retrieve } from "../../worker/knowledge/retrieve";
import { transcriptMarkdown } from "../../worker/knowledge/transcribe";
import { adminFetch } from "./helpers/seed";

const AGENT = "media-agent";
const TEXT_ONLY_AGENT = "media-agent-text"; // its own index: the loopback transcript is the same for every upload
// The first bytes of a WebM (EBML) file; the loopback server does not decode audio, it only records the upload.
const WEBM = new Uint8Array([
  0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04,
]);

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
  for (let i = 0; i < samples; i++)
    view.setInt16(44 + i * 2, Math.round(8_000 * Math.sin((2 * Math.PI * 440 * i) / rate)), true);
  return bytes;
}

type RecordedRequest = {
  path: string;
  authorization: string | null;
  body: { model?: string; fileName?: string | null; responseFormat?: string | null };
};
type SourceView = { id: string; status: string; error: string | null; stats: { chunks: number } };

/**
 * Upload messages are kept off the real ingest queue: its consumer runs with the Worker's own env
 * (no provider key) and, racing the ingest these tests drive, would fail the source.
 */
const heldIngestQueue = { send: async () => {}, sendBatch: async () => {} } as unknown as Env["INGEST_QUEUE"];

function providerEnv(prefix = "", extra: Partial<Env> = {}): Env {
  return {
    ...env,
    INGEST_QUEUE: heldIngestQueue,
    OPENAI_API_KEY: "test-key",
    OPENAI_BASE_URL: `${inject("openaiLoopbackUrl")}${prefix}/v1`,
    ...extra,
  };
}

async function transcriptionRequests(): Promise<RecordedRequest[]> {
  const recorded = (await (await fetch(`${inject("openaiLoopbackUrl")}/__requests`)).json()) as RecordedRequest[];
  return recorded.filter((r) => r.path.endsWith("/audio/transcriptions"));
}

async function sourceView(agentId: string, sourceId: string): Promise<SourceView> {
  return (await (await adminFetch(`/agents/${agentId}/sources/${sourceId}`)).json()) as SourceView;
}

async function uploadWith(providerEnv: Env, name: string, bytes: Uint8Array, agentId = AGENT): Promise<SourceView> {
  const result = await uploadFile(providerEnv, agentId, new File([bytes], name));
  if (!("source" in result)) throw new Error(JSON.stringify(result));
  await ingestFileSource(providerEnv, agentId, result.source.id);
  return sourceView(agentId, result.source.id);
}

beforeAll(async () => {
  for (const id of [AGENT, TEXT_ONLY_AGENT]) {
    expect(
      (
        await adminFetch(`/agents/${id}`, {
          method: "PUT",
          json: { name: "Media", personality: "friendly", greeting: "Hi" },
        })
      ).status,
    ).toBeLessThan(300);
  }
});

describe("audio and video sources", () => {
  it("are transcribed by the provider, indexed by minute, and answer questions", async () => {
    const source = await uploadWith(providerEnv(), "videos/product-tour.webm", WEBM);
    expect(source).toMatchObject({ status: "ready", error: null });
    expect(source.stats.chunks).toBeGreaterThanOrEqual(2);
    const request = (await transcriptionRequests()).find((r) => r.path === "/v1/audio/transcriptions");
    // whisper-1 is asked for verbose JSON (timed segments); the SDK names the file by its sniffed type.
    expect(request).toMatchObject({
      authorization: "Bearer test-key",
      body: { model: "whisper-1", responseFormat: "verbose_json", fileName: "audio.webm" },
    });
    const [passage] = await retrieve(env, AGENT, "How do I calibrate the flux capacitor?", 3);
    expect(passage).toMatchObject({ name: "videos/product-tour.webm", title: "product tour › 01:00" });
    expect(passage?.text).toContain("hold the green button for ten seconds");
  });

  it("send a real WAV recording to the provider as WAV audio", async () => {
    const source = await uploadWith(providerEnv(), "calls/greeting.wav", wavFile());
    expect(source.status).toBe("ready");
    const recorded = (await (await fetch(`${inject("openaiLoopbackUrl")}/__requests`)).json()) as RecordedRequest[];
    expect(
      recorded.some(
        (r) => r.path === "/v1/audio/transcriptions" && (r.body as { fileName?: string }).fileName === "audio.wav",
      ),
    ).toBe(true);
  });

  it("are indexed as plain text with a transcription model that gives no timestamps", async () => {
    const textOnly = providerEnv("", { FRONTDESK_TRANSCRIPTION_MODEL: "gpt-4o-mini-transcribe" });
    const source = await uploadWith(textOnly, "webinar.mp4", WEBM, TEXT_ONLY_AGENT);
    expect(source).toMatchObject({ status: "ready", error: null });
    const request = (await transcriptionRequests()).findLast((r) => r.body.model === "gpt-4o-mini-transcribe");
    expect(request?.body.responseFormat).toBeNull(); // verbose_json is whisper-only; OpenAI refuses it for gpt-4o transcribers
    const [passage] = await retrieve(env, TEXT_ONLY_AGENT, "How do I calibrate the flux capacitor?", 3);
    expect(passage).toMatchObject({ name: "webinar.mp4", title: "webinar" });
    expect(passage?.text).toContain("hold the green button for ten seconds");
  });

  it("are not sent to the provider again on re-sync: the stored file has not changed", async () => {
    const first = await uploadWith(providerEnv(), "resync/faq.m4a", WEBM);
    expect(first.status).toBe("ready");
    const calls = (await transcriptionRequests()).length;
    await ingestFileSource(providerEnv(), AGENT, first.id); // what the weekly re-sync does
    expect(await transcriptionRequests()).toHaveLength(calls);
    expect(await sourceView(AGENT, first.id)).toMatchObject({
      status: "ready",
      error: null,
      stats: { chunks: first.stats.chunks },
    });
  });

  it("are refused over the API without a provider, with a clear message, storing nothing", async () => {
    const before = {
      files: (await listFiles(env, AGENT)).length,
      objects: (await env.FILES.list({ prefix: `agents/${AGENT}/` })).objects.length,
    };
    const form = new FormData();
    form.append("file", new File([WEBM], "talk.webm", { type: "video/webm" }));
    const response = await adminFetch(`/agents/${AGENT}/files`, { method: "POST", body: form }); // the Worker's own env: no OPENAI_API_KEY
    expect(response.status).toBe(400);
    const { items } = (await response.json()) as {
      items: { name: string; error: { code: string; message: string } }[];
    };
    expect(items).toEqual([
      {
        name: "talk.webm",
        error: {
          code: "needs_transcription",
          message: expect.stringMatching(/speech-to-text provider.*OPENAI_API_KEY/),
        },
      },
    ]);
    expect((await listFiles(env, AGENT)).length).toBe(before.files);
    expect((await env.FILES.list({ prefix: `agents/${AGENT}/` })).objects.length).toBe(before.objects);
    const sources = (await (await adminFetch(`/agents/${AGENT}/sources`)).json()) as { items: { name: string }[] };
    expect(sources.items.map((s) => s.name)).not.toContain("talk.webm");
  });

  it("are refused in formats the provider cannot read and above its size limit — storing nothing", async () => {
    const chunksBefore = await knowledgeIndex(env, AGENT).chunkCount();
    const filesBefore = (await listFiles(env, AGENT)).length;
    const none = await uploadFile({ ...env, OPENAI_API_KEY: "  " }, AGENT, new File([WEBM], "talk.webm"));
    expect(none).toMatchObject({ error: { code: "needs_transcription" } }); // a blank key is no provider
    for (const name of ["clip.mov", "clip.avi"]) {
      const refused = await uploadFile(providerEnv(), AGENT, new File([WEBM], name));
      expect(refused, name).toMatchObject({ error: { code: "unsupported_type" } });
      expect("error" in refused && refused.error.message).toMatch(
        /cannot be transcribed: convert it to \.mp4, \.webm or an audio file \(\.mp3, \.m4a, \.wav\)/,
      );
    }
    const big = await uploadFile(providerEnv(), AGENT, new File([new Uint8Array(MAX_FILE_BYTES + 1)], "long.mp3"));
    expect(big).toMatchObject({ error: { code: "file_too_large", message: "long.mp3 is larger than 25 MB." } });
    expect(await knowledgeIndex(env, AGENT).chunkCount()).toBe(chunksBefore);
    expect((await listFiles(env, AGENT)).length).toBe(filesBefore);
  });

  it("fail just that source with the provider's reason when the key is refused (401), and change nothing else", async () => {
    const chunksBefore = await knowledgeIndex(env, AGENT).chunkCount();
    const source = await uploadWith(providerEnv("/failing"), "podcast.mp3", WEBM);
    expect(source.status).toBe("failed");
    expect(source.error).toMatch(/podcast\.mp3 could not be transcribed: .*API key/i);
    expect(await knowledgeIndex(env, AGENT).chunkCount()).toBe(chunksBefore);
  });

  it("fail just that source after one retry when the provider has an error (500), and change nothing else", async () => {
    const chunksBefore = await knowledgeIndex(env, AGENT).chunkCount();
    const source = await uploadWith(providerEnv("/broken"), "outage.wav", WEBM);
    expect(source.status).toBe("failed");
    expect(source.error).toMatch(/outage\.wav could not be transcribed: .*server had an error/i);
    expect((await transcriptionRequests()).filter((r) => r.path === "/broken/v1/audio/transcriptions")).toHaveLength(2);
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
