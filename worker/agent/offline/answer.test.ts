import { describe, expect, it } from "vitest";
import { composeAnswer, MIN_WEIGHTED_COVERAGE } from "./answer";
import { article, inStyle } from "./answer-test-support";

const setup = article(
  "article:setup",
  "Widget › Setting it up",
  [
    "You add the widget to your site in a few minutes, and it works with any site builder.",
    "To add it to your site:",
    "1. Open the admin page of your agent.\n2. Copy the script tag.\n3. Paste the tag before the closing body tag of your site.",
    "Visitors then see a chat button on every page.",
  ].join("\n\n"),
);

describe("offline answers that answer the question asked", () => {
  it("quotes the steps for a 'how' question, the list whole", () => {
    const { text, citations } = composeAnswer("How do I add the widget to my site?", [setup]);
    expect(text).toBe(
      "To add it to your site:\n\n1. Open the admin page of your agent.\n2. Copy the script tag.\n3. " +
        "Paste the tag before the closing body tag of your site.",
    );
    expect(citations.map((c) => c.id)).toEqual(["article:setup"]);
  });

  it("keeps the most relevant instructions over a remark that merely says 'step'", () => {
    const embed = article(
      "article:embed",
      "Embedding › How do I embed the widget on my site?",
      [
        "Paste this script tag into your site's HTML, just before the closing body tag:",
        '```html\n<script src="https://example.com/widget.js" async></script>\n```',
        "- Replace `example.com` with the address of your Worker.\n- Replace the agent id with yours.",
        "That is all: no build step and no other code on your site.",
      ].join("\n\n"),
    );
    const { text } = composeAnswer("How do I embed the widget on my site?", [embed]);
    expect(text).toContain("Paste this script tag");
    expect(text).toContain("widget.js");
    expect(text).not.toContain("That is all");
  });

  it("answers other questions from the most relevant paragraph, as before", () => {
    const { text } = composeAnswer("Does the widget work with any site builder?", [setup]);
    expect(text).toMatch(/^You add the widget to your site in a few minutes, and it works with any site builder\.\n\n/);
    const short = composeAnswer("Does the widget work with any site builder?", [setup], inStyle("short")).text;
    expect(short).toBe("You add the widget to your site in a few minutes, and it works with any site builder.");
  });

  it("cites a nearly as well ranked passage that holds the steps over one that answers another kind of question", () => {
    const works = article(
      "article:works",
      "Widget › Does the widget work on any website?",
      "Yes. The widget works on any site where you can add a script tag.",
      0.6,
    );
    const embed = article(
      "article:embed",
      "Widget › How do I embed the widget on my site?",
      "Paste the script tag into the HTML of your site:\n\n1. Copy the tag from the admin page.\n2. Paste it before the closing body tag.",
      0.55,
    );
    const { text, citations } = composeAnswer("How do I add the widget to my site?", [works, embed]);
    expect(citations.map((c) => c.id)).toEqual(["article:embed"]);
    expect(text).toMatch(/^Paste the script tag into the HTML of your site:\n\n1\. Copy/);
    // A yes/no question still gets the yes/no passage, opener and all.
    expect(composeAnswer("Does the widget work on any website?", [works, embed]).text).toBe(works.text);
  });

  it("does not leave the best article for another one's steps on shape alone", () => {
    const add = article("article:add", "Add libraries", "Learn how to add libraries to the editor in a few ways.", 0.7);
    const remove = article(
      "article:remove",
      "Remove libraries",
      "To remove libraries from the editor:\n\n1. Open the libraries folder.\n2. Delete the library.",
      0.65,
    );
    expect(composeAnswer("How do I add libraries to the editor?", [add, remove]).citations.map((c) => c.id)).toEqual([
      "article:add",
    ]);
  });

  it("never opens with a bare 'Yes.' or 'No.' unless the question is a yes/no question", () => {
    const works = article(
      "article:works",
      "Widget › Compatibility",
      "Yes. The widget works on any site where you can add a script tag, whatever it is built with.",
    );
    const stripped = "The widget works on any site where you can add a script tag, whatever it is built with.";
    expect(composeAnswer("How do I add the widget to a site?", [works]).text).toBe(stripped);
    expect(composeAnswer("Which sites does the widget work on?", [works]).text).toBe(stripped);
    expect(composeAnswer("Can I add the widget to any site?", [works]).text).toBe(works.text);
    const noKey = article("article:key", "Models", "No, an API key is only needed for a hosted model.");
    expect(composeAnswer("What is the API key needed for?", [noKey]).text).toBe(
      "An API key is only needed for a hosted model.",
    );
    expect(composeAnswer("Do I need an API key?", [noKey]).text).toBe(noKey.text);
  });

  it("picks the paragraph with the reason for a 'why' question", () => {
    const frame = article(
      "article:frame",
      "Widget › Frames",
      [
        "The chat panel uses a frame served from your Worker.",
        "The frame is there because the styles of your site could otherwise break the chat's layout.",
      ].join("\n\n"),
    );
    expect(composeAnswer("Why does the chat use a frame?", [frame]).text).toBe(
      "The frame is there because the styles of your site could otherwise break the chat's layout.",
    );
  });

  it("picks the paragraph that names a place for a 'where' question", () => {
    const invoices = article(
      "article:invoices",
      "Billing › Invoices",
      [
        "Every invoice shows the order number, the VAT and the total, so you find all you need in one invoice.",
        "All invoices are listed on the Billing page of your account.",
      ].join("\n\n"),
    );
    expect(composeAnswer("Where do I find my invoices?", [invoices]).text).toBe(
      "All invoices are listed on the Billing page of your account.",
    );
  });

  it("reads the question words of Danish and German", () => {
    const danish = article(
      "article:da",
      "Widget",
      [
        "Du tilføjer widgetten på få minutter, og den virker på alle hjemmesider.",
        "Sådan gør du:\n\n1. Åbn indstillingerne for widgetten.\n2. Kopiér koden.\n3. Indsæt koden på din side.",
      ].join("\n\n"),
    );
    expect(composeAnswer("Hvordan tilføjer jeg widgetten?", [danish], inStyle("medium", "da")).text).toBe(
      "Sådan gør du:\n\n1. Åbn indstillingerne for widgetten.\n2. Kopiér koden.\n3. Indsæt koden på din side.",
    );
    const german = article(
      "article:de",
      "Widget",
      [
        "Das Widget ist in wenigen Minuten eingebunden und funktioniert auf jeder Webseite.",
        "So binden Sie das Widget ein:\n\n1. Öffnen Sie die Einstellungen.\n2. Kopieren Sie den Code.",
      ].join("\n\n"),
    );
    expect(composeAnswer("Wie wird das Widget eingebunden?", [german], inStyle("medium", "de")).text).toBe(
      "So binden Sie das Widget ein:\n\n1. Öffnen Sie die Einstellungen.\n2. Kopieren Sie den Code.",
    );
  });
});

