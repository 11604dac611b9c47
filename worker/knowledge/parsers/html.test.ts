import { describe, expect, it } from "vitest";
import { htmlToDocument, parseHtmlPage } from "./html";
import { decodeHtml } from "./html-charset";

const PAGE = `<!doctype html>
<html lang="en-GB">
<head>
  <title>Reset your password – Acme Help</title>
  <link rel="canonical" href="/help/reset-password">
  <style>body { color: red }</style>
  <script>var secret = "do not index";</script>
</head>
<body>
  <header><a href="/">Acme</a><h1>Acme logo</h1></header>
  <nav><ul><li><a href="/help/billing">Billing</a></li><li><a href="/help/shipping#fees">Shipping</a></li></ul></nav>
  <h1>Reset your password</h1>
  <p>If you forgot your password, you can   reset it from the <a href="login">sign-in page</a>.</p>
  <h2>Steps</h2>
  <ol><li>Open <strong>Settings</strong>.</li><li><p>Choose <em>Security</em>.</p></li></ol>
  <ul><li>Fast</li><li>Safe<ul><li>Nested item</li></ul></li></ul>
  <h3>Limits &amp; notes</h3>
  <table><tr><th>Plan</th><th>Resets per day</th></tr><tr><td>Free</td><td>3</td></tr></table>
  <pre><code>curl -X POST /reset
  --data "email=a@b.c"</code></pre>
  <p>Use <code>reset()</code> in the API.<br>Second line.</p>
  <blockquote><p>Quoted tip.</p></blockquote>
  <aside>Related articles sidebar</aside>
  <form><label>Was this helpful?</label><button>Yes</button></form>
  <div role="navigation">Breadcrumbs here</div>
  <div hidden>Hidden text</div>
  <a href="mailto:help@acme.test">Mail us</a>
  <a href="https://other.example/page?q=1#top" rel="nofollow">Sponsored</a>
  <a href="https://other.example/docs">Docs elsewhere</a>
  <footer>© Acme <a href="/legal">Legal</a></footer>
</body>
</html>`;

describe("htmlToDocument", () => {
  const doc = htmlToDocument(PAGE, "https://acme.test/help/reset");

  it("takes the title from the main h1, the language and the canonical URL", () => {
    expect(doc.title).toBe("Reset your password");
    expect(doc.lang).toBe("en-GB");
    expect(doc.canonical).toBe("https://acme.test/help/reset-password");
  });

  it("keeps headings, paragraphs, lists, tables and code as Markdown", () => {
    expect(doc.markdown).toContain(
      "# Reset your password\n\nIf you forgot your password, you can reset it from the sign-in page.",
    );
    expect(doc.markdown).toContain("## Steps");
    expect(doc.markdown).toContain("1. Open Settings.\n2. Choose Security.");
    expect(doc.markdown).toContain("- Fast\n- Safe\n  - Nested item");
    expect(doc.markdown).toContain("### Limits & notes");
    expect(doc.markdown).toContain("| Plan | Resets per day |\n| --- | --- |\n| Free | 3 |");
    expect(doc.markdown).toContain('```\ncurl -X POST /reset\n  --data "email=a@b.c"\n```');
    expect(doc.markdown).toContain("Use `reset()` in the API.\nSecond line.");
    expect(doc.markdown).toContain("> Quoted tip.");
  });

  it("drops scripts, styles, navigation, headers, footers, asides, forms and hidden content", () => {
    for (const boilerplate of [
      "do not index",
      "color: red",
      "Acme logo",
      "Billing",
      "sidebar",
      "helpful",
      "Breadcrumbs",
      "Hidden text",
      "Legal",
    ]) {
      expect(doc.markdown).not.toContain(boilerplate);
    }
  });

  it("collects every followable link, resolved, without fragments, http(s) only", () => {
    expect(doc.links).toEqual([
      "https://acme.test/",
      "https://acme.test/help/billing",
      "https://acme.test/help/shipping",
      "https://acme.test/help/login",
      "https://other.example/docs",
      "https://acme.test/legal",
    ]);
  });

  it("falls back to <title>, honours <base href>, and has no canonical or language when the page has none", () => {
    const page = htmlToDocument(
      '<title> Plain &amp; simple </title><base href="https://cdn.acme.test/docs/"><p>Text <a href="a.html">a</a></p>',
      "https://acme.test/x",
    );
    expect(page).toEqual({
      title: "Plain & simple",
      markdown: "Text a",
      links: ["https://cdn.acme.test/docs/a.html"],
      canonical: null,
      lang: null,
    });
  });

  it("keeps only the marked main content when a page has one", () => {
    const page = htmlToDocument(
      '<div class="menu">Products Pricing</div><main><h1>Guide</h1><p>Body text.</p></main><div>Cookie banner</div>',
    );
    expect(page.markdown).toBe("# Guide\n\nBody text.");
  });

  it("works without a base URL (relative links cannot be resolved and are left out)", () => {
    const page = htmlToDocument(
      '<h1>File</h1><p><a href="rel.html">rel</a> <a href="https://acme.test/abs">abs</a></p>',
    );
    expect(page.links).toEqual(["https://acme.test/abs"]);
    expect(page.markdown).toBe("# File\n\nrel abs");
  });

  it("copes with broken markup and empty input", () => {
    expect(htmlToDocument("").markdown).toBe("");
    const broken = htmlToDocument("<p>One<p>Two<li>Three</div></span><h2>Four");
    expect(broken.markdown).toBe("One\n\nTwo\n\n- Three\n\n## Four");
  });
});

