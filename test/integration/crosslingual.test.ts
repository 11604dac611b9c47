/**
 * Cross-lingual retrieval offline: a Danish, Norwegian, Swedish or German question finds the English
 * article through the support lexicon, an article in the visitor's own language still comes first,
 * words the lexicon does not know (product names) still count, and the offline answer says, in the
 * visitor's language, that it quotes English.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { LOCALES } from "../../worker/agent/offline/locale";
import { rankDocuments } from "../../worker/knowledge/retrieve";
import { adminFetch } from "./helpers/seed";

const ENGLISH = "crosslingual-english";
const MIXED = "crosslingual-mixed";

const PASSWORD = {
  title: "Resetting your password",
  body: [
    "If you forgot your password, open the sign-in page and choose Reset password.",
    "We email you a link; it expires after one hour. Choose a new password of at least 12 characters.",
  ].join("\n\n"),
};
const REFUND = {
  title: "Refunds for orders",
  body: [
    "You can ask for a refund within 30 days of delivery from the Orders page.",
    "The money goes back to your original card or payment method within 5 working days.",
  ].join("\n\n"),
};
const SHIPPING = {
  title: "Shipping times",
  body: "Parcels leave our warehouse within two working days. Tracking numbers arrive by email once a parcel ships.",
};
const ZORBLAX = {
  title: "Resetting the Zorblax 3000",
  body: "To reset the Zorblax 3000, hold the front button for ten seconds until the light blinks.",
};
const QUIMBY = {
  title: "Resetting the Quimby router",
  body: "To reset the Quimby router, press the pin hole on the back for ten seconds until the light blinks.",
};
// The same product names in other articles: only the translated words tell the reset article apart.
const ZORBLAX_BATTERY = {
  title: "The Zorblax 3000 battery",
  body: "The Zorblax 3000 battery charges in two hours. A Zorblax 3000 on a full battery runs for a week; keep your Zorblax 3000 dry.",
};
const QUIMBY_WIFI = {
  title: "The Quimby router's wifi",
  body: "The Quimby router broadcasts two networks. Name the Quimby router's networks in the Quimby app.",
};
const DANISH_PASSWORD = {
  title: "Nulstil din adgangskode",
  body: "Har du glemt din adgangskode, så åbn login-siden og vælg Nulstil adgangskode. Vi sender dig et link på mail.",
};

async function agentWith(agentId: string, articles: Record<string, { title: string; body: string }>): Promise<void> {
  const created = await adminFetch(`/agents/${agentId}`, {
    method: "PUT",
    json: { name: "Ada", personality: "friendly", greeting: "Hi" },
  });
  expect(created.status).toBeLessThan(300);
  for (const [id, article] of Object.entries(articles)) {
    const saved = await adminFetch(`/agents/${agentId}/articles/${id}`, { method: "PUT", json: article });
    expect(saved.status).toBeLessThan(300);
  }
}

const topTitles = async (agentId: string, question: string): Promise<string[]> =>
  (await rankDocuments(env, agentId, question, 5)).map((p) => p.title.split(" › ")[0] ?? "");

beforeAll(async () => {
  await agentWith(ENGLISH, {
    password: PASSWORD,
    refund: REFUND,
    shipping: SHIPPING,
    zorblax: ZORBLAX,
    quimby: QUIMBY,
    "zorblax-battery": ZORBLAX_BATTERY,
    "quimby-wifi": QUIMBY_WIFI,
  });
  await agentWith(MIXED, { password: PASSWORD, refund: REFUND, "password-da": DANISH_PASSWORD });
});

describe("a question in another language finds the English article", () => {
  it.each([
    ["da", "Jeg har glemt min adgangskode, hvordan nulstiller jeg den?", PASSWORD.title],
    ["no", "Jeg har glemt passordet mitt. Hvordan kan jeg tilbakestille det?", PASSWORD.title],
    ["sv", "Jag har glömt mitt lösenord, hur återställer jag det?", PASSWORD.title],
    ["de", "Ich habe mein Kennwort vergessen. Wie kann ich es zurücksetzen?", PASSWORD.title],
    ["da", "Hvordan får jeg pengene tilbage for min bestilling?", REFUND.title],
    ["no", "Kan jeg få refusjon for bestillingen min?", REFUND.title],
    ["sv", "Hur får jag återbetalning för min beställning?", REFUND.title],
    ["de", "Wie bekomme ich eine Rückerstattung für meine Bestellung?", REFUND.title],
  ])("%s: %s", async (_language, question, title) => {
    expect((await topTitles(ENGLISH, question))[0]).toBe(title);
  });

  it("keeps words the lexicon does not know, such as product names", async () => {
    expect((await topTitles(ENGLISH, "Hvordan nulstiller jeg min Zorblax 3000?"))[0]).toBe(ZORBLAX.title);
    expect((await topTitles(ENGLISH, "Wie setze ich den Quimby Router zurück?"))[0]).toBe(QUIMBY.title);
  });
});

describe("an article in the visitor's own language", () => {
  it("still comes first for a question in that language, and the English one for an English question", async () => {
    expect((await topTitles(MIXED, "Jeg har glemt min adgangskode, hvordan nulstiller jeg den?"))[0]).toBe(
      DANISH_PASSWORD.title,
    );
    expect((await topTitles(MIXED, "I forgot my password, how do I reset it?"))[0]).toBe(PASSWORD.title);
  });
});

describe("the offline answer from an English article", () => {
  it.each([
    ["sv", "Jag har glömt mitt lösenord, hur återställer jag det?"],
    ["da", "Jeg har glemt min adgangskode, hvordan nulstiller jeg den?"],
    ["no", "Jeg har glemt passordet mitt. Hvordan kan jeg tilbakestille det?"],
    ["de", "Ich habe mein Kennwort vergessen. Wie kann ich es zurücksetzen?"],
  ] as const)("says in the visitor's language (%s) that it quotes English, then quotes it", async (code, message) => {
    const response = await adminFetch(`/agents/${ENGLISH}/preview`, { method: "POST", json: { message } });
    const result = (await response.json()) as { answer: string; abstained: boolean; language: string };
    expect(result.language).toBe(code);
    expect(result.abstained).toBe(false);
    const locale = LOCALES[code];
    expect(result.answer).toMatch(new RegExp(`^${escapeRegExp(locale.onlyIn(locale.names.en))}\\n\\n.*password`, "s"));
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