describe("the offline model's weighted coverage bar", () => {
  it("declines a passage that lacks the question's rare words, however well it scores, and answers from one that has them", () => {
    const question = "How do I add the widget to my site?";
    const lacking = { ...setup, score: 0.9, coverage: MIN_WEIGHTED_COVERAGE - 0.01 };
    expect(composeAnswer(question, [lacking])).toMatchObject({ abstained: true, citations: [] });
    const having = { ...setup, score: 0.9, coverage: MIN_WEIGHTED_COVERAGE };
    expect(composeAnswer(question, [having])).toMatchObject({ abstained: false, citations: [having] });
    // A passage without the measure (from a caller that has no index statistics) is judged on the rest.
    expect(composeAnswer(question, [setup]).abstained).toBe(false);
  });

  it("does not hold a chatty question's many common words against a passage holding its rare ones", () => {
    // Ten content terms, four of them in the passage: under a third counted alike, but the index
    // weighs "widget", "site" and "add" far above "honestly", "tried", "ages" and "lol".
    const question = "honestly tried for ages lol, cant figure out how to add the widget to my site, any tips pls";
    const weighted = { ...setup, coverage: 0.6 };
    expect(composeAnswer(question, [weighted])).toMatchObject({ abstained: false, citations: [weighted] });
    // Without the index's weights, the share counting every word alike still decides.
    expect(composeAnswer(question, [setup]).abstained).toBe(true);
  });
});
