/**
 * Splitting a cleaned document body into sections at its subheadings. A subheading is a short
 * line that is not a sentence (no closing punctuation), or a markdown `#` heading, and it must
 * head prose: a heading candidate that no text paragraph follows (a menu, a footer, a list of
 * links, a signature) is dropped, so page chrome never becomes a heading.
 */

/** Subheadings are short: a longer line is text even without a final full stop. */
export const MAX_HEADING_CHARS = 80;
/** Subheadings are a few words: a line with more is text even without a final full stop. */
export const MAX_HEADING_WORDS = 10;

/** A section before summarizing: its subheading (null for the overview) and its paragraphs. */
export interface RawSection {
  heading: string | null;
  paragraphs: string[];
}

/** Lowercase words that make a short line without a full stop a sentence rather than a label. */
const MIN_TEXT_LOWERCASE_WORDS = 3;

const MARKDOWN_HEADING = /^#{1,6}\s+(.+?)\s*#*$/u;
/** Closing punctuation that makes a line a sentence (or a teaser, or a wrapped line), not a heading. */
const CLOSING_PUNCTUATION = /(?:[.!?:;…»"”,\-–—]|>{2,})$/u;
const STARTS_LIKE_HEADING = /^[\p{Lu}\p{N}«"„]/u;
const SENTENCE_END = /[.!?…:;]["»”)]*$/u;
const STARTS_LOWERCASE = /^\p{Ll}/u;

/** An inline HTML tag as web-page copies carry them in titles (`<b>`, `<span class="x">`, `</a>`). */
const HTML_TAG = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/giu;
const MARKDOWN_EMPHASIS = /\*\*|__|`/gu;
const CHARACTER_ENTITY = /&(?:(amp|lt|gt|quot|apos|nbsp)|#(\d{1,6})|#x([\da-f]{1,6}));/giu;
const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/**
 * A title or heading as plain text: without HTML tags and markdown emphasis, with character
 * entities decoded (`Заголовок <b>жирный</b> &amp; AT&T` reads `Заголовок жирный & AT&T`), because
 * a briefing escapes what it shows and would print the markup itself.
 */
export function plainHeadingText(text: string): string {
  return text
    .replace(HTML_TAG, "")
    .replace(MARKDOWN_EMPHASIS, "")
    .replace(CHARACTER_ENTITY, (entity, name: string | undefined, decimal: string | undefined, hex: string | undefined) => {
      if (name !== undefined) return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
      const codePoint = decimal === undefined ? Number.parseInt(hex ?? "", 16) : Number(decimal);
      return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
    })
    .replace(/\s+/gu, " ")
    .trim();
}

/** The text of a markdown heading line, or undefined for any other line. */
export function markdownHeading(line: string): string | undefined {
  return MARKDOWN_HEADING.exec(line.trim())?.[1];
}

/** True for a line that reads as a subheading: short, capitalized, with no closing punctuation. */
export function looksLikeHeading(line: string): boolean {
  const text = line.trim();
  if (text === "" || text.length > MAX_HEADING_CHARS) return false;
  if (text.split(/\s+/u).length > MAX_HEADING_WORDS) return false;
  return STARTS_LIKE_HEADING.test(text) && !CLOSING_PUNCTUATION.test(text) && /\p{L}/u.test(text);
}

/**
 * Splits lines (blank lines included, as "") into sections. Text before the first subheading is
 * the overview (heading null). A heading candidate (a markdown heading or a line that looks like
 * one) followed by another candidate or by nothing heads no prose and is dropped, unless it reads
 * as a sentence that lost its full stop (several lowercase words), which stays text. Lines of one
 * block are joined when a line does not end a sentence and the next continues in lowercase
 * (wrapped text).
 */
export function splitSections(lines: readonly string[]): RawSection[] {
  const sections: RawSection[] = [{ heading: null, paragraphs: [] }];
  let current = sections[0] as RawSection;
  let previousWasText = false;
  for (let index = 0; index < lines.length; index += 1) {
    const text = (lines[index] ?? "").trim();
    if (text === "") {
      previousWasText = false;
      continue;
    }
    const candidate = headingCandidateAt(lines, index);
    const heading = candidate !== undefined && headsProse(lines, index) ? candidate : undefined;
    if (candidate !== undefined && heading === undefined && (markdownHeading(text) !== undefined || !readsAsText(text))) {
      previousWasText = false;
      continue;
    }
    if (heading !== undefined) {
      current = { heading: plainHeadingText(heading), paragraphs: [] };
      sections.push(current);
      previousWasText = false;
      continue;
    }
    const last = current.paragraphs.length - 1;
    const previous = current.paragraphs[last];
    if (previousWasText && previous !== undefined && !SENTENCE_END.test(previous) && STARTS_LOWERCASE.test(text)) {
      current.paragraphs[last] = `${previous} ${text}`;
    } else {
      current.paragraphs.push(text);
    }
    previousWasText = true;
  }
  return sections.filter((section) => section.paragraphs.length > 0);
}

/**
 * The heading text when the line at `index` is a heading candidate: a markdown heading, or a line
 * that looks like a heading and does not run on into the next line (a lowercase continuation
 * means a wrapped sentence).
 */
function headingCandidateAt(lines: readonly string[], index: number): string | undefined {
  const text = (lines[index] ?? "").trim();
  const markdown = markdownHeading(text);
  if (markdown !== undefined) return markdown;
  if (!looksLikeHeading(text)) return undefined;
  const following = lines[index + 1]?.trim() ?? "";
  return STARTS_LOWERCASE.test(following) ? undefined : text;
}

/**
 * A line that heads no prose is still text when it reads like a sentence that lost its full stop:
 * several lowercase words. Menus, footers and signatures ("Популярное", "Редакция сайта ТАСС",
 * "Пресс-служба МИД") have few.
 */
function readsAsText(text: string): boolean {
  return text.split(/\s+/u).filter((word) => STARTS_LOWERCASE.test(word)).length >= MIN_TEXT_LOWERCASE_WORDS;
}

/** A heading must head prose: the next non-blank line exists and is text, not another heading candidate. */
function headsProse(lines: readonly string[], index: number): boolean {
  for (let next = index + 1; next < lines.length; next += 1) {
    const text = (lines[next] ?? "").trim();
    if (text === "") continue;
    return headingCandidateAt(lines, next) === undefined;
  }
  return false;
}
