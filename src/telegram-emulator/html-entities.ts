import type { MessageEntity } from "grammy/types";

/**
 * Telegram's HTML parse mode, written from its documented behaviour (core.telegram.org/bots/api#html-style)
 * and the error texts the Bot API returns. Pure: text in, plain text and entities out.
 *
 * Offsets in error messages are byte offsets into the UTF-8 input, as Telegram reports them;
 * entity offsets and lengths are UTF-16 code units, as MessageEntity defines them.
 */

/** A parse failure; `message` is the text Telegram puts after "Bad Request: can't parse entities: ". */
export class HtmlParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HtmlParseError";
  }
}

/** The result of parsing: what the recipient sees, and the formatting on top of it. */
export interface ParsedText {
  text: string;
  entities: MessageEntity[];
}

const SUPPORTED_TAGS: ReadonlySet<string> = new Set([
  "a",
  "b",
  "strong",
  "i",
  "em",
  "s",
  "strike",
  "del",
  "u",
  "ins",
  "tg-spoiler",
  "tg-emoji",
  "span",
  "pre",
  "code",
  "blockquote",
]);

/** Protocols Telegram keeps in a text_link; a link with any other is silently dropped, as Telegram does. */
const LINK_PROTOCOLS: ReadonlySet<string> = new Set(["http:", "https:", "tg:", "ton:", "tonsite:"]);

const AMPERSAND = 0x26;
const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const HASH = 0x23;
const LOWER_X = 0x78;
const SEMICOLON = 0x3b;
const DOT = 0x2e;
const DASH = 0x2d;

/** Numeric references longer than this (counting "&#") are not decoded, like Telegram. */
const NUMERIC_REFERENCE_MAX_BYTES = 10;
const UNICODE_MAX = 0x10ffff;

// The end of input reads as 0, which counts as a space: the scanning loops below stop there
// exactly where Telegram's C-string scanner stops.
const isSpace = (byte: number): boolean =>
  byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0b || byte === 0;
const isDigit = (byte: number): boolean => byte >= 0x30 && byte <= 0x39;
const isAlpha = (byte: number): boolean => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
const isHexDigit = (byte: number): boolean =>
  isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
const asciiLower = (text: string): string => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

interface OpenTag {
  name: string;
  argument: string;
  expandable: boolean;
  utf16Offset: number;
  outputStart: number;
}

interface DraftEntity {
  entity: MessageEntity;
  /** language-xxx of a <code>, kept until we know whether a <pre> wraps it. */
  codeLanguage?: string;
}

/**
 * Parses Telegram HTML into plain text and entities.
 * @throws HtmlParseError with Telegram's wording when the markup is rejected.
 */
