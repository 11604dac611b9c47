/** The panel's markdown renderer: supported syntax, and that hostile input only ever comes out as text. */
import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown, safeHref, safeImageSrc } from "./markdown";
import { render } from "./markdown-html";

const HOSTS = ["images.example.com"];
const IMG = 'loading="lazy" referrerpolicy="no-referrer"';
const LINK = 'target="_blank" rel="noopener noreferrer"';
const PRE = 'tabIndex="0" role="group" aria-label="Code"'; // scrollable, so reachable by keyboard and named

describe("markdown: supported syntax", () => {
  it("renders paragraphs, with single newlines as line breaks", () => {
    expect(render("Hello\nthere\n\nSecond")).toBe("<p>Hello<br>there</p><p>Second</p>");
  });

  it("renders bold, italics and code spans", () => {
    expect(render("**bold** and *it* and _also_ and `x < y`")).toBe(
      "<p><strong>bold</strong> and <em>it</em> and <em>also</em> and <code>x &lt; y</code></p>",
    );
    expect(render("***both***")).toBe("<p><strong><em>both</em></strong></p>");
    expect(render("**a *b* c**")).toBe("<p><strong>a <em>b</em> c</strong></p>");
  });

  it("leaves snake_case, lone stars and unclosed delimiters alone", () => {
    expect(render("use snake_case_names and 2 * 3 and **open")).toBe(
      "<p>use snake_case_names and 2 * 3 and **open</p>",
    );
    expect(render("`unclosed code")).toBe("<p>`unclosed code</p>");
  });

  it("keeps markdown inside code spans literal", () => {
    expect(render("`**not bold** [x](https://a.b)`")).toBe("<p><code>**not bold** [x](https://a.b)</code></p>");
  });

  it("renders fenced code blocks verbatim, closed or still streaming", () => {
    expect(render("Before\n```js\nconst a = '<b>';\n**x**\n```\nAfter")).toBe(
      `<p>Before</p><pre ${PRE}><code>const a = '&lt;b&gt;';\n**x**</code></pre><p>After</p>`,
    );
    expect(render("```\nhalf a block")).toBe(`<pre ${PRE}><code>half a block</code></pre>`);
  });

  it("renders bullet and numbered lists", () => {
    expect(render("Steps:\n- one\n- **two**\n* three")).toBe(
      "<p>Steps:</p><ul><li>one</li><li><strong>two</strong></li><li>three</li></ul>",
    );
    expect(render("3. c\n4. d\n   more of d")).toBe('<ol start="3"><li>c</li><li>d<br>more of d</li></ol>');
  });

  it("renders headings as bold paragraphs and rules", () => {
    expect(render("## Shipping\ntext\n\n---")).toBe(
      '<p class="fd-md-heading"><strong>Shipping</strong></p><p>text</p><hr>',
    );
  });

  it("renders links with a new tab that cannot reach the opener", () => {
    expect(render("See [the *docs*](https://example.com/a?b=1) now")).toBe(
      `<p>See <a href="https://example.com/a?b=1" ${LINK}>the <em>docs</em></a> now</p>`,
    );
    expect(render("[mail us](mailto:help@example.com)")).toBe(
      `<p><a href="mailto:help@example.com" ${LINK}>mail us</a></p>`,
    );
  });

  it("links bare URLs without their trailing punctuation", () => {
    expect(render("Visit https://example.com/faq.")).toBe(
      `<p>Visit <a href="https://example.com/faq" ${LINK}>https://example.com/faq</a>.</p>`,
    );
  });

  it("honours backslash escapes", () => {
    expect(render("\\*not em\\* and \\[not a link](page)")).toBe("<p>*not em* and [not a link](page)</p>");
  });
});

