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