export function parseTelegramHtml(html: string): ParsedText {
  const input = Buffer.from(html, "utf8");
  const size = input.length;
  const at = (index: number): number => (index < size ? (input[index] ?? 0) : 0);

  const output: number[] = [];
  const drafts: DraftEntity[] = [];
  const open: OpenTag[] = [];
  let utf16Offset = 0;

  const decodeReference = (start: number): { code: number; next: number } | undefined => {
    let end = start + 1;
    let code = 0;
    if (at(start + 1) === HASH) {
      end++;
      if (at(start + 2) === LOWER_X) {
        end++;
        while (isHexDigit(at(end))) code = code * 16 + Number.parseInt(String.fromCharCode(at(end++)), 16);
      } else {
        while (isDigit(at(end))) code = code * 10 + (at(end++) - 0x30);
      }
      if (code === 0 || code >= UNICODE_MAX || end - start >= NUMERIC_REFERENCE_MAX_BYTES) return undefined;
    } else {
      while (isAlpha(at(end))) end++;
      const name = input.toString("latin1", start + 1, end);
      const named: Record<string, number> = { lt: 0x3c, gt: 0x3e, amp: 0x26, quot: 0x22 };
      const value = named[name];
      if (value === undefined) return undefined;
      code = value;
    }
    if (at(end) === SEMICOLON) end++;
    return { code, next: end };
  };

  const appendCodePoint = (target: number[], code: number): void => {
    if (code >= 0xd800 && code <= 0xdfff) {
      throw new HtmlParseError(
        "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units",
      );
    }
    for (const byte of Buffer.from(String.fromCodePoint(code), "utf8")) target.push(byte);
  };

  for (let i = 0; i < size; i++) {
    const byte = at(i);
    if (byte === AMPERSAND) {
      const reference = decodeReference(i);
      if (reference) {
        appendCodePoint(output, reference.code);
        utf16Offset += reference.code > 0xffff ? 2 : 1;
        i = reference.next - 1;
        continue;
      }
    }
    if (byte !== LESS_THAN) {
      // Count a character at its first byte; four-byte sequences are surrogate pairs in UTF-16.
      if ((byte & 0xc0) !== 0x80) utf16Offset += byte >= 0xf0 ? 2 : 1;
      output.push(byte);
      continue;
    }

    const tagStart = i++;
    if (at(i) !== SLASH) {
      while (!isSpace(at(i)) && at(i) !== GREATER_THAN) i++;
      if (i >= size) throw new HtmlParseError(`Unclosed start tag at byte offset ${tagStart}`);
      const name = asciiLower(input.toString("utf8", tagStart + 1, i));
      if (!SUPPORTED_TAGS.has(name)) {
        throw new HtmlParseError(`Unsupported start tag "${name}" at byte offset ${tagStart}`);
      }

      let argument = "";
      let expandable = false;
      while (at(i) !== GREATER_THAN) {
        while (i < size && isSpace(at(i))) i++;
        if (i >= size) throw new HtmlParseError(`Unclosed start tag at byte offset ${tagStart}`);
        if (at(i) === GREATER_THAN) break;
        const attributeStart = i;
        while (!isSpace(at(i)) && at(i) !== EQUALS && at(i) !== GREATER_THAN) i++;
        const attribute = input.toString("utf8", attributeStart, i);
        if (attribute === "") {
          throw new HtmlParseError(`Empty attribute name in the tag "${name}" at byte offset ${tagStart}`);
        }
        while (i < size && isSpace(at(i))) i++;
        if (at(i) !== EQUALS) {
          // The one attribute Telegram accepts without a value.
          if (name === "blockquote" && attribute === "expandable") {
            expandable = true;
            continue;
          }
          throw new HtmlParseError(
            `Expected equal sign in declaration of an attribute of the tag "${name}" at byte offset ${tagStart}`,
          );
        }
        i++;
        while (i < size && isSpace(at(i))) i++;
        if (i >= size) throw new HtmlParseError(`Unclosed start tag "${name}" at byte offset ${tagStart}`);

        let value: string;
        if (at(i) !== DOUBLE_QUOTE && at(i) !== SINGLE_QUOTE) {
          // An unquoted name token: letters, digits, periods and hyphens, case-insensitive.
          const tokenStart = i;
          while (isDigit(at(i)) || isAlpha(at(i)) || at(i) === DOT || at(i) === DASH) i++;
          value = asciiLower(input.toString("utf8", tokenStart, i));
          if (!isSpace(at(i)) && at(i) !== GREATER_THAN) {
            throw new HtmlParseError(`Unexpected end of name token at byte offset ${tokenStart}`);
          }
        } else {
          const quote = at(i++);
          const valueBytes: number[] = [];
          while (i < size && at(i) !== quote) {
            if (at(i) === AMPERSAND) {
              const reference = decodeReference(i);
              if (reference) {
                appendCodePoint(valueBytes, reference.code);
                i = reference.next;
                continue;
              }
            }
            valueBytes.push(at(i++));
          }
          if (i < size) i++;
          value = Buffer.from(valueBytes).toString("utf8");
        }
        if (i >= size) throw new HtmlParseError(`Unclosed start tag at byte offset ${tagStart}`);

        if (name === "a" && attribute === "href") argument = value;
        else if (name === "code" && attribute === "class" && value.startsWith("language-")) argument = value.slice(9);
        else if (name === "span" && attribute === "class" && value.startsWith("tg-")) argument = value.slice(3);
        else if (name === "tg-emoji" && attribute === "emoji-id") argument = value;
      }

      if (name === "span" && argument !== "spoiler") {
        throw new HtmlParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${tagStart}`);
      }
      open.push({ name, argument, expandable, utf16Offset, outputStart: output.length });
      continue;
    }

    // An end tag.
    const current = open.at(-1);
    if (!current) throw new HtmlParseError(`Unexpected end tag at byte offset ${tagStart}`);
    while (!isSpace(at(i)) && at(i) !== GREATER_THAN) i++;
    const endName = asciiLower(input.toString("utf8", tagStart + 2, i));
    while (i < size && isSpace(at(i))) i++;
    if (at(i) !== GREATER_THAN) throw new HtmlParseError(`Unclosed end tag at byte offset ${tagStart}`);
    if (endName !== "" && endName !== current.name) {
      throw new HtmlParseError(
        `Unmatched end tag at byte offset ${tagStart}, expected "</${current.name}>", found "</${endName}>"`,
      );
    }
    open.pop();
    // Empty elements produce no entity, as in Telegram.
    if (utf16Offset > current.utf16Offset) {
      closeEntity(current, utf16Offset - current.utf16Offset, output, drafts);
    }
  }

  const unclosed = open.at(-1);
  if (unclosed) throw new HtmlParseError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);

  const entities = drafts.map((draft) => draft.entity);
  // Outer entities first when two start together, as Telegram orders them.
  entities.sort((left, right) => left.offset - right.offset || right.length - left.length);
  return { text: Buffer.from(output).toString("utf8"), entities };
}

function closeEntity(tag: OpenTag, length: number, output: readonly number[], drafts: DraftEntity[]): void {
  const offset = tag.utf16Offset;
  const previous = drafts.at(-1);
  const sameSpan = previous !== undefined && previous.entity.offset === offset && previous.entity.length === length;
  const push = (entity: MessageEntity, codeLanguage?: string): void => {
    drafts.push(codeLanguage === undefined ? { entity } : { entity, codeLanguage });
  };

  switch (tag.name) {
    case "b":
    case "strong":
      return push({ type: "bold", offset, length });
    case "i":
    case "em":
      return push({ type: "italic", offset, length });
    case "u":
    case "ins":
      return push({ type: "underline", offset, length });
    case "s":
    case "strike":
    case "del":
      return push({ type: "strikethrough", offset, length });
    case "tg-spoiler":
    case "span":
      return push({ type: "spoiler", offset, length });
    case "blockquote":
      return push({ type: tag.expandable ? "expandable_blockquote" : "blockquote", offset, length });
    case "tg-emoji":
      if (!/^\d+$/.test(tag.argument) || /^0+$/.test(tag.argument)) {
        throw new HtmlParseError("Invalid custom emoji identifier specified");
      }
      return push({ type: "custom_emoji", offset, length, custom_emoji_id: tag.argument });
    case "code":
      // <pre><code class="language-x"> is a pre block with a language, whichever tag closes first.
      if (sameSpan && previous.entity.type === "pre" && tag.argument !== "") {
        previous.entity = { type: "pre", offset, length, language: tag.argument };
        return;
      }
      return push({ type: "code", offset, length }, tag.argument);
    case "pre":
      // A <code> spanning the whole <pre> is folded into it: one pre entity, with the code's language if any.
      if (sameSpan && previous.entity.type === "code") {
        previous.entity = previous.codeLanguage
          ? { type: "pre", offset, length, language: previous.codeLanguage }
          : { type: "pre", offset, length };
        delete previous.codeLanguage;
        return;
      }
      return push({ type: "pre", offset, length });
    case "a": {
      const href = tag.argument || Buffer.from(output.slice(tag.outputStart)).toString("utf8");
      const mentioned = /^tg:\/\/user\?id=(\d+)$/i.exec(href.trim());
      if (mentioned?.[1]) {
        // The user is filled in by the caller, which knows the users; the parser stays pure.
        const user = { id: Number(mentioned[1]), is_bot: false, first_name: "" };
        return push({ type: "text_mention", offset, length, user });
      }
      const url = checkedLink(href);
      if (url !== undefined) push({ type: "text_link", offset, length, url });
      return;
    }
  }
}

/** Normalises a link the way Telegram does for text_link, or returns undefined for one it would drop. */
export function checkedLink(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (trimmed === "") return undefined;
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed);
  let url: URL;
  try {
    url = new URL(hasScheme ? trimmed : `http://${trimmed}`);
  } catch {
    return undefined;
  }
  if (!LINK_PROTOCOLS.has(url.protocol)) return undefined;
  if ((url.protocol === "http:" || url.protocol === "https:") && url.hostname === "") return undefined;
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : trimmed;
}

/** Length of a string in UTF-16 code units: the unit of MessageEntity offsets. */
export function utf16Length(text: string): number {
  return text.length;
}

/** Length in Unicode code points: the unit of Telegram's message length limits. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

const escapeText = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttribute = (text: string): string => escapeText(text).replace(/"/g, "&quot;");

function openingTag(entity: MessageEntity): string | undefined {
  switch (entity.type) {
    case "bold":
      return "<b>";
    case "italic":
      return "<i>";
    case "underline":
      return "<u>";
    case "strikethrough":
      return "<s>";
    case "spoiler":
      return "<tg-spoiler>";
    case "code":
      return "<code>";
    case "pre":
      return entity.language ? `<pre><code class="language-${escapeAttribute(entity.language)}">` : "<pre>";
    case "blockquote":
      return "<blockquote>";
    case "expandable_blockquote":
      return "<blockquote expandable>";
    case "text_link":
      return `<a href="${escapeAttribute(entity.url)}">`;
    case "text_mention":
      return `<a href="tg://user?id=${entity.user.id}">`;
    case "custom_emoji":
      return `<tg-emoji emoji-id="${escapeAttribute(entity.custom_emoji_id)}">`;
    default:
      // mention, url, bot_command and the like are detected from the text; they carry no markup.
      return undefined;
  }
}

function closingTag(entity: MessageEntity): string {
  switch (entity.type) {
    case "bold":
      return "</b>";
    case "italic":
      return "</i>";
    case "underline":
      return "</u>";
    case "strikethrough":
      return "</s>";
    case "spoiler":
      return "</tg-spoiler>";
    case "code":
      return "</code>";
    case "pre":
      return entity.language ? "</code></pre>" : "</pre>";
    case "blockquote":
    case "expandable_blockquote":
      return "</blockquote>";
    case "text_link":
    case "text_mention":
      return "</a>";
    case "custom_emoji":
      return "</tg-emoji>";
    default:
      return "";
  }
}

/**
 * Renders text and entities back to Telegram HTML, so a sandbox or a test can read a
 * message the way it was formatted. Parsing the result gives the same text and entities
 * for nested (non-overlapping) entities, which is all Telegram produces.
 */
export function renderTelegramHtml(text: string, entities: readonly MessageEntity[]): string {
  const formatting = entities
    .filter((entity) => openingTag(entity) !== undefined && entity.length > 0)
    .slice()
    .sort((left, right) => left.offset - right.offset || right.length - left.length);
  let html = "";
  const stack: MessageEntity[] = [];
  let next = 0;
  for (let position = 0; position <= text.length; position++) {
    while (stack.length > 0) {
      const top = stack.at(-1);
      if (!top || top.offset + top.length > position) break;
      html += closingTag(top);
      stack.pop();
    }
    let entity = formatting[next];
    while (entity && entity.offset === position) {
      html += openingTag(entity) ?? "";
      stack.push(entity);
      entity = formatting[++next];
    }
    if (position < text.length) html += escapeText(text[position] ?? "");
  }
  for (const entity of stack.reverse()) html += closingTag(entity);
  return html;
}