describe("parseHtmlPage", () => {
  it("reads the robots meta tag", () => {
    expect(parseHtmlPage('<meta name="robots" content="noindex, nofollow">')).toMatchObject({
      noindex: true,
      nofollow: true,
    });
    expect(parseHtmlPage('<meta name="ROBOTS" content="none">')).toMatchObject({ noindex: true, nofollow: true });
    expect(parseHtmlPage('<meta name="robots" content="index,follow">')).toMatchObject({
      noindex: false,
      nofollow: false,
    });
  });
});

describe("decodeHtml", () => {
  const latin1 = new Uint8Array([...new TextEncoder().encode("<p>caf"), 0xe9, ...new TextEncoder().encode("</p>")]);

  it("uses UTF-8 by default and honours a byte-order mark", () => {
    expect(decodeHtml(new TextEncoder().encode("<p>café</p>"))).toBe("<p>café</p>");
    expect(
      decodeHtml(
        new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("<p>é</p>")]),
        "text/html; charset=iso-8859-1",
      ),
    ).toBe("<p>é</p>");
  });

  it("takes the charset from Content-Type, else from a <meta> tag near the top", () => {
    expect(decodeHtml(latin1, "text/html; charset=ISO-8859-1")).toBe("<p>café</p>");
    const withMeta = new Uint8Array([...new TextEncoder().encode('<meta charset="windows-1252">'), ...latin1]);
    expect(decodeHtml(withMeta, "text/html")).toContain("café");
    const httpEquiv = new Uint8Array([
      ...new TextEncoder().encode('<meta http-equiv="Content-Type" content="text/html; charset=latin1">'),
      ...latin1,
    ]);
    expect(decodeHtml(httpEquiv)).toContain("café");
  });

  it("falls back to UTF-8 for an unknown label", () => {
    expect(decodeHtml(new TextEncoder().encode("<p>ok</p>"), "text/html; charset=x-unknown")).toBe("<p>ok</p>");
  });
});

describe("<pre> blocks with long white space (issue 13)", () => {
  it("keeps the block's inner white space and trims its ends as before", () => {
    const { markdown } = parseHtmlPage("<pre>\n\n  a \t\n  b  \n\n</pre>");
    expect(markdown).toBe("```\n  a \t\n  b\n```");
  });

  it("trims a block holding a long run of spaces without backtracking", () => {
    const spaces = " ".repeat(600_000);
    expect(parseHtmlPage(`<pre>a${spaces}b${spaces}</pre>`).markdown).toBe(`\`\`\`\na${spaces}b\n\`\`\``);
  }, 2_000); // the linear trim takes milliseconds; the regular expression took over 30 s
});
