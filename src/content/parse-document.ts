/**
 * One seed file in, one briefing document out (or a problem a person can act on). Pure: takes the
 * file name and its content, never touches the disk. `parseDocuments` parses a whole folder's
 * files at once, so that lines a source repeats in every document (its site template) are known.
 */
import { createHash } from "node:crypto";
import { findRepeatedLines, isBoilerplateLine, isProse, removeBoilerplate } from "./boilerplate.js";
import { parseDateline, todayIso } from "./dateline.js";
import { decodeText } from "./decode-text.js";
import { contentLanguageOfTag, measureLanguage, type ContentLanguage } from "./language.js";
import { mergeMeta, parseFrontMatter, parseSidecar, type DatelineMeta, type DeclaredMeta } from "./metadata.js";
import { nearDuplicateIndexes } from "./near-duplicates.js";
import { looksLikeHeading, markdownHeading, plainHeadingText, splitSections, type RawSection } from "./sections.js";
import { splitSentences } from "./sentences.js";
import { summarize } from "./summarize.js";
import { shippedTopics } from "./topics-file.js";
import type { TopicCatalog } from "./topics.js";
import type { BriefingDocument, SeedProblem, Section } from "./types.js";

/** Extensions of files served as documents, lowercase. */
export const DOCUMENT_EXTENSIONS = [".txt", ".md"] as const;
/** Suffix of a sidecar metadata file: `<document id>.meta.json`. */
export const SIDECAR_SUFFIX = ".meta.json";
/** Hex characters of sha256 kept in a section hash: enough to tell edits apart, short in storage. */
const SECTION_HASH_HEX_CHARS = 16;
/** A page's own title (a markdown `# ` heading) is looked for this far down, past the site's header. */
const MAX_TITLE_SEARCH_LINES = 60;
/** A column of this many short lines at the top of a page is a menu. */
const MIN_MENU_LINES = 3;
/** Menu items are a word or three. */
const MAX_MENU_ITEM_WORDS = 3;
/** Rules for text without letters to tell its language (a document of numbers). */
const DEFAULT_LANGUAGE: ContentLanguage = "ru";
/** The dateline that names a document's agency stands near the top. */
const MAX_DATELINE_SEARCH_LINES = 30;

/** A parsed document: the shape every consumer reads, plus the language its rules were chosen for. */
export interface ParsedDocument extends BriefingDocument {
  /**
   * Language of the text the pipeline applied its rules for ("ru" or "en"): the declared one
   * (sidecar, then front matter) when it is one of them, else the one measured on the text.
   * `meta.language` keeps the declared tag as written ("en-GB", "de").
   */
  language: ContentLanguage;
}

/** A parsed document, or the problem that kept the file out. */
export type ParseResult = { ok: true; document: ParsedDocument } | { ok: false; problem: SeedProblem };

/** Options of `parseDocument`. */
export interface ParseOptions {
  /**
   * `YYYY-MM-DD`. A dateline without a year is dated by the year that puts it at or before the
   * declared date or, when none is declared, this day. Without it such a dateline gives no date.
   */
  today?: string;
  /** Lines the other documents of this document's source repeat (see `findRepeatedLines`). */
  repeatedLines?: ReadonlySet<string>;
  /** The topics sections are sorted into; the shipped topics when absent. */
  topics?: TopicCatalog;
}

/** A document file with its optional sidecar, as `parseDocuments` takes them. */
export interface DocumentInput {
  file: string;
  content: Buffer | string;
  sidecar?: Buffer | string;
}

/** Document id for a file name: the name without its extension. */
export function documentIdFor(file: string): string {
  return file.replace(/\.[^.]*$/u, "");
}

/** Sidecar file name for a document file name. */
export function sidecarFileFor(file: string): string {
  return `${documentIdFor(file)}${SIDECAR_SUFFIX}`;
}

/**
 * Parses one seed file: decodes it, reads the optional header and sidecar, settles the language,
 * finds the title, removes boilerplate and the dateline, collapses near-duplicate paragraphs,
 * splits sections and sentences, summarizes and classifies each section.
 */
