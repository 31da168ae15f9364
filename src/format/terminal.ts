/**
 * Renders Telegram HTML for a terminal: bold, italic, underline and links become ANSI styles,
 * entities are decoded. Used by the CLI and the offline sandbox.
 */

const ANSI = {
  reset: "\u001b[0m",
  bold: "\u001b[1m",
  dim: "\u001b[2m",
  italic: "\u001b[3m",
  underline: "\u001b[4m",
  strike: "\u001b[9m",
  cyan: "\u001b[36m",
} as const;

const STYLE_BY_TAG: Record<string, string> = {
  b: ANSI.bold,
  strong: ANSI.bold,
  i: ANSI.italic,
  em: ANSI.italic,
  u: ANSI.underline,
  ins: ANSI.underline,
  s: ANSI.strike,
  strike: ANSI.strike,
  del: ANSI.strike,
  code: ANSI.cyan,
  pre: ANSI.cyan,
  a: ANSI.underline,
  blockquote: ANSI.dim,
  "tg-spoiler": ANSI.dim,
};

/** Decodes the entities Telegram HTML allows: the four named ones and numeric references. */
export function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/g, (entity, name: string) => {
    if (name === "lt") return "<";
    if (name === "gt") return ">";
    if (name === "amp") return "&";
    if (name === "quot") return '"';
    const code = name.startsWith("#x") ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : entity;
  });
}

/** Turns Telegram HTML into text with ANSI styles; with `color: false`, into plain text. */
export function renderHtmlForTerminal(html: string, options: { color: boolean } = { color: true }): string {
  const stack: Array<{ tag: string; href?: string }> = [];
  let output = "";
  const currentStyle = (): string =>
    options.color ? stack.map((entry) => STYLE_BY_TAG[entry.tag] ?? "").join("") : "";
  for (const match of html.matchAll(/<(\/?)([a-zA-Z-]+)([^>]*)>|([^<]+)/g)) {
    const [, closing, rawTag, attributes, text] = match;
    if (text !== undefined) {
      output += decodeEntities(text);
      continue;
    }
    const tag = (rawTag ?? "").toLowerCase();
    if (closing === "/") {
      const index = stack.map((entry) => entry.tag).lastIndexOf(tag);
      const [entry] = index >= 0 ? stack.splice(index, 1) : [];
      if (options.color) output += ANSI.reset + currentStyle();
      const href = entry?.href;
      if (href !== undefined && !output.endsWith(href)) output += ` (${href})`;
    } else {
      const href = /href="([^"]*)"/.exec(attributes ?? "")?.[1];
      stack.push({ tag, ...(href === undefined ? {} : { href: decodeEntities(href) }) });
      if (options.color) output += currentStyle();
    }
  }
  return options.color ? output + ANSI.reset : output;
}

/** An ANSI style sequence, or one code point: the units a terminal line is made of. */
// eslint-disable-next-line no-control-regex -- an ANSI sequence starts with the ESC control character
const TERMINAL_UNIT = /\u001b\[[0-9;]*m|[\s\S]/gu;

/** Columns a code point takes: two for wide East Asian characters and emoji, none for joiners and combining marks. */
function columnsOf(unit: string): number {
  if (unit.startsWith("\u001b")) return 0;
  const code = unit.codePointAt(0) ?? 0;
  if ((code >= 0x300 && code <= 0x36f) || code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) return 0;
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}

/** How many columns a string takes in a terminal (ANSI styles take none). */
export function terminalWidth(text: string): number {
  let width = 0;
  for (const [unit] of text.matchAll(TERMINAL_UNIT)) width += columnsOf(unit);
  return width;
}

/**
 * Wraps text for a terminal `width` columns wide at spaces, so no word is cut at the edge; a word
 * wider than a whole line (a URL, Chinese text without spaces) is broken where the line ends.
 */
export function wrapForTerminal(text: string, width: number): string {
  if (!Number.isFinite(width) || width < 2) return text;
  return text
    .split("\n")
    .map((line) => (terminalWidth(line) <= width ? line : wrapLine(line, width)))
    .join("\n");
}

/** Wraps one line; its leading spaces (a list's indentation) start every line it becomes. */
function wrapLine(line: string, width: number): string {
  const indent = /^ */.exec(line)?.[0] ?? "";
  if (indent.length > 0 && indent.length < width / 2) {
    return wrapLine(line.slice(indent.length), width - indent.length)
      .split("\n")
      .map((part) => indent + part)
      .join("\n");
  }
  const lines: string[] = [];
  let current = "";
  let used = 0;
  for (const word of line.split(" ")) {
    const size = terminalWidth(word);
    if (used > 0 && used + 1 + size <= width) {
      current += ` ${word}`;
      used += 1 + size;
      continue;
    }
    if (used > 0 || current !== "") lines.push(current);
    current = "";
    used = 0;
    // A word longer than a line is broken into line-wide pieces; the last piece starts the next line.
    for (const [unit] of word.matchAll(TERMINAL_UNIT)) {
      const columns = columnsOf(unit);
      if (used + columns > width) {
        lines.push(current);
        current = "";
        used = 0;
      }
      current += unit;
      used += columns;
    }
  }
  lines.push(current);
  return lines.join("\n");
}
