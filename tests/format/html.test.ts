import { describe, expect, it } from "vitest";
import { escapeHtml, MESSAGE_TEXT_LIMIT, splitHtml } from "../../src/format/html.js";
import { renderHtmlForTerminal } from "../../src/format/terminal.js";

/** True when every tag in `html` is closed in order: what Telegram's parser demands. */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-z-]+)[^>]*>/g)) {
    if (match[1] === "/") {
      if (stack.pop() !== match[2]) return false;
    } else stack.push(match[2] ?? "");
  }
  return stack.length === 0;
}

describe("escapeHtml", () => {
  it("escapes the characters special in Telegram HTML", () => {
    expect(escapeHtml(`<b> & "quotes" 'single'`)).toBe("&lt;b&gt; &amp; &quot;quotes&quot; 'single'");
  });
});

describe("splitHtml", () => {
  it("keeps a short text whole", () => {
    expect(splitHtml("<b>Title</b>\n\nText")).toEqual(["<b>Title</b>\n\nText"]);
  });

  it("cuts long texts on paragraph boundaries under the limit", () => {
    const paragraphs = Array.from({ length: 40 }, (_, index) => `Paragraph ${index}: ${"слово ".repeat(30).trim()}.`);
    const parts = splitHtml(paragraphs.join("\n\n"));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(MESSAGE_TEXT_LIMIT);
      expect(part.startsWith("Paragraph ")).toBe(true);
      expect(part.endsWith(".")).toBe(true);
    }
    expect(parts.join("\n\n")).toBe(paragraphs.join("\n\n"));
  });

  it("closes and reopens tags that span a cut, so each part is valid HTML", () => {
    const html = `<b>${"Жирный текст без конца. ".repeat(400)}</b>`;
    const parts = splitHtml(html, 1000);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(1000);
      expect(balanced(part), part.slice(0, 40)).toBe(true);
      expect(part.startsWith("<b>")).toBe(true);
    }
  });

  it("cuts a word longer than a message without breaking a tag or an entity", () => {
    const html = `<i>${"a&amp;b".repeat(1000)}</i>`;
    const parts = splitHtml(html, 500);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(500);
      expect(balanced(part)).toBe(true);
      expect(part).not.toMatch(/&[a-z]*$|&[a-z]*<\/i>$/);
    }
    expect(parts.join("").replaceAll("<i>", "").replaceAll("</i>", "")).toBe("a&amp;b".repeat(1000));
  });
});

describe("renderHtmlForTerminal", () => {
  it("renders bold, links and entities as plain text", () => {
    const text = renderHtmlForTerminal('<b>Title</b> &quot;x&quot; &lt;y&gt; <a href="https://example.org/a">link</a>', {
      color: false,
    });
    expect(text).toBe('Title "x" <y> link (https://example.org/a)');
  });

  it("uses ANSI styles for a colour terminal", () => {
    expect(renderHtmlForTerminal("<b>Bold</b>")).toContain("\u001b[1mBold");
  });
});