export function parseDocument(file: string, content: Buffer | string, sidecar?: Buffer | string, options: ParseOptions = {}): ParseResult {
  const fail = (reason: string): ParseResult => ({ ok: false, problem: { file, reason } });
  const decoded = decodeText(content);
  if (!decoded.ok) return fail(decoded.reason);

  let sidecarMeta: DeclaredMeta | undefined;
  if (sidecar !== undefined) {
    const sidecarFile = sidecarFileFor(file);
    const sidecarText = decodeText(sidecar);
    if (!sidecarText.ok) return fail(`sidecar ${sidecarFile}: ${sidecarText.reason}`);
    const parsed = parseSidecar(sidecarText.text, sidecarFile);
    if (!parsed.ok) return fail(parsed.reason);
    sidecarMeta = parsed.meta;
  }

  const header = parseFrontMatter(decoded.text);
  if (!header.ok) return fail(header.reason);
  const measured = measureLanguage(header.body);
  const language = contentLanguageOfTag(sidecarMeta?.language ?? header.meta.language) ?? measured.language ?? DEFAULT_LANGUAGE;

  const lines = header.body.split("\n");
  const titleIndex = findTitleIndex(lines, language);
  if (titleIndex === -1) return fail("no text after the metadata header");
  const titleLine = (lines[titleIndex] ?? "").trim();
  const title = plainHeadingText(markdownHeading(titleLine) ?? titleLine);

  const bodyLines = removeBoilerplate(lines.slice(titleIndex + 1), {
    language,
    ...(options.repeatedLines ? { repeatedLines: options.repeatedLines } : {}),
  });
  const { lines: textLines, dateline } = stripDatelines(bodyLines);
  const sections = withoutNearDuplicates(splitSections(textLines));
  if (sections.length === 0) return fail("no text left after the title once boilerplate is removed");

  const documentId = documentIdFor(file);
  const meta = mergeMeta({
    ...(sidecarMeta ? { sidecar: sidecarMeta } : {}),
    header: header.meta,
    ...(dateline ? { dateline } : {}),
    detectedLanguage: measured.language ?? "und",
    ...(options.today !== undefined ? { today: options.today } : {}),
  });
  return {
    ok: true,
    document: {
      id: documentId,
      file,
      title,
      meta,
      language,
      sections: sections.map((raw, index) =>
        buildSection(documentId, index, raw, language, { title, sectionCount: sections.length, topics: options.topics ?? shippedTopics() }),
      ),
    },
  };
}

/**
 * Parses the documents of a folder together: lines repeated across the documents of one source
 * (by the declared source, else the URL's host, else the dateline's agency) are known to each
 * parse as that source's template, and year-less datelines are dated against `today` (the UTC
 * date of the clock unless given). One result per input, in order.
 */
export function parseDocuments(inputs: readonly DocumentInput[], options: { today?: string; topics?: TopicCatalog } = {}): ParseResult[] {
  const today = options.today ?? todayIso();
  const heads = inputs.map(readHead);
  const bySource = new Map<string, string[][]>();
  for (const head of heads) {
    if (!head) continue;
    const documents = bySource.get(head.source) ?? [];
    documents.push(head.lines);
    bySource.set(head.source, documents);
  }
  const repeatedBySource = new Map<string, Set<string>>();
  for (const [source, documents] of bySource) {
    if (documents.length >= 2) repeatedBySource.set(source, findRepeatedLines(documents));
  }
  return inputs.map((input, index) => {
    const repeatedLines = repeatedBySource.get(heads[index]?.source ?? "");
    return parseDocument(input.file, input.content, input.sidecar, {
      today,
      ...(options.topics ? { topics: options.topics } : {}),
      ...(repeatedLines ? { repeatedLines } : {}),
    });
  });
}

/** A document's source key and body lines, read cheaply for `parseDocuments`; undefined when unknown or unreadable. */
function readHead(input: DocumentInput): { source: string; lines: string[] } | undefined {
  const decoded = decodeText(input.content);
  if (!decoded.ok) return undefined;
  const header = parseFrontMatter(decoded.text);
  if (!header.ok) return undefined;
  let sidecarMeta: DeclaredMeta = {};
  if (input.sidecar !== undefined) {
    const sidecarText = decodeText(input.sidecar);
    const parsed = sidecarText.ok ? parseSidecar(sidecarText.text, sidecarFileFor(input.file)) : undefined;
    if (parsed?.ok) sidecarMeta = parsed.meta;
  }
  const lines = header.body.split("\n");
  const url = sidecarMeta.url ?? header.meta.url;
  const source = sidecarMeta.source ?? header.meta.source ?? (url ? hostOf(url) : undefined) ?? datelineAgency(lines);
  return source === undefined ? undefined : { source: source.trim().toLowerCase(), lines };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./u, "");
  } catch {
    return undefined;
  }
}

