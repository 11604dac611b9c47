/**
 * Avatars end to end inside workerd: upload (format from the magic bytes, size cap), setting it
 * through PUT and publish, the widget config's avatarUrl and image hosts, and the public route.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_AVATAR_BYTES, sniffImage } from "../../worker/channels/live-chat/avatars";
import { adminFetch } from "./helpers/seed";
import { workerFetch } from "./support/chat-client";

const AGENT = "avatar-agent";
const OTHER = "avatar-other";
const BASE = { name: "Avatar", personality: "friendly", greeting: "Hi" } as const;

/** A real 1×1 PNG. */
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="),
  (c) => c.charCodeAt(0),
);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const GIF = new TextEncoder().encode("GIF89a\x01\x00\x01\x00");
const WEBP = new Uint8Array([
  ...new TextEncoder().encode("RIFF"),
  0x1a,
  0,
  0,
  0,
  ...new TextEncoder().encode("WEBPVP8L"),
]);
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

type Upload = { avatar: string; url: string };
type ErrorJson = { error: { code: string; message: string; details?: Record<string, unknown> } };
type Config = { avatarUrl: string | null; allowedImageHosts: string[] };

function upload(agentId: string, bytes: Uint8Array, name = "avatar.png", type = "image/png"): Promise<Response> {
  const form = new FormData();
  form.append("file", new Blob([bytes], { type }), name);
  return adminFetch(`/agents/${agentId}/avatar`, { method: "POST", body: form });
}

const widgetConfig = async (agentId: string): Promise<Config> =>
  (await (await workerFetch(`/v1/agents/${agentId}/widget-config`)).json()) as Config;
const storedAvatars = async (agentId: string): Promise<string[]> =>
  (await env.FILES.list({ prefix: `avatars/${agentId}/` })).objects.map((o) => o.key);
const versionCount = async (agentId: string): Promise<number> =>
  ((await (await adminFetch(`/agents/${agentId}/versions`)).json()) as { items: unknown[] }).items.length;

beforeAll(async () => {
  for (const id of [AGENT, OTHER])
    expect((await adminFetch(`/agents/${id}`, { method: "PUT", json: BASE })).status).toBe(201);
});

describe("avatar upload", () => {
  it("stores the image, and once set and published the widget shows it from the public route", async () => {
    expect(await widgetConfig(AGENT)).toMatchObject({ avatarUrl: null, allowedImageHosts: [] });
    const response = await upload(AGENT, PNG);
    expect(response.status).toBe(201);
    const { avatar, url } = (await response.json()) as Upload;
    expect(avatar).toMatch(/^[0-9a-f]{64}\.png$/);
    expect(url).toBe(`http://frontdesk.test/v1/agents/${AGENT}/avatar/${avatar}`);
    expect(await storedAvatars(AGENT)).toEqual([`avatars/${AGENT}/${avatar}`]);

    const saved = await adminFetch(`/agents/${AGENT}`, {
      method: "PUT",
      json: { ...BASE, settings: { avatar, allowedImageHosts: ["images.example.com"] } },
    });
    expect(saved.status).toBe(200);
    expect(await widgetConfig(AGENT)).toMatchObject({ avatarUrl: null }); // a draft: visitors still see the published agent
    expect((await adminFetch(`/agents/${AGENT}/publish`, { method: "POST" })).status).toBe(200);
    expect(await widgetConfig(AGENT)).toMatchObject({ avatarUrl: url, allowedImageHosts: ["images.example.com"] });

    const served = await workerFetch(new URL(url).pathname);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("cache-control")).toMatch(/max-age=31536000.*immutable/);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);
  });

  it("names the stored format by its bytes, not by the file name or declared type", async () => {
    for (const [bytes, ext] of [
      [JPEG, "jpg"],
      [GIF, "gif"],
      [WEBP, "webp"],
    ] as const) {
      const response = await upload(OTHER, bytes, "picture.png", "image/png");
      expect(response.status).toBe(201);
      const { avatar, url } = (await response.json()) as Upload;
      expect(avatar.endsWith(`.${ext}`)).toBe(true);
      expect((await workerFetch(new URL(url).pathname)).headers.get("content-type")).toBe(
        sniffImage(bytes)?.contentType,
      );
    }
  });

  it("refuses text and SVG (whatever the name says) with a clear code, storing nothing", async () => {
    const before = await storedAvatars(OTHER);
    for (const [bytes, name, type] of [
      [new TextEncoder().encode("just some text"), "avatar.png", "image/png"],
      [SVG, "avatar.png", "image/png"],
      [SVG, "avatar.svg", "image/svg+xml"],
    ] as const) {
      const response = await upload(OTHER, bytes, name, type);
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorJson).error.code).toBe("unsupported_image");
    }
    expect(await storedAvatars(OTHER)).toEqual(before);
  });

  it("refuses an image over the size cap, storing nothing", async () => {
    const before = await storedAvatars(OTHER);
    const big = new Uint8Array(MAX_AVATAR_BYTES + 1);
    big.set(PNG);
    const response = await upload(OTHER, big);
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorJson).error.code).toBe("image_too_large");
    expect(await storedAvatars(OTHER)).toEqual(before);
  });

  it("refuses uploads for an unknown agent, bodies without a file, and the wrong auth", async () => {
    const unknown = await upload("nobody-here", PNG);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorJson).error.code).toBe("not_found");
    expect(await storedAvatars("nobody-here")).toEqual([]);
    expect((await adminFetch(`/agents/${OTHER}/avatar`, { method: "POST", body: new FormData() })).status).toBe(400);
    expect(
      (
        await adminFetch(`/agents/${OTHER}/avatar`, {
          method: "POST",
          body: PNG,
          headers: { "content-type": "image/png" },
        })
      ).status,
    ).toBe(415);
    const form = new FormData();
    form.append("file", new Blob([PNG]), "a.png");
    expect((await adminFetch(`/agents/${OTHER}/avatar`, { method: "POST", body: form, token: "wrong" })).status).toBe(
      401,
    );
  });
});

describe("settings.avatar", () => {
  it("must name an avatar uploaded for this agent: anything else is a 400 and no new version", async () => {
    const versions = await versionCount(OTHER);
    const never = `${"a".repeat(64)}.png`;
    const refused = await adminFetch(`/agents/${OTHER}`, {
      method: "PUT",
      json: { ...BASE, settings: { avatar: never } },
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as ErrorJson;
    expect(body.error.code).toBe("invalid_body");
    expect(body.error.details).toHaveProperty(["settings.avatar"]);

    // Uploaded, but for another agent only.
    const { avatar } = (await (
      await upload(AGENT, new TextEncoder().encode("GIF87a only-for-the-first-agent"))
    ).json()) as Upload;
    expect(
      (await adminFetch(`/agents/${OTHER}`, { method: "PUT", json: { ...BASE, settings: { avatar } } })).status,
    ).toBe(400);
    expect(await versionCount(OTHER)).toBe(versions);
    expect(((await (await adminFetch(`/agents/${OTHER}`)).json()) as { draft: unknown }).draft).toBeNull();
  });
});

describe("the public avatar route", () => {
  it("answers 404 for unknown avatars, agents and malformed names", async () => {
    for (const path of [
      `/v1/agents/${AGENT}/avatar/${"b".repeat(64)}.png`,
      `/v1/agents/ghost/avatar/${"b".repeat(64)}.png`,
      `/v1/agents/${AGENT}/avatar/..%2Fsecret`,
      `/v1/agents/${AGENT}/avatar/x.svg`,
    ]) {
      const response = await workerFetch(path);
      expect(response.status, path).toBe(404);
    }
  });
});
