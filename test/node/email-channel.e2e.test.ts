/**
 * The email channel end to end in `wrangler dev`: the agent is deployed on an address, a raw
 * message is POSTed to wrangler's local email endpoint (`/cdn-cgi/handler/email`, as Email Routing
 * would hand it to the Worker), and the agent's answer comes back as a threaded reply — sent
 * through the `send_email` binding (EMAIL_PROVIDER is empty locally), which wrangler writes to an
 * .eml file and logs; the file's headers and body are checked.
 */
import { readFileSync } from "node:fs";
import PostalMime from "postal-mime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";

const ADDRESS = "help@shop.example";
const SENDER = "ann@customer.example";
const MESSAGE_ID = "first-question@customer.example";
const SECOND_ID = "second-question@customer.example";

let frontdesk: RunningFrontdesk;

/** The .eml files wrangler dev has written so far, from the paths it logged. */
const emlFiles = (): string[] => [...frontdesk.output().matchAll(/(\/[^\s"'`]+\.eml)\b/g)].map((m) => m[1] ?? "");

beforeAll(async () => {
  frontdesk = await startSeededFrontdesk();
  const deployed = await fetch(`${frontdesk.url}/api/agents/demo/channels`, {
    method: "POST",
    headers: { authorization: `Bearer ${frontdesk.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ channel: "email", address: ADDRESS }),
  });
  expect(deployed.status).toBe(201);
}, 180_000);

afterAll(async () => {
  await frontdesk?.stop();
});

describe("the email channel in wrangler dev", () => {
  it("answers a message sent to the local email endpoint with a threaded reply", async () => {
    const raw = [
      `From: Ann Example <${SENDER}>`,
      `To: ${ADDRESS}`,
      "Subject: API key",
      `Message-ID: <${MESSAGE_ID}>`,
      "Date: Sat, 5 Dec 2026 08:00:00 +0000",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Does Frontdesk need an API key?",
      "",
      "Sent from my iPhone",
      "",
    ].join("\r\n");
    const query = new URLSearchParams({ from: SENDER, to: ADDRESS });
    const response = await fetch(`${frontdesk.url}/cdn-cgi/handler/email?${query}`, { method: "POST", body: raw });
    expect(response.status).toBe(200);

    await expect.poll(() => emlFiles().length, { timeout: 60_000, interval: 200 }).toBeGreaterThan(0);
    const eml = readFileSync(emlFiles().at(-1) ?? "", "utf8");
    const mail = await PostalMime.parse(eml);
    expect(mail.from?.address).toBe(ADDRESS);
    expect(mail.from?.name).toBe("Frontdesk Demo");
    expect(mail.to?.map((to) => to.address)).toEqual([SENDER]);
    expect(mail.subject).toBe("Re: API key");
    expect(mail.inReplyTo).toBe(`<${MESSAGE_ID}>`);
    expect(mail.references).toBe(`<${MESSAGE_ID}>`);
    // Cloudflare (and wrangler) give the message their own Message-ID on our domain; replies name it or our References.
    expect(mail.messageId).toMatch(/^<[^@<>]+@shop\.example>$/);
    expect(mail.headers.find((h) => h.key === "auto-submitted")?.value).toBe("auto-replied");
    expect(mail.text?.trim().length ?? 0).toBeGreaterThan(20);
    expect(mail.html).toBeUndefined(); // plain text only
    expect(frontdesk.output()).toContain("send_email binding called with the following message:");

    // Ann answers the reply her mail client received: the same conversation, threaded on.
    const answer = [
      `From: Ann Example <${SENDER}>`,
      `To: ${ADDRESS}`,
      "Subject: Re: API key",
      `Message-ID: <${SECOND_ID}>`,
      `In-Reply-To: ${mail.messageId}`,
      `References: <${MESSAGE_ID}> ${mail.messageId}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Where are conversations stored?",
      "",
      `On Sat, 5 Dec 2026, Frontdesk Demo <${ADDRESS}> wrote:`,
      "> An earlier answer",
      "",
    ].join("\r\n");
    const second = await fetch(`${frontdesk.url}/cdn-cgi/handler/email?${query}`, { method: "POST", body: answer });
    expect(second.status).toBe(200);
    await expect.poll(() => emlFiles().length, { timeout: 60_000, interval: 200 }).toBeGreaterThan(1);
    const next = await PostalMime.parse(readFileSync(emlFiles().at(-1) ?? "", "utf8"));
    expect(next.subject).toBe("Re: API key");
    expect(next.inReplyTo).toBe(`<${SECOND_ID}>`);
    expect(next.references?.split(/\s+/)[0]).toBe(`<${MESSAGE_ID}>`); // the thread of the first conversation
    expect(next.references).toContain(`<${SECOND_ID}>`);
  }, 120_000);
});
