import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import devVarsExample from "../../.dev.vars.example?raw";
import wranglerConfig from "../../wrangler.toml?raw";
import { loopbackAllowance, refuseUrl } from "./address-policy";
import { MAX_REDIRECTS, SafeFetchError, safeFetch } from "./safe-fetch";

declare module "vitest" {
  export interface ProvidedContext {
    loopbackSiteUrl: string;
    loopbackOtherUrl: string;
  }
}

const site = inject("loopbackSiteUrl");
const other = inject("loopbackOtherUrl");
const allowSite = { ALLOW_LOOPBACK_FETCH: new URL(site).host };

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "fetched";
  } catch (error) {
    if (error instanceof SafeFetchError) return error.code;
    throw error;
  }
}

describe("the address policy", () => {
  // Checked without any connection: refused before a fetch would start.
  it.each([
    "http://127.0.0.1/",
    "http://127.1/",
    "http://0x7f.0.0.1/",
    "http://2130706433/",
    "http://017700000001/",
    "http://0.0.0.0/",
    "http://10.1.2.3/",
    "http://172.20.0.1/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[64:ff9b::a00:1]/",
    "http://[fd00:ec2::254]/",
    "http://[fe80::1]/",
    "http://localhost:8080/",
    "http://api.localhost/",
    "http://printer.local/",
    "http://metadata.google.internal/",
    "http://intranet/",
    "http://localhost./",
    "http://localhost%2e/",
    "http://printer.local./",
    "http://metadata.google.internal./",
    "http://intranet./",
    "http://127.0.0.1./",
    "http://0177.0.0.1/",
    "http://127.000.000.001/",
    "http://[::127.0.0.1]/",
    "http://[0:0:0:0:0:ffff:127.0.0.1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[fc00::1]/",
    "http://[fec0::1]/",
    "http://[feff:ffff::1]/",
    "http://[2002:7f00:1::]/",
    "http://[2002:a00:1::1]/",
    "http://[2002:5db8:d70e::1]/",
  ])("refuses %s", (raw) => {
    expect(refuseUrl(new URL(raw))?.code).toBe("blocked_address");
  });

  it.each(["ftp://example.com/", "file:///etc/passwd", "http://user:pw@example.com/", "javascript:alert(1)"])(
    "refuses the URL %s",
    (raw) => {
      expect(refuseUrl(new URL(raw))?.code).toBe("bad_url");
    },
  );

  it.each([
    "https://example.com/help",
    "http://93.184.215.14/",
    "https://[2606:4700::1111]/",
    "https://[2001:4860:4860::8888]/",
    "https://[2003::1]/",
    "https://support.arduino.cc/hc/en-us",
  ])("lets %s through", (raw) => {
    expect(refuseUrl(new URL(raw))).toBeNull();
  });

  it("allows only exact loopback host:port pairs, and nothing by default", () => {
    expect(loopbackAllowance(undefined).size).toBe(0);
    expect(loopbackAllowance("127.0.0.1:4000, 10.0.0.1:80, localhost:1").size).toBe(1);
    expect(refuseUrl(new URL("http://127.0.0.1:4000/"), loopbackAllowance("127.0.0.1:4000"))).toBeNull();
    expect(refuseUrl(new URL("http://127.0.0.1:4001/"), loopbackAllowance("127.0.0.1:4000"))?.code).toBe(
      "blocked_address",
    );
  });

  it("is off in every configuration the project ships", () => {
    // The test run allows its webhook receiver and nothing else.
    expect(env.ALLOW_LOOPBACK_FETCH).toBe(new URL(env.WEBHOOK_RECEIVER_URL).host);
    expect(wranglerConfig).not.toMatch(/^\s*ALLOW_LOOPBACK_FETCH\s*=/m);
    expect(devVarsExample).toMatch(/^ALLOW_LOOPBACK_FETCH=$/m);
  });
});

describe("safeFetch against loopback sites", () => {
  it("fetches an allowed page", async () => {
    const response = await safeFetch(allowSite, `${site}/page`);
    expect(response.status).toBe(200);
    expect(new TextDecoder().decode(response.body)).toContain("Loopback page");
  });

  it("refuses the same site without the test allowance", async () => {
    expect(await refusal(safeFetch(env, `${site}/page`))).toBe("blocked_address");
  });

  it("refuses a redirect to a port outside the allowance, checking every hop", async () => {
    const to = encodeURIComponent(`${other}/page`);
    expect(await refusal(safeFetch(allowSite, `${site}/redirect?to=${to}`))).toBe("blocked_address");
    const twice = encodeURIComponent(`${site}/redirect?to=${to}`);
    expect(await refusal(safeFetch(allowSite, `${site}/redirect?to=${twice}`))).toBe("blocked_address");
  });

  it("follows an allowed redirect and reports where it ended", async () => {
    const response = await safeFetch(allowSite, `${site}/redirect?to=/page`);
    expect(response.finalUrl).toBe(`${site}/page`);
  });

  it("does not follow a redirect with request headers (credentials must not travel on)", async () => {
    const response = await safeFetch(allowSite, `${site}/redirect?to=/page`, {
      headers: { authorization: "Bearer t" },
    });
    expect(response.status).toBeGreaterThanOrEqual(300);
    expect(response.status).toBeLessThan(400);
    expect(response.finalUrl).toBe(`${site}/redirect?to=/page`);
  });

  it("follows a redirect with request headers only on the same origin, when asked", async () => {
    const options = { headers: { authorization: "Bearer t" }, sameOriginRedirects: true };
    const same = await safeFetch(allowSite, `${site}/redirect?to=/page`, options);
    expect(same.finalUrl).toBe(`${site}/page`);
    const elsewhere = `${site}/redirect?to=${encodeURIComponent(`${other}/page`)}`;
    const kept = await safeFetch(allowSite, elsewhere, options);
    expect(kept.status).toBe(302);
    expect(kept.finalUrl).toBe(elsewhere);
  });

  it(`stops after ${MAX_REDIRECTS} redirects`, async () => {
    expect(await refusal(safeFetch(allowSite, `${site}/loop`))).toBe("too_many_redirects");
  });

  it("caps the body size while streaming", async () => {
    expect(await refusal(safeFetch(allowSite, `${site}/big`, { maxBytes: 100_000 }))).toBe("too_large");
  });

  it("caps the time a response may take", async () => {
    expect(await refusal(safeFetch(allowSite, `${site}/hang`, { timeoutMs: 300 }))).toBe("timeout");
  });
});
