import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../../../widget/panel/markdown";
import { chatMarkdown } from "./chat-markdown";

const PORTS = [
  "The Cloud uses these ports:",
  "",
  "| Domain | Port |",
  "| :----- | ---: |",
  "| `mqtts-up.iot.arduino.cc` | 8884 |",
  "| `wss.iot.arduino.cc` | 8443 |",
  "",
  "Allow NTP too.",
].join("\n");

describe("chatMarkdown", () => {
  it("turns a table into a list of its rows, each cell named by its column", () => {
    expect(chatMarkdown(PORTS)).toBe(
      [
        "The Cloud uses these ports:",
        "",
        "- Domain: `mqtts-up.iot.arduino.cc`, Port: 8884",
        "- Domain: `wss.iot.arduino.cc`, Port: 8443",
        "",
        "Allow NTP too.",
      ].join("\n"),
    );
    // The panel renders what it gets as a list, where the table was paragraphs of pipes.
    expect(parseMarkdown(chatMarkdown(PORTS)).map((block) => block.t)).toEqual(["p", "ul", "p"]);
  });

  it("keeps empty cells out, and an escaped pipe inside its cell", () => {
    const table = "| Key | Meaning |\n| --- | --- |\n| `a\\|b` | either |\n| `c` | |";
    expect(chatMarkdown(table)).toBe("- Key: `a\\|b`, Meaning: either\n- Key: `c`");
  });

  it("unwraps blockquotes and opens a GitHub alert with its label", () => {
    expect(chatMarkdown("> [!IMPORTANT]\n> Connect it by USB first.\n> Then set up Wi-Fi.")).toBe(
      "**Important:** Connect it by USB first.\nThen set up Wi-Fi.",
    );
    expect(chatMarkdown("> A plain quote.\n>\n> Second paragraph.")).toBe("A plain quote.\n\nSecond paragraph.");
    // Inside a list item, the note stays indented under its step.
    expect(chatMarkdown("1. Open the page.\n   > [!NOTE]\n   > It may take a minute.")).toBe(
      "1. Open the page.\n   **Note:** It may take a minute.",
    );
  });

  it("drops the page's own markup, which the panel would show as text", () => {
    const page = [
      '<a id="legacy"></a><!-- Legacy id-->',
      "Press <kbd>Enter</kbd> and wait.<sup>1</sup> See [the plans](https://example.com/plans){.link-external}[^1]",
      "<!-- A note for editors",
      "over two lines -->",
      "Details at <https://example.com/fuse>.",
    ].join("\n");
    expect(chatMarkdown(page)).toBe(
      "Press `Enter` and wait.1 See [the plans](https://example.com/plans)\nDetails at https://example.com/fuse.",
    );
    expect(chatMarkdown("Type `<kbd>` or `{.x}` as they are.")).toBe("Type `<kbd>` or `{.x}` as they are.");
  });

  it("drops a picture on a line of its own at the page's own address, with its paragraph break", () => {
    const steps = [
      "1. Click **Resend email**.",
      "",
      "![Resend mail dialog](img/resend-email-dialog.png)",
      "",
      "   ![The 'Welcome [User Name]' button](img/welcome.png)",
      "",
      "2. Open the email from ![the logo](/assets/logo.png) us.",
      "",
      "![A hosted picture](https://docs.example.com/inbox.png)",
      "",
      "3. Click **Confirm Now**.",
    ].join("\n");
    expect(chatMarkdown(steps)).toBe(
      [
        "1. Click **Resend email**.",
        "",
        "2. Open the email from ![the logo](/assets/logo.png) us.", // within a line it reads as its words
        "",
        "![A hosted picture](https://docs.example.com/inbox.png)", // an image host the agent allows shows it
        "",
        "3. Click **Confirm Now**.",
      ].join("\n"),
    );
    expect(chatMarkdown("```\n![kept](a.png)\n```")).toBe("```\n![kept](a.png)\n```");
    expect(chatMarkdown("![Before](img/a.png)\n\n4. Enter a name.\n\n![After](img/b.png)")).toBe("4. Enter a name.");
  });

  it("drops footnotes with the marks that point at them, not text that merely starts with a bracket", () => {
    const page = [
      "Use the new programmer.[^1]",
      "",
      "[^1]: <https://github.com/avrdudes/avrdude/pull/789>",
      "[^spec]: [Platform specification](https://arduino.github.io/arduino-cli/latest/platform-specification)",
    ].join("\n");
    expect(chatMarkdown(page)).toBe("Use the new programmer.");
    expect(chatMarkdown("[^1]: in code\n```\n[^1]: kept\n```")).toBe("```\n[^1]: kept\n```");
    expect(chatMarkdown("[Read more](https://example.com): it helps.")).toBe(
      "[Read more](https://example.com): it helps.",
    );
  });

  it("leaves code blocks, pipes in prose and tables without a divider row as they are", () => {
    const code = "```\n| a | b |\n| --- | --- |\n> not a quote\n<!-- kept -->\n```";
    expect(chatMarkdown(code)).toBe(code);
    expect(chatMarkdown("Use a | b in the shell.")).toBe("Use a | b in the shell.");
    expect(chatMarkdown("| just | pipes |\n| more | pipes |")).toBe("| just | pipes |\n| more | pipes |");
  });
});
