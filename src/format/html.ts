/**
 * HTML for Telegram's `parse_mode: "HTML"`: escaping and splitting long texts into messages that
 * each stay valid on their own. Pure functions, no Telegram.
 */

/** Telegram's limit for a message text, in characters after entity parsing. */
export const MESSAGE_TEXT_LIMIT = 4096;

/**
 * Characters kept free in every part for tags closed at its end and reopened at the start of the
 * next; parts are measured on their HTML source, which is never shorter than the parsed text.
 */
const TAG_RESERVE_CHARS = 256;

/** Break points, best first: paragraphs, lines, sentences, words. */
const SEPARATORS = ["\n\n", "\n", ". ", " "] as const;

const NEEDS_ESCAPING = /[&<>"]/u;

/** Escapes text for Telegram HTML: only `<`, `>`, `&` and `"` are special there. */
export function escapeHtml(text: string): string {
  // Most text has nothing to escape; search results escape every word of every excerpt.
  if (!NEEDS_ESCAPING.test(text)) return text;
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** `text` cut to at most `maxChars` characters, an ellipsis marking the cut (button labels, result descriptions). */
export function shorten(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

/**
 * Splits Telegram HTML into parts of at most `limit` characters, cutting at paragraph boundaries
 * where possible, then lines, sentences and words. Tags open at a cut are closed at the end of one
 * part and reopened at the start of the next, so every part parses on its own.
 */
export function splitHtml(html: string, limit: number = MESSAGE_TEXT_LIMIT): string[] {
  if (html.length <= limit) return html.trim() === "" ? [] : [html];
  const budget = Math.max(1, limit - TAG_RESERVE_CHARS);
  const pieces = explode(html, 0, budget);
  const parts: string[] = [];
  let open: OpenTag[] = [];
  for (const piece of pieces) {
    const reopened = open.map((tag) => tag.source).join("");
    open = trackTags(piece, open);
    const closed = [...open].reverse().map((tag) => `</${tag.name}>`).join("");
    const body = piece.trim();
    if (body !== "") parts.push(reopened + body + closed);
  }
  return parts;
}

interface OpenTag {
  name: string;
  source: string;
}

/** Cuts `text` into consecutive pieces of at most `budget` characters at the best separator. */
function explode(text: string, level: number, budget: number): string[] {
  if (text.length <= budget) return [text];
  const separator = SEPARATORS[level];
  if (separator === undefined) return hardCut(text, budget);
  const parts = text.split(separator).map((part, index, all) =>
    index < all.length - 1 ? part + separator : part,
  );
  const pieces = parts.flatMap((part) => explode(part, level + 1, budget));
  return pack(pieces, budget);
}

/** Joins consecutive pieces greedily while they fit the budget. */
function pack(pieces: string[], budget: number): string[] {
  const packed: string[] = [];
  let current = "";
  for (const piece of pieces) {
    if (current !== "" && current.length + piece.length > budget) {
      packed.push(current);
      current = "";
    }
    current += piece;
  }
  if (current !== "") packed.push(current);
  return packed;
}

/** Last resort for a word longer than a message: cut anywhere but inside a tag or an entity. */
function hardCut(text: string, budget: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + budget);
    const tagStart = text.lastIndexOf("<", end - 1);
    if (tagStart >= start && text.indexOf(">", tagStart) >= end) end = tagStart;
    const entityStart = text.lastIndexOf("&", end - 1);
    if (entityStart >= start && end - entityStart < 10 && !text.slice(entityStart, end).includes(";")) {
      end = entityStart;
    }
    if (end <= start) end = Math.min(text.length, start + budget);
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/** Returns the tags still open after `html`, given those open before it. */
function trackTags(html: string, openBefore: OpenTag[]): OpenTag[] {
  const open = [...openBefore];
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>/g)) {
    const [source, closing, rawName] = match;
    const name = (rawName ?? "").toLowerCase();
    if (closing === "/") {
      const index = open.map((tag) => tag.name).lastIndexOf(name);
      if (index >= 0) open.splice(index, 1);
    } else {
      open.push({ name, source });
    }
  }
  return open;
}
