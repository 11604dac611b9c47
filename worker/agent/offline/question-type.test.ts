import { describe, expect, it } from "vitest";
import { classifyQuestion, type QuestionType } from "./question-type";

const cases = (table: [string, QuestionType][]) => {
  for (const [question, type] of table) expect([question, classifyQuestion(question)]).toEqual([question, type]);
};

describe("classifyQuestion", () => {
  it("reads English question words", () => {
    cases([
      ["How do I add the widget?", "how"],
      ["how to reset password", "how"],
      ["Why is my board not detected?", "why"],
      ["Where do I find my invoices?", "where"],
      ["When will my order arrive?", "when"],
      ["Can I use the widget on any site?", "yes_no"],
      ["Does the plan include support?", "yes_no"],
      ["Is it open source?", "yes_no"],
      ["What is a short answer?", "what_is"],
      ["what's an API key", "what_is"],
      ["Which plan should I pick?", "other"],
      ["refund?", "other"],
    ]);
  });

  it("does not take an amount for steps", () => {
    cases([
      ["How much does it cost?", "other"],
      ["How long does shipping take?", "other"],
      ["Hvor mange agenter kan jeg have?", "other"],
      ["Wie viel kostet das?", "other"],
      ["Hur mycket kostar det?", "other"],
    ]);
  });

  it("skips greetings and finds the question among other sentences", () => {
    cases([
      ["Hi! How do I add the widget?", "how"],
      ["Hello, why does the chat not load?", "why"],
      ["I bought a board last week. Where is the serial number?", "where"],
      ["ok so how do i change the colour", "how"],
    ]);
  });

  it("reads the embedded question of 'can you tell me how…' and a question word inside a statement", () => {
    cases([
      ["Can you tell me how to install the app?", "how"],
      ["Do you know where the settings are?", "where"],
      ["I'd like to know how to export my data", "how"],
      ["widget not showing, why?", "why"],
      // "when" inside a statement is a conjunction, not a question about time
      ["The page freezes when I log in", "other"],
    ]);
  });

  it("reads Danish, Norwegian, Swedish and German question words", () => {
    cases([
      ["Hvordan tilføjer jeg widgetten?", "how"],
      ["Hvorfor virker min konto ikke?", "why"],
      ["Hvor finder jeg mine fakturaer?", "where"],
      ["Hvornår kommer min pakke?", "when"],
      ["Kan jeg få pengene tilbage?", "yes_no"],
      ["Hvad er en API-nøgle?", "what_is"],
      ["Hvordan endrer jeg passordet mitt?", "how"],
      ["Hva er en agent?", "what_is"],
      ["Når kommer pakken min?", "when"],
      ["Hur installerar jag appen?", "how"],
      ["Varför fungerar det inte?", "why"],
      ["Var hittar jag inställningarna?", "where"],
      ["När öppnar ni?", "when"],
      ["Vad är en agent?", "what_is"],
      ["Finns det en gratisversion?", "yes_no"],
      ["Wie installiere ich die App?", "how"],
      ["Warum funktioniert mein Konto nicht?", "why"],
      ["Wo finde ich die Einstellungen?", "where"],
      ["Wann kommt meine Bestellung?", "when"],
      ["Kann ich das Widget auf jeder Seite nutzen?", "yes_no"],
      ["Was ist ein Agent?", "what_is"],
    ]);
  });

  it("tells German 'was' (what) from English 'was' by the question's language", () => {
    cases([
      ["Was my order shipped?", "yes_no"],
      ["Was kostet das?", "other"],
    ]);
  });
});
