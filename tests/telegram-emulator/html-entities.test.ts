import { describe, expect, it } from "vitest";
import { HtmlParseError, parseTelegramHtml, renderTelegramHtml } from "../../src/telegram-emulator/index.js";

const parseError = (html: string): string => {
  try {
    parseTelegramHtml(html);
  } catch (error) {
    if (error instanceof HtmlParseError) return error.message;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(html)} to be rejected`);
};

describe("parseTelegramHtml", () => {
  it("turns tags into entities with UTF-16 offsets, counting an emoji as two units", () => {
    const parsed = parseTelegramHtml("😀 <b>bold 👍</b> and <i>it</i>");
    expect(parsed.text).toBe("😀 bold 👍 and it");
    expect(parsed.entities).toEqual([
      { type: "bold", offset: 3, length: 7 },
      { type: "italic", offset: 15, length: 2 },
    ]);
  });

  it("maps every supported tag and its synonyms", () => {
    const parsed = parseTelegramHtml(
      "<strong>a</strong><em>b</em><ins>c</ins><del>d</del><strike>e</strike><s>f</s><u>g</u>" +
        '<span class="tg-spoiler">h</span><tg-spoiler>i</tg-spoiler><code>j</code>' +
        '<tg-emoji emoji-id="5368324170671202286">k</tg-emoji><blockquote expandable>l</blockquote>',
    );
    expect(parsed.text).toBe("abcdefghijkl");
    expect(parsed.entities.map((entity) => entity.type)).toEqual([
      "bold",
      "italic",
      "underline",
      "strikethrough",
      "strikethrough",
      "strikethrough",
      "underline",
      "spoiler",
      "spoiler",
      "code",
      "custom_emoji",
      "expandable_blockquote",
    ]);
  });

  it("nests entities, outer first, and keeps pre's language from an inner code tag", () => {
    const parsed = parseTelegramHtml('<b>x <i>y</i></b>\n<pre><code class="language-ts">let a = 1;</code></pre>');
    expect(parsed.entities).toEqual([
      { type: "bold", offset: 0, length: 3 },
      { type: "italic", offset: 2, length: 1 },
      { type: "pre", offset: 4, length: 10, language: "ts" },
    ]);
  });

  it("decodes the four named references and numeric ones, and leaves unknown ones alone", () => {
    const parsed = parseTelegramHtml("&lt;a&gt; &amp; &quot; &#128512; &#x41; &nbsp; AT&T");
    expect(parsed.text).toBe('<a> & " 😀 A &nbsp; AT&T');
  });

  it("makes links text_link and tg://user links text_mention; a bad link is dropped", () => {
    const parsed = parseTelegramHtml('<a href="https://example.com/a?b=1&amp;c=2">x</a> <a href="tg://user?id=42">y</a> <a href="javascript:alert(1)">z</a>');
    expect(parsed.entities).toEqual([
      { type: "text_link", offset: 0, length: 1, url: "https://example.com/a?b=1&c=2" },
      { type: "text_mention", offset: 2, length: 1, user: { id: 42, is_bot: false, first_name: "" } },
    ]);
  });

  it("produces no entity for an empty element", () => {
    expect(parseTelegramHtml("a<b></b>c")).toEqual({ text: "ac", entities: [] });
  });

  it("rejects with Telegram's texts and UTF-8 byte offsets", () => {
    expect(parseError("hi <foo>x</foo>")).toBe('Unsupported start tag "foo" at byte offset 3');
    // "é" is two bytes in UTF-8, so the tag starts at byte 3 although it is the third character.
    expect(parseError("é <br/>")).toBe('Unsupported start tag "br/" at byte offset 3');
    expect(parseError("<b>bold")).toBe('Can\'t find end tag corresponding to start tag "b"');
    expect(parseError("<b>x</i>")).toBe('Unmatched end tag at byte offset 4, expected "</b>", found "</i>"');
    expect(parseError("x</b>")).toBe("Unexpected end tag at byte offset 1");
    expect(parseError("<b")).toBe("Unclosed start tag at byte offset 0");
    expect(parseError('<span class="x">y</span>')).toBe('Tag "span" must have class "tg-spoiler" at byte offset 0');
    expect(parseError("<a href>x</a>")).toBe('Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0');
    expect(parseError('<tg-emoji emoji-id="abc">x</tg-emoji>')).toBe("Invalid custom emoji identifier specified");
  });

  it("renders entities back to HTML that parses to the same result", () => {
    const source =
      '<b>Digest 😀</b> <i>for <u>you</u></i>: <a href="https://example.com/">link</a> &lt;3 ' +
      '<pre><code class="language-py">x = 1</code></pre><blockquote expandable>quote</blockquote>';
    const parsed = parseTelegramHtml(source);
    const rendered = renderTelegramHtml(parsed.text, parsed.entities);
    expect(parseTelegramHtml(rendered)).toEqual(parsed);
    expect(rendered).toContain("&lt;3");
  });
});
