import { describe, expect, it } from "vitest";
import type { PromptPassage } from "../prompt-format";
import { DEFAULT_DIRECTIVES, type Directives } from "../prompt-directives";
import { composeAnswer, MIN_WEIGHTED_COVERAGE } from "./answer";

const article = (id: string, title: string, text: string, score = 0.8): PromptPassage => ({
  id,
  kind: "article",
  title,
  text,
  score,
  citable: true,
});
const inStyle = (length: Directives["style"]["length"], language = "en"): Directives => ({
  ...DEFAULT_DIRECTIVES,
  language,
  style: { ...DEFAULT_DIRECTIVES.style, length },
});

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

  it("quotes what follows a one-line description of an error, up to some three sentences", () => {
    const error = article(
      "article:error",
      "Error: LegacyInvite",
      [
        "Sometimes, after adding a recovery address, you will see the error `LegacyInvite`.",
        "It happens when that address was invited by a school but the invite was never accepted. " +
          "Accept the invite in the email you received to finish creating the account.",
        "Invites expire after a year.",
        "Schools can send a new invite from their dashboard.",
      ].join("\n\n"),
    );
    const asked = "it just says LegacyInvite when i add a recovery address";
    expect(composeAnswer(asked, [error]).text).toBe(
      "Sometimes, after adding a recovery address, you will see the error `LegacyInvite`.\n\n" +
        "It happens when that address was invited by a school but the invite was never accepted. " +
        "Accept the invite in the email you received to finish creating the account.",
    );
    expect(composeAnswer(asked, [error], inStyle("short")).text).toBe(
      "Sometimes, after adding a recovery address, you will see the error `LegacyInvite`.",
    );
    expect(composeAnswer(asked, [error], inStyle("detailed")).text).toContain("Schools can send a new invite");

    // The sentences of a quoted error message are not counted: they say nothing about what to do.
    const signature = article(
      "article:signature",
      "Invalid device signature",
      [
        "If you get this error:",
        "```\navrdude: Yikes! Invalid device signature.\nDouble check connections. Or use -F. Then try again.\n```",
        "It means that the wrong board is selected in the Tools menu.",
      ].join("\n\n"),
    );
    expect(composeAnswer("Yikes! Invalid device signature", [signature]).text).toContain("the wrong board is selected");
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

  it("keeps the steps of a numbered list together across a picture a step introduces", () => {
    const panel = article(
      "article:panel",
      "Runtime",
      "To install the runtime:\n\n1. Open the project.\n\n2. Find the device panel:\n\n![The device panel](https://docs.example.com/panel.png)\n\n3. Click Install.",
    );
    expect(composeAnswer("How do I install the runtime?", [panel]).text).toBe(panel.text);
  });

  it("keeps the steps of a numbered list together across the screenshots between them", () => {
    const rename = article(
      "article:rename",
      "Change your username",
      [
        "1. Go to the forum and log in to your account.",
        "2. Click on your profile picture in the top-right to open the menu, then click on **Preferences**.",
        "![The preferences tab](img/preferences.png)",
        "3. Under **Username**, click the pencil icon next to your current username.",
        "![The pencil icon](img/pencil.png)",
        "4. Enter a new username and click on **Change**.",
        "Your new username shows on your posts at once.",
      ].join("\n\n"),
    );
    const { text } = composeAnswer("how do i change the name that shows on my forum posts?", [rename]);
    expect(text).toContain("3. Under **Username**");
    expect(text).toContain("4. Enter a new username and click on **Change**.");
    expect(text).not.toContain("shows on your posts at once"); // the steps are the answer, not what follows them
    expect(text).not.toContain("img/"); // screenshots at the page's own addresses never load in the panel
    expect(text).not.toMatch(/\n{3}/);

    const short = composeAnswer("how do i change the name that shows on my forum posts?", [rename], inStyle("short"));
    expect(short.text).toMatch(/^1\. Go to the forum[\s\S]*\n\nThe article has 2 more steps\.$/);

    // A picture the panel may show (https, on the agent's image hosts) stays, and the steps stay together across it.
    const hosted = article(
      "article:hosted",
      rename.title,
      rename.text.replaceAll("](img/", "](https://docs.example.com/"),
    );
    const withPictures = composeAnswer("how do i change the name that shows on my forum posts?", [hosted]);
    expect(withPictures.text).toContain(
      "\n\n![The pencil icon](https://docs.example.com/pencil.png)\n\n4. Enter a new username",
    );
    const shortWithPictures = composeAnswer(
      "how do i change the name that shows on my forum posts?",
      [hosted],
      inStyle("short"),
    );
    expect(shortWithPictures.text).toMatch(/\n\nThe article has 2 more steps\.$/);
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

  it("quotes a long list item by item within the size, and says how many more steps the article has", () => {
    const step = (n: number) =>
      `${n}. Do the ${n}th thing of the setup, which takes a sentence of about eighty characters.`;
    const long = article(
      "article:long",
      "Setup",
      `To set up the widget:\n\n${Array.from({ length: 12 }, (_, i) => step(i + 1)).join("\n")}`,
    );
    const medium = composeAnswer("How do I set up the widget?", [long]).text;
    const quoted = medium.split("\n").filter((line) => /^\d+\. /.test(line));
    expect(quoted.length).toBeGreaterThan(2);
    expect(quoted.length).toBeLessThan(12);
    for (const [i, line] of quoted.entries()) expect(line).toBe(step(i + 1)); // no item is cut
    expect(medium).toMatch(new RegExp(`\\n\\nThe article has ${12 - quoted.length} more steps\\.$`));

    const short = composeAnswer("How do I set up the widget?", [long], inStyle("short")).text;
    expect(short).toBe(`To set up the widget:\n\n${step(1)}\n${step(2)}\n\nThe article has 10 more steps.`);
  });

  it("quotes a table with the sentence that introduces it", () => {
    const network = article(
      "article:network",
      "Network",
      [
        "The widget reaches the following hosts and ports, which your firewall must allow.",
        "| Host | Port |\n| --- | --- |\n| `chat.example.com` | 443 |\n| `files.example.com` | 8443 |",
        "Proxies that rewrite WebSocket traffic are not supported.",
      ].join("\n\n"),
    );
    const { text } = composeAnswer("Which ports does my firewall have to allow for the widget?", [network]);
    // As a list of its rows: the chat panel renders no tables (chat-markdown.ts).
    expect(
      text.startsWith(
        "The widget reaches the following hosts and ports, which your firewall must allow.\n\n" +
          "- Host: `chat.example.com`, Port: 443\n- Host: `files.example.com`, Port: 8443",
      ),
    ).toBe(true);
  });

  it("never ends on a promise of text it does not quote", () => {
    const intro = article(
      "article:username",
      "Change your username",
      "Your username is your account name at first. You can choose another one in your preferences. " +
        "Follow the steps below to change your username.",
    );
    expect(composeAnswer("How do I change my username?", [intro]).text).toBe(
      "Your username is your account name at first. You can choose another one in your preferences.",
    );
    // A colon that introduced what the passage no longer holds becomes a full stop; a bare label goes.
    const cut = article(
      "article:hours",
      "Working hours",
      "Working hours are set for each channel of the agent. Save them on the settings page and publish:\n\nNote:",
    );
    expect(composeAnswer("How are working hours set for each channel?", [cut], inStyle("detailed")).text).toBe(
      "Working hours are set for each channel of the agent. Save them on the settings page and publish.",
    );
  });

  it("never quotes a table of contents, which only points at the answer", () => {
    const chromebook = article(
      "article:chromebook",
      "Use the widget on a Chromebook",
      [
        "You can add the widget to sites you edit on a Chromebook.",
        "In this article:",
        "<!-- TOC -->",
        "* [About Chromebooks](#about-chromebooks)\n* [Use the site editor on a Chromebook](#site-editor)",
        "<!-- /TOC -->",
      ].join("\n\n"),
    );
    for (const style of ["short", "medium", "detailed"] as const)
      expect(composeAnswer("Can I use the widget on a Chromebook?", [chromebook], inStyle(style)).text).toBe(
        "You can add the widget to sites you edit on a Chromebook.",
      );
  });

  it("answers from the next passage when the best one is only a table of contents", () => {
    const contents = article(
      "article:runtime-errors",
      "If the runtime does not install › In this section",
      "In this section:\n\n- [If installing the runtime fails](#fails)\n- [If nothing happens when installing the runtime](#nothing)",
      0.9,
    );
    const steps = article(
      "article:runtime",
      "Install the runtime",
      "To install the runtime on your controller:\n\n1. Connect the controller.\n2. Open the runtime installer.\n3. Click Install.",
      0.8,
    );
    const { text, citations } = composeAnswer("how do i install the runtime on my controller", [contents, steps]);
    expect(text).toContain("1. Connect the controller.");
    expect(citations.map((c) => c.id)).toEqual(["article:runtime"]);
    // Alone, it is still all there is to say.
    expect(composeAnswer("how do i install the runtime on my controller", [contents]).text).toContain("(#fails)");
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