describe("markdown: hostile input stays text", () => {
  it("shows raw HTML as text", () => {
    expect(render("<script>alert(1)</script>")).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    expect(render('<img src=x onerror="alert(1)">')).toBe('<p>&lt;img src=x onerror="alert(1)"&gt;</p>');
    expect(render('<a href="javascript:alert(1)">x</a>')).not.toContain("<a ");
  });

  it("keeps HTML entities as literal text", () => {
    expect(parseInline("&lt;b&gt; &amp; &#60;")).toEqual([{ t: "text", v: "&lt;b&gt; &amp; &#60;" }]);
    expect(render("&lt;script&gt;")).toBe("<p>&amp;lt;script&amp;gt;</p>");
  });

  it("renders links with unsafe or relative targets as their plain label", () => {
    for (const url of [
      "javascript:alert(1)",
      "JAVASCRIPT:alert(1)",
      "java%0ascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox",
      "/relative",
      "//evil.example",
      "file:///etc/passwd",
    ]) {
      expect(render(`[click](${url})`), url).toBe("<p>click</p>");
    }
    expect(render("[click](java\tscript:alert(1))")).not.toContain("<a ");
    expect(render("[x](javascript:alert(1)) https://ok.example")).toBe(
      `<p>x <a href="https://ok.example/" ${LINK}>https://ok.example</a></p>`,
    );
  });

  it("renders images as their alt text only", () => {
    expect(render("![a cat](https://example.com/cat.png)")).toBe("<p>a cat</p>");
    expect(render('![x" onerror="alert(1)](https://e.x/i.png)')).toBe('<p>x" onerror="alert(1)</p>');
    expect(render("[![logo](https://e.x/l.png)](https://e.x)")).toBe(`<p><a href="https://e.x/" ${LINK}>logo</a></p>`);
  });

  it("does not nest links or auto-link inside a label", () => {
    expect(render("[see https://a.example](https://b.example)")).toBe(
      `<p><a href="https://b.example/" ${LINK}>see https://a.example</a></p>`,
    );
  });

  it("quotes attribute values safely", () => {
    const out = render('[x](https://e.x/"onmouseover="alert(1))');
    expect(out).toContain('href="https://e.x/%22onmouseover=%22alert(1)"');
  });

  it("survives pathological input quickly and without deep recursion", () => {
    const nasty = "*".repeat(5_000) + "[".repeat(5_000) + "`".repeat(3_000) + "_a".repeat(5_000);
    // Linear scanning keeps this well inside the test timeout; a quadratic or exponential parser would not finish.
    expect(parseMarkdown(nasty).length).toBeGreaterThan(0);
    expect(() => render(`${"**".repeat(200)}x${"**".repeat(200)}`)).not.toThrow();
    expect(() => render(`${"[".repeat(100)}x${"](https://e.x)".repeat(100)}`)).not.toThrow();
  });
});

describe("markdown: images from allowed hosts only", () => {
  it("renders an https image from an allowed host, lazily and without a referrer", () => {
    expect(render("Look: ![the tent](https://images.example.com/tent.png)", HOSTS)).toBe(
      `<p>Look: <img src="https://images.example.com/tent.png" alt="the tent" ${IMG}></p>`,
    );
    expect(render("![A](https://IMAGES.example.com/a.png?x=1#y)", HOSTS)).toBe(
      `<p><img src="https://images.example.com/a.png?x=1#y" alt="A" ${IMG}></p>`,
    );
    expect(render("- ![in a list](https://images.example.com/l.png)", HOSTS)).toContain("<li><img ");
    expect(render("[![logo](https://images.example.com/l.png)](https://e.x)", HOSTS)).toBe(
      `<p><a href="https://e.x/" ${LINK}><img src="https://images.example.com/l.png" alt="logo" ${IMG}></a></p>`,
    );
  });

  it("keeps the alt text for unlisted hosts, look-alikes, http, data:, javascript: and relative URLs", () => {
    for (const url of [
      "https://other.example.com/a.png",
      "https://images.example.com.evil.test/a.png",
      "https://evilimages.example.com/a.png",
      "https://example.com/a.png",
      "https://x.images.example.com/a.png",
      "https://images.example.com./a.png",
      "https://images.example.com:8443/a.png",
      "https://user:pass@images.example.com/a.png",
      "https://images.example.com@evil.test/a.png",
      "http://images.example.com/a.png",
      "//images.example.com/a.png",
      "/a.png",
      "data:image/png;base64,iVBORw0KGgo=",
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
    ]) {
      expect(render(`![alt text](${url})`, HOSTS), url).toBe("<p>alt text</p>");
    }
  });

  it("shows no image at all without allowed hosts (the default)", () => {
    expect(render("![a cat](https://images.example.com/cat.png)")).toBe("<p>a cat</p>");
    expect(render("![a cat](https://images.example.com/cat.png)", [])).toBe("<p>a cat</p>");
  });

  it("quotes hostile alt text and URLs safely", () => {
    expect(render('![x" onerror="alert(1)](https://images.example.com/i.png)', HOSTS)).toBe(
      `<p><img src="https://images.example.com/i.png" alt="x&quot; onerror=&quot;alert(1)" ${IMG}></p>`,
    );
    expect(render('![x](https://images.example.com/"onerror="alert(1))', HOSTS)).toContain(
      'src="https://images.example.com/%22onerror=%22alert(1)"',
    );
  });

  it("checks image URLs exactly", () => {
    expect(safeImageSrc(" https://images.example.com/a.png ", HOSTS)).toBe("https://images.example.com/a.png");
    expect(safeImageSrc("https://images.example.com.evil.test/a.png", HOSTS)).toBeNull();
    expect(safeImageSrc("https://evilimages.example.com/a.png", HOSTS)).toBeNull();
    expect(safeImageSrc("not a url", HOSTS)).toBeNull();
  });
});

describe("safeHref", () => {
  it("allows http, https and mailto only, normalised", () => {
    expect(safeHref(" https://Example.com ")).toBe("https://example.com/");
    expect(safeHref("http://a.b/c")).toBe("http://a.b/c");
    expect(safeHref("mailto:x@y.z")).toBe("mailto:x@y.z");
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("ftp://a.b")).toBeNull();
    expect(safeHref("no scheme")).toBeNull();
  });
});
