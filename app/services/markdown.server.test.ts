import { LINK_REL, MAX_MARKDOWN_LENGTH, renderMarkdown, sanitizeRenderedHtml, slugifyHeading } from "./markdown.server";

const html = (source: string, options?: Parameters<typeof renderMarkdown>[1]) => renderMarkdown(source, options).html;

/** An attribute starting with "on" inside a real (unescaped) tag. */
const LIVE_EVENT_HANDLER = /<[a-z][^>]*\son[a-z]+\s*=/i;
/** Any real (unescaped) element whose name is not on the allowlist. */
const ALLOWED = "p|br|hr|h[1-6]|blockquote|ul|ol|li|strong|em|del|code|pre|a|table|thead|tbody|tr|th|td|sup|sub";
const FOREIGN_ELEMENT = new RegExp(`<(?!/?(?:${ALLOWED})[\\s>/])[a-z!/?]`, "i");

/**
 * Runs `run` and times it; if it took longer than `budgetMs`, tries again (up to three times in
 * all) and reports the fastest attempt, so a busy CI machine does not fail a time bound that a
 * real hang or quadratic blow-up would miss every time.
 */
function timed<T>(run: () => T, budgetMs: number): { value: T; ms: number } {
  let best: { value: T; ms: number } | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const start = performance.now();
    const value = run();
    const ms = performance.now() - start;
    if (!best || ms < best.ms) best = { value, ms };
    if (ms < budgetMs) break;
  }
  return best!;
}

