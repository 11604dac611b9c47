/**
 * How an offline answer quotes its passage: a procedure's steps whole (across the screenshots between them),
 * what follows a one-line description of an error, a table as the list of its rows, never a promise of text
 * it does not quote, and never a table of contents.
 */
import { describe, expect, it } from "vitest";
import { composeAnswer } from "./answer";
import { article, inStyle } from "./answer-test-support";

describe("how an offline answer quotes its passage", () => {
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

  it("keeps the steps of a numbered list together across a picture a step introduces", () => {
    const panel = article(
      "article:panel",
      "Runtime",
      "To install the runtime:\n\n1. Open the project.\n\n2. Find the device panel:\n\n" +
        "![The device panel](https://docs.example.com/panel.png)\n\n3. Click Install.",
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
});
