import { describe, expect, it } from "vitest";
import { applyAuth, type OutgoingRequest, redactRequest } from "./auth";

const request: OutgoingRequest = {
  method: "POST",
  url: "https://api.example.com/orders?x=1",
  headers: { accept: "application/json", "x-api-token": "fixed-secret", "x-shop": "north" },
  body: '{"echo":"s3cr3t"}',
};

describe("applyAuth and redactRequest", () => {
  it("puts each kind of credential in its place", () => {
    const sign = (auth: Parameters<typeof applyAuth>[0]) => {
      const result = applyAuth(auth, "s3cr3t", request);
      if (!result.ok) throw new Error(result.message);
      return result.request;
    };
    expect(sign({ kind: "bearer" }).headers.authorization).toBe("Bearer s3cr3t");
    expect(sign({ kind: "basic", username: "zoë" }).headers.authorization).toBe(
      `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode("zoë:s3cr3t")))}`,
    );
    expect(sign({ kind: "api_key_header", header: "X-Key" }).headers["x-key"]).toBe("s3cr3t");
    expect(sign({ kind: "api_key_query", param: "key" }).url).toBe("https://api.example.com/orders?x=1&key=s3cr3t");
    expect(sign({ kind: "none" })).toBe(request);
  });

  it("never signs without a credential, nor with one a header cannot carry", () => {
    expect(applyAuth({ kind: "bearer" }, null, request)).toMatchObject({ ok: false, code: "missing_credentials" });
    expect(applyAuth({ kind: "api_key_query", param: "k" }, "", request)).toMatchObject({ ok: false });
    expect(applyAuth({ kind: "bearer" }, "a\r\nX-Evil: 1", request)).toMatchObject({ ok: false });
  });

  it("redacts the credential in every place and spelling, and secret-looking headers", () => {
    const credential = "k&y/ü";
    const signed = applyAuth({ kind: "api_key_query", param: "key" }, credential, request);
    if (!signed.ok) throw new Error(signed.message);
    const shown = redactRequest(
      { ...signed.request, body: JSON.stringify({ a: credential }) },
      { kind: "api_key_query", param: "key" },
      credential,
    );
    expect(shown.url).toBe("https://api.example.com/orders?x=1&key=[redacted]");
    expect(shown.headers).toEqual({ accept: "application/json", "x-api-token": "[redacted]", "x-shop": "north" });
    expect(shown.body).toBe('{"a":"[redacted]"}');
    const basic = applyAuth({ kind: "basic", username: "u" }, credential, request);
    if (!basic.ok) throw new Error(basic.message);
    expect(redactRequest(basic.request, { kind: "basic", username: "u" }, credential).headers.authorization).toBe(
      "[redacted]",
    );
  });
});