function datelineAgency(lines: readonly string[]): string | undefined {
  let seen = 0;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const agency = parseDateline(line)?.dateline.agency;
    if (agency !== undefined) return agency;
    seen += 1;
    if (seen >= MAX_DATELINE_SEARCH_LINES) break;
  }
  return undefined;
}

/**
 * The title line: a page's own `# ` heading when one stands before the first paragraph of prose
 * (what comes before it is the site's header), else the first line that is not boilerplate, else
 * the first line at all (the body is then empty and the document is reported).
 */
function findTitleIndex(lines: readonly string[], language: ContentLanguage): number {
  const limit = Math.min(lines.length, MAX_TITLE_SEARCH_LINES);
  for (let index = 0; index < limit; index += 1) {
    const text = (lines[index] ?? "").trim();
    if (text === "") continue;
    if (/^#\s/u.test(text) && markdownHeading(text) !== undefined) return index;
    if (isProse(text)) break;
  }
  let first = -1;
  for (let index = skipMenus(lines, language); index < lines.length; index += 1) {
    const text = (lines[index] ?? "").trim();
    if (text === "") continue;
    if (first === -1) first = index;
    if (!isBoilerplateLine(text, language)) return index;
  }
  return first;
}

/**
 * Index after the site menus at the top of a copied page: blocks of at least `MIN_MENU_LINES`
 * consecutive lines, each a few words without a full stop ("Главное / Политика / Экономика").
 * A title is one line; a menu is a column of them.
 */
function skipMenus(lines: readonly string[], language: ContentLanguage): number {
  let index = 0;
  for (;;) {
    while (index < lines.length && (lines[index] ?? "").trim() === "") index += 1;
    let end = index;
    while (end < lines.length && (lines[end] ?? "").trim() !== "") end += 1;
    const block = lines.slice(index, end).map((line) => line.trim());
    const isMenu =
      block.length >= MIN_MENU_LINES &&
      block.every((text) => isBoilerplateLine(text, language) || (looksLikeHeading(text) && text.split(/\s+/u).length <= MAX_MENU_ITEM_WORDS));
    if (!isMenu || end >= lines.length) return isMenu ? 0 : index;
    index = end;
  }
}

function buildSection(
  documentId: string,
  index: number,
  raw: RawSection,
  language: ContentLanguage,
  context: { title: string; sectionCount: number; topics: TopicCatalog },
): Section {
  const sentences = raw.paragraphs.flatMap((paragraph) => splitSentences(paragraph, language));
  const hashInput = [raw.heading ?? "", ...raw.paragraphs].join("\n");
  return {
    id: `${documentId}:${index}`,
    documentId,
    index,
    heading: raw.heading,
    paragraphs: raw.paragraphs,
    sentences,
    summary: summarize(sentences),
    topics: context.topics.classify({ index, heading: raw.heading, paragraphs: raw.paragraphs, title: context.title, sectionCount: context.sectionCount }),
    hash: createHash("sha256").update(hashInput).digest("hex").slice(0, SECTION_HASH_HEX_CHARS),
  };
}

/** The same document with its sections sorted into `topics` (after the topics file changed). */
export function classifyDocument<T extends BriefingDocument>(document: T, topics: TopicCatalog): T {
  const sectionCount = document.sections.length;
  return {
    ...document,
    sections: document.sections.map((section) => ({
      ...section,
      topics: topics.classify({ index: section.index, heading: section.heading, paragraphs: section.paragraphs, title: document.title, sectionCount }),
    })),
  };
}

/** Strips agency datelines from paragraph starts; the first one found is the document's dateline. */
function stripDatelines(lines: readonly string[]): { lines: string[]; dateline?: DatelineMeta } {
  let dateline: DatelineMeta | undefined;
  const kept: string[] = [];
  for (const line of lines) {
    const match = line.trim() === "" ? undefined : parseDateline(line);
    if (!match) {
      kept.push(line);
      continue;
    }
    dateline ??= match.dateline;
    if (match.rest !== "") kept.push(match.rest);
  }
  return dateline ? { lines: kept, dateline } : { lines: kept };
}

/** Collapses near-duplicate paragraphs across the whole document, then drops emptied sections. */
function withoutNearDuplicates(sections: readonly RawSection[]): RawSection[] {
  const all = sections.flatMap((section) => section.paragraphs);
  const dropped = nearDuplicateIndexes(all);
  let position = 0;
  const result: RawSection[] = [];
  for (const section of sections) {
    const paragraphs = section.paragraphs.filter(() => !dropped.has(position++));
    if (paragraphs.length > 0) result.push({ heading: section.heading, paragraphs });
  }
  return result;
}