describe("raw HTML in the source is text, never markup", () => {
  test("a script tag comes out escaped and reads as typed", () => {
    const out = html("Hello <script>alert(1)</script> world");
    expect(out).toBe("<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; world</p>\n");
    expect(out).not.toMatch(/<script/i);
  });

  test("a script block on its own lines is escaped too, content and all", () => {
    const out = html("<script>\nfetch('/steal?c=' + document.cookie)\n</script>");
    expect(out).not.toMatch(/<script/i);
    expect(out).toContain("&lt;script&gt;");
    expect(out).toContain("document.cookie");
  });

  test("inline <b> is escaped so it reads as text, and Markdown around it still works", () => {
    expect(html("a <b>bold</b> and *em*")).toBe("<p>a &lt;b&gt;bold&lt;/b&gt; and <em>em</em></p>\n");
  });

  test("an HTML block becomes one paragraph of text with its Markdown still rendered", () => {
    expect(html("<div onclick=alert(1)>\n*x*\n</div>")).toBe("<p>&lt;div onclick=alert(1)&gt;\n<em>x</em>\n&lt;/div&gt;</p>\n");
  });

  test("an img with an onerror handler produces no image and no live handler", () => {
    const out = html("<img src=x onerror=alert(1)>");
    expect(out).not.toMatch(/<img/i);
    expect(out).not.toMatch(LIVE_EVENT_HANDLER);
    expect(out).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  test("an anchor with onclick is text, not a link with a handler", () => {
    // The bare URL inside the text is linkified like any other URL, and ends at the quote.
    expect(html('<a href="https://example.org" onclick="alert(1)">click</a>')).toBe(
      `<p>&lt;a href="<a href="https://example.org" rel="${LINK_REL}">https://example.org</a>" onclick="alert(1)"&gt;click&lt;/a&gt;</p>\n`,
    );
  });

  test.each([
    ["xmp", "<xmp><script>alert(1)</script></xmp>"],
    ["svg with script", "<svg><script>alert(1)</script></svg>"],
    ["svg onload", "<svg onload=alert(1)>"],
    ["iframe", '<iframe src="https://evil.example/"></iframe>'],
    ["style", "<style>body { display: none }</style>"],
    ["form and input", '<form action="https://evil.example/"><input name="password"><button>Go</button></form>'],
    ["math", "<math><mtext><script>alert(1)</script></mtext></math>"],
    ["object and embed", '<object data="x.swf"></object><embed src="x.swf">'],
    ["malformed attribute run-on", '<a href="x"<b>bold</b>'],
    ["unclosed tags", "<p><strong><em>never closed"],
    ["split script tag", "<scr<script>ipt>alert(1)</scr</script>ipt>"],
    ["javascript in a raw anchor", '<a href="javascript:alert(1)">x</a>'],
  ])("raw %s comes out as escaped text with no element of its own", (_name, source) => {
    const out = html(source);
    expect(out).not.toMatch(FOREIGN_ELEMENT);
    expect(out).not.toMatch(LIVE_EVENT_HANDLER);
    expect(out).toContain("&lt;");
    // Only bare http(s) URLs in the text may become links, and only plain ones.
    for (const anchor of out.match(/<a\s[^>]*>/gi) ?? []) {
      expect(anchor).toMatch(new RegExp(`^<a href="https://[^"<>]*" rel="${LINK_REL}">$`));
    }
  });

  test("an HTML comment is shown as text rather than hidden in the page", () => {
    const out = html("before <!-- hidden <script>alert(1)</script> --> after");
    expect(out).not.toContain("<!--");
    expect(out).toBe("<p>before &lt;!-- hidden &lt;script&gt;alert(1)&lt;/script&gt; --&gt; after</p>\n");
  });
});

describe("links", () => {
  test("a link gets rel=nofollow ugc noopener and no target", () => {
    expect(html("[IANA](https://www.iana.org/domains)")).toBe(`<p><a href="https://www.iana.org/domains" rel="${LINK_REL}">IANA</a></p>\n`);
    expect(LINK_REL).toBe("nofollow ugc noopener");
  });

  test("every link, whatever its kind, carries the rel attribute", () => {
    const out = html("[a](http://a.example) <https://b.example> www.c.example [d][ref] [e](/relative) [f](#anchor)\n\n[ref]: https://d.example");
    const anchors = out.match(/<a\s[^>]*>/g) ?? [];
    expect(anchors).toHaveLength(6);
    for (const anchor of anchors) expect(anchor).toContain(`rel="${LINK_REL}"`);
    expect(out).not.toContain("target=");
  });

  test("mailto links are allowed, written or autolinked", () => {
    expect(html("[write](mailto:ops@example.org)")).toContain(`<a href="mailto:ops@example.org" rel="${LINK_REL}">write</a>`);
    expect(html("<ops@example.org> and bare ops@example.org")).toContain(`<a href="mailto:ops@example.org" rel="${LINK_REL}">ops@example.org</a>`);
  });

  test("relative links and #anchor links are allowed", () => {
    expect(html("[plan](/consultations/1#scope)")).toContain(`href="/consultations/1#scope"`);
    expect(html("[up](#summary)")).toContain(`<a href="#summary" rel="${LINK_REL}">up</a>`);
  });

  test("a link title is kept and escaped", () => {
    expect(html('[t](https://x.example "say \\"hi\\" <now>")')).toContain('title="say &quot;hi&quot; &lt;now&gt;"');
  });

  test.each([
    ["javascript: link", "[click me](javascript:alert(1))"],
    ["upper-case JAVASCRIPT: link", "[click me](JAVASCRIPT:alert(1))"],
    ["mixed-case link with spaces", "[click me](  JaVaScRiPt:alert(1) )"],
    ["hex entity jav&#x61;script: link", "[click me](jav&#x61;script:alert(1))"],
    ["decimal entity &#106;avascript: link", "[click me](&#106;avascript:alert(1))"],
    ["named entity javascript&colon; link", "[click me](javascript&colon;alert(1))"],
    ["angle-bracket destination", "[click me](<javascript:alert(1)>)"],
    ["data: link", "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["vbscript: link", "[click me](vbscript:msgbox(1))"],
    ["file: link", "[click me](file:///etc/passwd)"],
    ["javascript: autolink", "<javascript:alert(1)> click me"],
    ["data: autolink", "<data:text/html,hi> click me"],
    ["vbscript: autolink", "<vbscript:msgbox(1)> click me"],
    ["javascript: reference link", "[click me][x]\n\n[x]: javascript:alert(1)"],
    ["entity-encoded reference link", "[click me][x]\n\n[x]: jav&#x61;script:alert(1)"],
    ["data: reference link", "[click me][x]\n\n[x]: data:text/html,hi"],
    ["vbscript: shortcut reference link", "[click me]\n\n[click me]: VBSCRIPT:msgbox(1)"],
    ["javascript: image", "![click me](javascript:alert(1))"],
  ])("a %s keeps its text but is not a link", (_name, source) => {
    const out = html(source);
    expect(out).not.toMatch(/<a[\s>]/i);
    expect(out).not.toMatch(/href=/i);
    expect(out).toContain("click me");
  });

  test("an ftp autolink is plain text: only http, https and mailto are links", () => {
    const out = html("see ftp://ftp.example.org/file");
    expect(out).not.toMatch(/<a[\s>]/);
    expect(out).toContain("ftp://ftp.example.org/file");
  });

  test("quotes in a URL cannot break out of the href attribute", () => {
    const out = html('[x](https://x.example/"onmouseover="alert(1))');
    expect(out).not.toMatch(LIVE_EVENT_HANDLER);
    expect(out).toContain('href="https://x.example/%22onmouseover=%22alert(1)"');
  });
});

describe("images", () => {
  test("images are dropped; only their alt text remains", () => {
    const out = html('![Root zone diagram](https://example.org/zone.png "title")');
    expect(out).toBe("<p>Root zone diagram</p>\n");
  });

  test("a raw img tag is not an image either", () => {
    expect(html('<img src="https://example.org/track.gif">')).not.toMatch(/<img/i);
  });
});

describe("block rendering", () => {
  test("tables render with their alignment", () => {
    expect(html("| Field | Size |\n|:------|-----:|\n| TTL | 4 |")).toBe(
      [
        "<table>",
        "<thead>",
        "<tr>",
        '<th align="left">Field</th>',
        '<th align="right">Size</th>',
        "</tr>",
        "</thead>",
        "<tbody><tr>",
        '<td align="left">TTL</td>',
        '<td align="right">4</td>',
        "</tr>",
        "</tbody></table>",
        "",
      ].join("\n"),
    );
  });

  test("a fenced code block keeps its content escaped and its language class", () => {
    expect(html("```html\n<script>alert('x') && 1</script>\n```")).toBe(
      "<pre><code class=\"language-html\">&lt;script&gt;alert('x') &amp;&amp; 1&lt;/script&gt;\n</code></pre>\n",
    );
  });

  test("an indented code block and inline code keep their content escaped", () => {
    expect(html("    <b>&amp;</b>")).toBe("<pre><code>&lt;b&gt;&amp;amp;&lt;/b&gt;\n</code></pre>\n");
    expect(html("use `<iframe>` here")).toBe("<p>use <code>&lt;iframe&gt;</code> here</p>\n");
  });

  test("a code block info string that is not a clean language name gets no class", () => {
    const out = html('```js" onclick="alert(1)\nx\n```');
    expect(out).toBe("<pre><code>x\n</code></pre>\n");
  });

  test("nested quotes render as nested blockquotes", () => {
    expect(html("> outer\n>> middle\n>>> inner")).toBe(
      "<blockquote>\n<p>outer</p>\n<blockquote>\n<p>middle</p>\n<blockquote>\n<p>inner</p>\n</blockquote>\n</blockquote>\n</blockquote>\n",
    );
  });

  test("lists, ordered lists with a start, emphasis and strikethrough render", () => {
    expect(html("- one\n- **two**\n\n3. three\n4. ~~four~~ _five_")).toBe(
      '<ul>\n<li>one</li>\n<li><strong>two</strong></li>\n</ul>\n<ol start="3">\n<li>three</li>\n<li><del>four</del> <em>five</em></li>\n</ol>\n',
    );
  });

  test("task list items show their state as text, with no form input", () => {
    const out = html("- [x] done\n- [ ] to do");
    expect(out).not.toMatch(/<input/i);
    expect(out).toBe("<ul>\n<li>[x] done</li>\n<li>[ ] to do</li>\n</ul>\n");
  });
});

describe("headings", () => {
  test("headings get ids slugged from their text", () => {
    expect(html("## Scope & Goals of the *Change*")).toBe('<h2 id="scope-goals-of-the-change">Scope &amp; Goals of the <em>Change</em></h2>\n');
  });

  test("repeated headings get de-duplicated ids in document order", () => {
    const { headings } = renderMarkdown("# Intro\n## Intro\n### Intro\n#### intro-1");
    expect(headings.map((h) => h.id)).toEqual(["intro", "intro-1", "intro-2", "intro-1-1"]);
  });

  test("headings with no Latin letters or digits fall back to section, section-1", () => {
    const { html: out, headings } = renderMarkdown("# 日本語\n\n# ...\n\n# ---x");
    expect(headings.map((h) => h.id)).toEqual(["section", "section-1", "x"]);
    expect(out).toContain('<h1 id="section">日本語</h1>');
    expect(out).toContain('<h1 id="section-1">...</h1>');
  });

  test("ids are stable: the same source gives the same ids, and nothing carries over between calls", () => {
    const source = "# Overview\n\n## Risks\n\n## Risks";
    const first = renderMarkdown(source);
    const second = renderMarkdown(source);
    expect(second).toEqual(first);
    expect(first.headings.map((h) => h.id)).toEqual(["overview", "risks", "risks-1"]);
  });

  test("the heading list gives level, id and plain text without markup", () => {
    const { headings } = renderMarkdown(
      "# Plan\n\nText\n\n## *Bold* and [link](https://x.example) with `code` &amp; \\*stars\\*\n\nSetext\n------\n\n###### Deep",
    );
    expect(headings).toEqual([
      { id: "plan", level: 1, text: "Plan" },
      { id: "bold-and-link-with-code-stars", level: 2, text: "Bold and link with code & *stars*" },
      { id: "setext", level: 2, text: "Setext" },
      { id: "deep", level: 6, text: "Deep" },
    ]);
  });

  test("every id in the heading list is the id in the final HTML, after sanitizing", () => {
    const { html: out, headings } = renderMarkdown("# A\n## B\n## A\n### <b>C</b>\n#### Ünïcode", {
      idPrefix: "plan-",
    });
    const idsInHtml = [...out.matchAll(/<h[1-6] id="([^"]+)">/g)].map((m) => m[1]);
    expect(idsInHtml).toEqual(headings.map((h) => h.id));
    expect(idsInHtml).toEqual(["plan-a", "plan-b", "plan-a-1", "plan-b-c-b", "plan-unicode"]);
  });

  test("idPrefix keeps comment headings from colliding with plan anchors", () => {
    expect(html("## Summary", { idPrefix: "comment-7-" })).toBe('<h2 id="comment-7-summary">Summary</h2>\n');
  });

  test("headingIds: false gives headings no id at all", () => {
    const { html: out, headings } = renderMarkdown("# Summary\n\n## Summary", { headingIds: false });
    expect(out).toBe("<h1>Summary</h1>\n<h2>Summary</h2>\n");
    expect(out).not.toContain("id=");
    expect(headings).toEqual([
      { id: "", level: 1, text: "Summary" },
      { id: "", level: 2, text: "Summary" },
    ]);
  });

  test("an idPrefix that is not id-safe is refused", () => {
    expect(() => renderMarkdown("# x", { idPrefix: '"><script>' })).toThrow(TypeError);
  });

  test("slugifyHeading lower-cases, transliterates accents, collapses hyphens and is never empty", () => {
    expect(slugifyHeading("Hello, World!")).toBe("hello-world");
    expect(slugifyHeading("  --Root   Zone -- KSK--  ")).toBe("root-zone-ksk");
    expect(slugifyHeading("Résumé of Straße changes")).toBe("resume-of-strasse-changes");
    expect(slugifyHeading("DNSSEC (RFC 4034)")).toBe("dnssec-rfc-4034");
    expect(slugifyHeading("日本語")).toBe("section");
    expect(slugifyHeading("")).toBe("section");
    expect(slugifyHeading("x".repeat(500))).toHaveLength(64);
  });
});

describe("enormous and hostile input", () => {
  const realisticBlock = [
    "## Section heading",
    "",
    "Some *emphasis* and **strong** text with a [link](https://example.org/a?b=c), `code` & more words.",
    "",
    "- item one",
    "- item two with _em_",
    "",
    "> quoted text",
    "",
    "| a | b |",
    "|---|---|",
    "| 1 | 2 |",
    "",
    "```js",
    "const x = 1 < 2;",
    "```",
    "",
    "",
  ].join("\n");

  test("a 200 KB document renders in under a second", () => {
    const sections = Math.floor(MAX_MARKDOWN_LENGTH / realisticBlock.length);
    const body = realisticBlock.repeat(sections);
    const source = body + "x".repeat(MAX_MARKDOWN_LENGTH - body.length);
    expect(source.length).toBe(MAX_MARKDOWN_LENGTH);
    const { value, ms } = timed(() => renderMarkdown(source), 1_000);
    expect(ms).toBeLessThan(1_000);
    expect(sections).toBeGreaterThan(800);
    expect(value.headings).toHaveLength(sections);
    expect(value.headings.at(-1)?.id).toBe(`section-heading-${value.headings.length - 1}`);
  });

  test("a paragraph far longer than the lexer's bounded pieces keeps every link, address, emphasis and line break", () => {
    const sentence = "Word *em* and **strong** see https://example.org/a_b?c=1 or ops@example.org, [ref](/r) `x<y`!  \n";
    const source = sentence.repeat(400); // ~36,000 characters, one paragraph
    const out = html(source);
    expect(out.match(/<p>/g)).toHaveLength(1);
    expect(out.match(/<em>em<\/em>/g)).toHaveLength(400);
    expect(out.match(/<strong>strong<\/strong>/g)).toHaveLength(400);
    expect(out.match(/<a href="https:\/\/example\.org\/a_b\?c=1" /g)).toHaveLength(400);
    expect(out.match(/<a href="mailto:ops@example\.org" /g)).toHaveLength(400);
    expect(out.match(/<a href="\/r" /g)).toHaveLength(400);
    expect(out.match(/<code>x&lt;y<\/code>/g)).toHaveLength(400);
    expect(out.match(/<br \/>/g)).toHaveLength(399); // the last one ends the paragraph
  });

  test("input longer than MAX_MARKDOWN_LENGTH is cut at that length", () => {
    const source = "a".repeat(MAX_MARKDOWN_LENGTH - 3) + " OK TAIL-BEYOND-LIMIT";
    const out = html(source);
    expect(out).toContain(" OK");
    expect(out).not.toContain("TAIL");
  });

  test("10,000 nested quote markers do not overflow the stack; nesting is capped and the text kept", () => {
    const { value: out, ms } = timed(() => html(">".repeat(10_000) + " deep"), 2_000);
    expect(ms).toBeLessThan(2_000);
    const depth = out.match(/<blockquote>/g)?.length ?? 0;
    expect(depth).toBeGreaterThan(5);
    expect(depth).toBeLessThanOrEqual(16);
    expect(out).toContain("deep");
    expect(out).toMatch(/&gt;&gt;&gt;/); // the markers beyond the cap are shown as text
  });

  test("thousands of nested list markers and mixed quote/list nesting do not crash", () => {
    for (const source of ["- ".repeat(5_000) + "x", "1. ".repeat(5_000) + "x", "> - ".repeat(3_000) + "x"]) {
      const { value: out, ms } = timed(() => html(source), 2_000);
      expect(ms).toBeLessThan(2_000);
      expect(out).toContain("x");
      expect(out.match(/<(ul|ol|blockquote)[\s>]/g)?.length ?? 0).toBeLessThanOrEqual(16);
    }
  });

  test("deeply nested emphasis does not overflow the stack", () => {
    const source = "*a ".repeat(20_000) + "b" + " a*".repeat(20_000);
    const { value: out, ms } = timed(() => html(source), 2_000);
    expect(ms).toBeLessThan(2_000);
    expect(out).toContain("b");
  });

  test.each([
    ["unclosed emphasis openers", "*a ".repeat(66_000)],
    ["unclosed underscore openers", "_a ".repeat(66_000)],
    ["one paragraph of 28,000 links", "[a](b) ".repeat(28_000)],
    ["one paragraph of code spans", "`a ".repeat(66_000)],
    ["a link destination of open parentheses", "[a](" + "(".repeat(100_000)],
    ["backslash escapes", "\\*".repeat(100_000)],
    ["open brackets", "[".repeat(200_000)],
    ["angle brackets", "<".repeat(200_000)],
  ])("pathological input (%s) renders in bounded time", (_name, source) => {
    const { value: out, ms } = timed(() => html(source), 2_000);
    expect(ms).toBeLessThan(2_000);
    expect(out.length).toBeGreaterThan(0);
    expect(out).not.toMatch(FOREIGN_ELEMENT);
  });

  test("something that is not a string renders as nothing instead of throwing", () => {
    expect(renderMarkdown(undefined as unknown as string)).toEqual({ html: "", headings: [] });
  });
});

describe("the sanitizer allowlist on its own (second line of defence)", () => {
  test.each([
    ["script", "<p>ok</p><script>alert(1)</script>", "<p>ok</p>"],
    ["img with onerror", "<img src=x onerror=alert(1)>after", "after"],
    [
      "anchor with onclick, target and rel",
      '<a href="https://x.example" onclick="alert(1)" target="_blank" rel="opener">x</a>',
      `<a href="https://x.example" rel="${LINK_REL}">x</a>`,
    ],
    ["javascript: href", '<a href="javascript:alert(1)">x</a>', `<a rel="${LINK_REL}">x</a>`],
    ["JAVASCRIPT: href", '<a href="JAVASCRIPT:alert(1)">x</a>', `<a rel="${LINK_REL}">x</a>`],
    ["entity-encoded href", '<a href="jav&#x61;script:alert(1)">x</a>', `<a rel="${LINK_REL}">x</a>`],
    ["tab inside the scheme", '<a href="java\tscript:alert(1)">x</a>', `<a rel="${LINK_REL}">x</a>`],
    ["data: href", '<a href="data:text/html,hi">x</a>', `<a rel="${LINK_REL}">x</a>`],
    ["vbscript: href", '<a href="vbscript:msgbox(1)">x</a>', `<a rel="${LINK_REL}">x</a>`],
    ["mailto: href", '<a href="mailto:a@example.org">m</a>', `<a href="mailto:a@example.org" rel="${LINK_REL}">m</a>`],
    ["xmp", "<xmp><script>alert(1)</script></xmp>", ""],
    ["svg with script", "<svg><script>alert(1)</script></svg>", ""],
    ["iframe", '<iframe src="https://evil.example/"></iframe>', ""],
    ["style element", "<style>body{display:none}</style><p>x</p>", "<p>x</p>"],
    ["form and input", '<form action="/x"><input name="a"><button>b</button></form>', "b"],
    ["math", "<math><mi>x</mi></math>", ""],
    ["object and embed", '<object data="x"></object><embed src="x">', ""],
    ["malformed anchor", '<a href="x"<b>bold</b>', `<a href="x" rel="${LINK_REL}">bold</a>`],
    ["unclosed tags", "<p>open <strong>bold", "<p>open <strong>bold</strong></p>"],
    ["split script tag", "<scr<script>ipt>alert(1)</scr</script>ipt>", "ipt&gt;alert(1)ipt&gt;"],
    ["HTML comment", "<!-- secret --><p>x</p>", "<p>x</p>"],
    ["style attribute", '<p style="background:url(javascript:alert(1))">p</p>', "<p>p</p>"],
    ["heading with handler and style", '<h2 id="ok" onclick="x" style="c">h</h2>', '<h2 id="ok">h</h2>'],
    ["heading id that is not id-safe", '<h2 id="a b">h</h2>', "<h2>h</h2>"],
    ["code class that is not a language", '<code class="language-js evil">c</code>', "<code>c</code>"],
    ["ol with a non-numeric start", '<ol start="3x" type="a"><li>x</li></ol>', "<ol><li>x</li></ol>"],
    ["cell alignment that is not allowed", '<td align="justify" style="x">c</td>', "<td>c</td>"],
    ["img element", '<img src="https://example.org/x.png" alt="x">', ""],
  ])("%s is neutralised", (_name, input, expected) => {
    expect(sanitizeRenderedHtml(input)).toBe(expected);
  });

  test("with headingIds: false even a well-formed heading id is removed", () => {
    expect(sanitizeRenderedHtml('<h2 id="ok">h</h2>', { headingIds: false })).toBe("<h2>h</h2>");
  });
});
