/**
 * Identity from the host site by JWT: HS256 with the agent's identity secret, ES256/RS256 with its
 * configured public key; `iat` required and at most jwtMaxAgeSeconds old. Expired, stale, mis-addressed,
 * foreign or forged tokens are logged and ignored, and the conversation starts unverified.
 */
import { SignJWT } from "jose";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { uniqueAddress } from "./support/mailbox";
import {
  AUDIENCE,
  es256,
  expectIgnored,
  expectVerified,
  HMAC_AGENT,
  hmacSecret,
  HOUR_S,
  hs256,
  ISSUER,
  KEY_AGENT,
  LEGACY_AGENT,
  legacySecret,
  nowSeconds,
  prepareIdentityAgents,
  privateKey,
  start,
} from "./support/host-identity";

beforeAll(prepareIdentityAgents);
afterEach(() => vi.restoreAllMocks());

describe("JWT identity", () => {
  it("verifies with an HS256 token signed with the identity secret", async () => {
    const email = uniqueAddress("hs256");
    await expectVerified(await start(HMAC_AGENT, { jwt: await hs256({ email }) }), email);
  });

  it("verifies with an ES256 token from the configured public key, issuer and audience", async () => {
    const email = uniqueAddress("es256");
    await expectVerified(await start(KEY_AGENT, { jwt: await es256({ email }) }), email);
  });

  it("ignores expired, mis-addressed, foreign-issuer, forged or claim-less tokens and starts unverified", async () => {
    const warn = vi.spyOn(console, "warn");
    const email = uniqueAddress("bad-jwt");
    const badTokens = [
      await es256({ email }, Math.floor(Date.now() / 1000) - 120),
      await new SignJWT({ email })
        .setProtectedHeader({ alg: "ES256" })
        .setIssuer(ISSUER)
        .setAudience("someone-else")
        .setExpirationTime("5m")
        .sign(privateKey),
      await new SignJWT({ email })
        .setProtectedHeader({ alg: "ES256" })
        .setIssuer("https://evil.example")
        .setAudience(AUDIENCE)
        .setExpirationTime("5m")
        .sign(privateKey),
      await hs256({ email }, "not-the-secret"),
      await new SignJWT({ email }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(hmacSecret)), // no exp
      await hs256({ sub: "42" }), // no email
      "not.a.jwt",
    ];
    for (const [i, jwt] of badTokens.entries()) {
      const agentId = i < 3 ? KEY_AGENT : HMAC_AGENT;
      await expectIgnored(await start(agentId, { jwt }), warn, jwt);
    }
    const logged = warn.mock.calls.join("\n");
    expect(logged).toContain("ERR_JWT_EXPIRED");
    expect(logged).toContain("ERR_JWT_CLAIM_VALIDATION_FAILED");
  });

  it("requires iat and refuses a token older than jwtMaxAgeSeconds (default one hour), even before its exp", async () => {
    const warn = vi.spyOn(console, "warn");
    const noIat = await new SignJWT({ email: uniqueAddress("no-iat") })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(hmacSecret));
    await expectIgnored(await start(HMAC_AGENT, { jwt: noIat }), warn, noIat);
    const longLived = (email: string, secret: string) =>
      new SignJWT({ email })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuedAt(nowSeconds() - 2 * HOUR_S)
        .setExpirationTime("1d")
        .sign(new TextEncoder().encode(secret));
    const stale = await longLived(uniqueAddress("stale-jwt"), hmacSecret);
    await expectIgnored(await start(HMAC_AGENT, { jwt: stale }), warn, stale);
    const logged = warn.mock.calls.join("\n");
    expect(logged).toContain("ERR_JWT_CLAIM_VALIDATION_FAILED");
    expect(logged).toContain("ERR_JWT_EXPIRED");
    // An agent that allows three hours accepts the same two-hour-old token.
    const email = uniqueAddress("long-max-age");
    await expectVerified(await start(LEGACY_AGENT, { jwt: await longLived(email, legacySecret) }), email);
  });

  it("ignores a public-key token when the agent has no public key configured", async () => {
    const warn = vi.spyOn(console, "warn");
    await expectIgnored(await start(HMAC_AGENT, { jwt: await es256({ email: uniqueAddress("no-key") }) }), warn, "eyJ");
    expect(warn.mock.calls.join("\n")).toContain("jwtPublicKey is not set");
  });
});
