import { describe, expect, it } from "vitest";
import { showsBuyingIntent } from "./intent";

const INTENT: Record<string, string[]> = {
  en: [
    "What does the pro plan cost?",
    "How much is it for 20 users?",
    "Do you have a pricing page?",
    "What plans do you offer?",
    "Can I book a demo for my team?",
    "Is there a free trial?",
    "I'd like to talk to sales",
    "Can we get a quote for 200 seats?",
    "I want to upgrade to the business plan",
    "Where can I buy a license?",
    "PRICES please",
    "Can someone from your sales team call me?",
  ],
  da: [
    "Hvad koster det?",
    "Hvad er prisen for jeres pro-abonnement?",
    "Kan vi få en demo til vores team?",
    "Jeg vil gerne tale med salgsafdelingen",
    "Har I en gratis prøveperiode?",
    "Vi vil gerne købe 10 licenser",
  ],
  no: [
    "Hva koster det per måned?",
    "Hva er prisene deres?",
    "Kan jeg snakke med salg?",
    "Vi ønsker å kjøpe for hele teamet",
    "Kan vi få en demo?",
    "Vi vil oppgradere abonnementet",
  ],
  sv: [
    "Vad kostar det?",
    "Kan vi få en offert?",
    "Jag vill prata med säljavdelningen",
    "Finns det en provperiod?",
    "Vi vill köpa licenser till teamet",
    "Vad är priserna för företag?",
  ],
  de: [
    "Was kostet das Pro-Paket?",
    "Welche Preise habt ihr für Teams?",
    "Können wir eine Demo buchen?",
    "Ich möchte mit dem Vertrieb sprechen",
    "Gibt es eine Testversion?",
    "Wir wollen 50 Lizenzen kaufen",
    "Wie viel kostet es im Jahr?",
  ],
};

const SUPPORT: Record<string, string[]> = {
  en: [
    "How do I change my plan?",
    "My plan's invoice is wrong",
    "The price on my receipt is wrong",
    "I was charged twice for my subscription",
    "My trial expired and I can't log in",
    "How do I reset my password?",
    "The demo mode is broken",
    "Where is my order?",
    "Is this planet-friendly packaging?", // "plan" inside a word
    "I want to cancel my upgrade",
    "Your sales team sent me a wrong invoice",
  ],
  da: ["Hvordan nulstiller jeg min adgangskode?", "Min faktura har en forkert pris", "Appen virker ikke efter køb"],
  no: ["Hvordan endrer jeg passord?", "Fakturaen min har feil pris", "Jeg vil si opp abonnementet"],
  sv: ["Hur ändrar jag mitt lösenord?", "Fakturan har fel pris", "Appen fungerar inte efter köpet av licensen"],
  de: [
    "Wie ändere ich mein Passwort?",
    "Auf meiner Rechnung ist der Preis falsch",
    "Ich möchte mein Abo kündigen",
    "Die App funktioniert nicht",
  ],
};

describe("showsBuyingIntent", () => {
  for (const [language, messages] of Object.entries(INTENT)) {
    it(`recognises buying intent in ${language}`, () => {
      for (const message of messages) expect(showsBuyingIntent(message, []), message).toBe(true);
    });
  }
  for (const [language, messages] of Object.entries(SUPPORT)) {
    it(`does not take support questions in ${language} for buying intent`, () => {
      for (const message of messages) expect(showsBuyingIntent(message, []), message).toBe(false);
    });
  }

  it("starts on a configured trigger phrase, whatever its case and accents, on whole words only", () => {
    const phrases = ["rollout", "Bürolösung"];
    expect(showsBuyingIntent("We are planning a ROLLOUT next month", phrases)).toBe(true);
    expect(showsBuyingIntent("Tell me about the burolosung", phrases)).toBe(true);
    expect(showsBuyingIntent("The rollouts page is empty", phrases)).toBe(false);
    expect(showsBuyingIntent("We are planning a rollout next month", [])).toBe(false);
  });
});
