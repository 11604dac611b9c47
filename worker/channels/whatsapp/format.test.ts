/** The agent's Markdown as WhatsApp and Messenger show it, its sources as lines, and long replies cut where a reader pauses. */
import { describe, expect, it } from "vitest";
import { convertMarkdown, PLAIN_STYLE, renderForChannel, sourceLines, WHATSAPP_STYLE } from "../meta/markdown";
import { splitMessage } from "../meta/split";
import { whatsappChannel } from "./channel";

describe("Markdown for WhatsApp", () => {
  it("turns emphasis into WhatsApp's markers", () => {
    expect(convertMarkdown("**Bold**, __also bold__, *italic*, _italic too_ and ~~gone~~.", WHATSAPP_STYLE)).toBe(
      "*Bold*, *also bold*, _italic_, _italic too_ and ~gone~.",
    );
  });

  it("keeps code as monospace, untouched inside", () => {
    expect(convertMarkdown("Run `npm **install**` now.", WHATSAPP_STYLE)).toBe("Run ```npm **install**``` now.");
    expect(convertMarkdown("```js\nconst a = **1**;\n```", WHATSAPP_STYLE)).toBe("```const a = **1**;```");
  });

  it("makes headings bold lines, list items plain lines and links text with their URL", () => {
    const markdown = [
      "## Returns",
      "",
      "- Free within **30 days**",
      "* See [our policy](https://shop.example/returns)",
      "1. Pack it",
      "> Quoted",
      "https://shop.example/plain",
    ].join("\n");
    expect(convertMarkdown(markdown, WHATSAPP_STYLE)).toBe(
      [
        "*Returns*",
        "",
        "• Free within *30 days*",
        "• See our policy (https://shop.example/returns)",
        "1. Pack it",
        "Quoted",
        "https://shop.example/plain",
      ].join("\n"),
    );
  });

  it("leaves words with underscores and lone asterisks alone", () => {
    expect(convertMarkdown("Use snake_case_names and 2 * 3 = 6.", WHATSAPP_STYLE)).toBe(
      "Use snake_case_names and 2 * 3 = 6.",
    );
  });
});

describe("Markdown for Messenger (plain text)", () => {
  it("drops the markers and keeps the words", () => {
    expect(
      convertMarkdown("# Hours\n**Open** *daily*, `9-5`, ~~Sundays~~ [map](https://x.example/m)", PLAIN_STYLE),
    ).toBe("Hours\nOpen daily, 9-5, Sundays map (https://x.example/m)");
  });
});

describe("sources", () => {
  it("are appended as lines, with their URL or by title", () => {
    const sources = [
      { id: "a", title: "Returns policy", url: "https://shop.example/returns" },
      { id: "b", title: "Internal note" },
    ];
    expect(sourceLines(sources)).toBe("Sources:\n• Returns policy: https://shop.example/returns\n• Internal note");
    expect(renderForChannel("**Yes.**", sources, WHATSAPP_STYLE)).toBe(
      "*Yes.*\n\nSources:\n• Returns policy: https://shop.example/returns\n• Internal note",
    );
    expect(renderForChannel("Yes.", [], PLAIN_STYLE)).toBe("Yes.");
  });

  it("are rendered by the WhatsApp channel, which keeps them with the reply", () => {
    const reply = whatsappChannel.render({ text: "See **this**", sources: [{ id: "a", title: "Doc" }] });
    expect(reply).toEqual({ text: "See *this*\n\nSources:\n• Doc", sources: [{ id: "a", title: "Doc" }] });
  });
});

describe("splitting", () => {
  it("leaves a short message whole", () => {
    expect(splitMessage("Short.", 100)).toEqual(["Short."]);
  });

  it("cuts between paragraphs, then sentences, then words, never past the limit", () => {
    const paragraphs = `${"a".repeat(60)}\n\n${"b".repeat(60)}`;
    expect(splitMessage(paragraphs, 100)).toEqual(["a".repeat(60), "b".repeat(60)]);
    const sentences = "First sentence is here. Second sentence is here. Third one.";
    expect(splitMessage(sentences, 30)).toEqual(["First sentence is here.", "Second sentence is here.", "Third one."]);
    const words = splitMessage("word ".repeat(30).trim(), 22);
    expect(words.every((piece) => piece.length <= 22 && /^word( word)*$/.test(piece))).toBe(true);
    expect(words.join(" ")).toBe("word ".repeat(30).trim());
    expect(splitMessage("x".repeat(250), 100)).toEqual(["x".repeat(100), "x".repeat(100), "x".repeat(50)]);
  });

  it("never cuts an emoji in two", () => {
    const pieces = splitMessage(`${"x".repeat(9)}😀${"y".repeat(5)}`, 10);
    expect(pieces[0]).toBe("x".repeat(9));
    expect(pieces.join("")).toBe(`${"x".repeat(9)}😀${"y".repeat(5)}`);
  });
});
