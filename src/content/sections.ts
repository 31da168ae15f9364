/**
 * Splitting a cleaned document body into sections at its subheadings. A subheading is a short
 * line that is not a sentence (no closing punctuation), or a markdown `#` heading.
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

const MARKDOWN_HEADING = /^#{1,6}\s+(.+?)\s*#*$/u;
/** Closing punctuation that makes a line a sentence (or a teaser, or a wrapped line), not a heading. */
const CLOSING_PUNCTUATION = /(?:[.!?:;…»"”,\-–—]|>{2,})$/u;
const STARTS_LIKE_HEADING = /^[\p{Lu}\p{N}«"„]/u;
const SENTENCE_END = /[.!?…:;]["»”)]*$/u;
const STARTS_LOWERCASE = /^\p{Ll}/u;

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
 * the overview (heading null); a heading with no text after it is dropped. Lines of one block are
 * joined when a line does not end a sentence and the next continues in lowercase (wrapped text).
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
    const heading = markdownHeading(text) ?? (isSubheadingAt(lines, index) ? text : undefined);
    if (heading !== undefined) {
      current = { heading, paragraphs: [] };
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
 * A heading must introduce text (a short last line is a signature or credit) and must not run on
 * into the next line (a lowercase continuation means a wrapped sentence).
 */
function isSubheadingAt(lines: readonly string[], index: number): boolean {
  if (!looksLikeHeading(lines[index] ?? "")) return false;
  const following = lines[index + 1]?.trim() ?? "";
  if (STARTS_LOWERCASE.test(following)) return false;
  for (let next = index + 1; next < lines.length; next += 1) {
    const text = (lines[next] ?? "").trim();
    if (text !== "" && !looksLikeHeading(text)) return true;
  }
  return false;
}
