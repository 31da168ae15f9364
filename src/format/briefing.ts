/**
 * `src/format/`: pure formatting of what the bot shows: briefings, excerpts and digests as Telegram
 * HTML, split under the message limit, and the same HTML for a terminal.
 *
 * Composes briefings and full texts as Telegram HTML from the content library. Pure: labels come
 * from a translate function, so the same code serves the bot, the CLI and the digests.
 */
import { perLibrary, type ContentLibrary } from "../content/library.js";
import { topicName, type TopicCatalog } from "../content/topics.js";
import type { BriefingDocument, Section, TopicId } from "../content/types.js";
import { matchingSentences, queryStems } from "../content/search.js";
import { highlightStems } from "./highlight.js";
import { escapeHtml, MESSAGE_TEXT_LIMIT, splitHtml } from "./html.js";

/** Looks up a localized string; variables are inserted as they are (escape HTML before). */
export type Translate = (key: string, variables?: Record<string, string | number>) => string;

/** A section with the document it belongs to. */
export interface SectionWithDocument {
  section: Section;
  document: BriefingDocument;
}

/** Sections of a topic with their documents, newest documents first. */
export function topicSections(library: ContentLibrary, topic: TopicId): SectionWithDocument[] {
  return library.sectionsForTopic(topic).flatMap((section) => {
    const document = library.document(section.documentId);
    return document === undefined ? [] : [{ section, document }];
  });
}

/** How many sections one briefing shows at most, newest documents first. */
export const MAX_BRIEFING_SECTIONS = 3;

/** A composed briefing: the message HTML and the sections it summarizes (for "Full text" buttons). */
export interface Briefing {
  html: string;
  sections: SectionWithDocument[];
  /** Where the next page starts (for a "More" button), or undefined when this page shows the last section. */
  nextOffset: number | undefined;
  /** Sections of the topic after this page. */
  remaining: number;
}

/**
 * One page of a topic's briefing: its title, then for each section from `offset` on (up to
 * MAX_BRIEFING_SECTIONS and the message limit) the heading, the summary and the source line.
 * Undefined when the topic has no section there.
 */
export function composeBriefing(
  topics: TopicCatalog,
  topic: TopicId,
  sections: SectionWithDocument[],
  t: Translate,
  locale: string,
  offset = 0,
): Briefing | undefined {
  if (sections.length <= offset) return undefined;
  let html = topicHeading(topics, topic, locale);
  const shown: SectionWithDocument[] = [];
  for (const entry of sections.slice(offset, offset + MAX_BRIEFING_SECTIONS)) {
    const block = sectionBlock(entry, t, locale);
    // The first section always goes in (its summary is far below the limit); later ones only if they fit.
    if (shown.length > 0 && html.length + block.length + 2 > MESSAGE_TEXT_LIMIT) break;
    html += `\n\n${block}`;
    shown.push(entry);
  }
  const next = offset + shown.length;
  return { html, sections: shown, nextOffset: next < sections.length ? next : undefined, remaining: sections.length - next };
}

/** Composed briefings per library, topic and locale: everyone asking gets the same message. */
const composedBriefings = perLibrary(() => new Map<string, Briefing | undefined>());

/**
 * The briefing of `topic` in `locale` from `library`, composed once per library (`t` must be the
 * translation of `locale`). Undefined when the topic is empty.
 */
export function briefingFor(library: ContentLibrary, topic: TopicId, t: Translate, locale: string, offset = 0): Briefing | undefined {
  const cache = composedBriefings(library);
  const key = `${topic}\u0000${locale}\u0000${offset}`;
  if (!cache.has(key)) cache.set(key, composeBriefing(library.topics, topic, topicSections(library, topic), t, locale, offset));
  return cache.get(key);
}

/** The whole cleaned section as one or more messages, each under Telegram's limit and valid HTML. */
export function composeFullText(entry: SectionWithDocument, t: Translate, locale: string): string[] {
  const { section, document } = entry;
  const heading = section.heading ?? document.title;
  const body = section.paragraphs.map(escapeHtml).join("\n\n");
  return splitHtml(`<b>${escapeHtml(heading)}</b>\n\n${body}${sourceFooter(document, t, locale, "\n\n")}`);
}

/** The short label of a section, for buttons: its heading or the document title. */
export function sectionLabel(entry: SectionWithDocument): string {
  return entry.section.heading ?? entry.document.title;
}

/** The bold title of a topic, as briefings and digests open it. */
export function topicHeading(topics: TopicCatalog, topic: TopicId, locale: string): string {
  const found = topics.byId(topic);
  return `<b>${escapeHtml(found === undefined ? topic : topicName(found, locale))}</b>`;
}

/** One section as a briefing or digest shows it: bold heading, summary, source line in italics. */
export function sectionBlock(entry: SectionWithDocument, t: Translate, locale: string): string {
  const heading = escapeHtml(sectionLabel(entry));
  const summary = escapeHtml(entry.section.summary.join(" "));
  return `<b>${heading}</b>\n${summary}${sourceFooter(entry.document, t, locale)}`;
}

/** The source line in italics after `separator`; nothing for a document whose source is not known. */
function sourceFooter(document: BriefingDocument, t: Translate, locale: string, separator = "\n"): string {
  const line = sourceLine(document, t, locale);
  return line === undefined ? "" : `${separator}<i>${line}</i>`;
}

/**
 * "Source: Sputnik Belarus, 4 November 2025", linked to the original when its URL is known;
 * undefined without a `source` in the front matter (the title is in the heading already).
 */
export function sourceLine(document: BriefingDocument, t: Translate, locale: string): string | undefined {
  const { meta } = document;
  if (meta.source === undefined) return undefined;
  const source =
    meta.url === undefined
      ? escapeHtml(meta.source)
      : `<a href="${escapeHtml(meta.url)}">${escapeHtml(meta.source)}</a>`;
  if (meta.date === undefined) return t("briefing-source-undated", { source });
  return t("briefing-source", { source, date: formatDate(meta.date, locale) });
}

/** The Intl tag each locale formats dates and times with ("4 November", "4 ноября", "11月4日"). */
const INTL_TAGS: Readonly<Record<string, string>> = { ru: "ru-RU", zh: "zh-CN", en: "en-GB" };

/** The Intl tag of a bot locale; English dates for any other. */
export function intlTag(locale: string): string {
  return INTL_TAGS[locale] ?? "en-GB";
}

/**
 * Dates as formatted, per locale and ISO date: building a formatter costs far more than using it,
 * and every briefing and digest formats the same few documents' dates again.
 */
const formattedDates = new Map<string, string>();

/** Formats an ISO date the way the reader's language writes it ("4 ноября 2025 г.", "4 November 2025", "2025年11月4日"). */
export function formatDate(isoDate: string, locale: string): string {
  const tag = intlTag(locale);
  const key = `${tag} ${isoDate}`;
  let formatted = formattedDates.get(key);
  if (formatted === undefined) {
    const date = new Date(`${isoDate}T12:00:00Z`);
    if (Number.isNaN(date.getTime())) return isoDate;
    formatted = new Intl.DateTimeFormat(tag, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date);
    formattedDates.set(key, formatted);
  }
  return formatted;
}

/** How many matching sentences a search result quotes. */
export const MAX_EXCERPT_SENTENCES = 3;

/**
 * A search result as a message: the section heading, the matching sentences in their order with
 * the query's words in bold ("…" where sentences were skipped), and the source line.
 */
export function composeExcerpt(
  entry: SectionWithDocument,
  sentenceIndexes: readonly number[],
  highlight: (text: string) => string,
  t: Translate,
  locale: string,
): string {
  const { sentences } = entry.section;
  const chosen = (sentenceIndexes.length > 0 ? sentenceIndexes : [0]).slice(0, MAX_EXCERPT_SENTENCES);
  let body = "";
  let previous = -1;
  for (const index of chosen) {
    const sentence = sentences[index];
    if (sentence === undefined) continue;
    if (body !== "") body += index === previous + 1 ? " " : " … ";
    else if (index > 0) body += "… ";
    body += highlight(sentence);
    previous = index;
  }
  return `<b>${escapeHtml(sectionLabel(entry))}</b>\n${body}${sourceFooter(entry.document, t, locale)}`;
}

/**
 * A search hit as inline mode and the plain-text search show it: its topic first, as in a briefing
 * (the reader sees what the quote is about), then the sentences matching `query` with its words in
 * bold. `firstMatch` is the first of them as plain text, for a result's description.
 */
export function composeSearchHit(
  topics: TopicCatalog,
  entry: SectionWithDocument,
  query: string,
  t: Translate,
  locale: string,
): { html: string; firstMatch: string } {
  const stems = new Set(queryStems(query));
  const sentenceIndexes = matchingSentences(entry.section, query);
  const excerpt = composeExcerpt(entry, sentenceIndexes, (text) => highlightStems(text, stems), t, locale);
  const topic = entry.section.topics[0];
  return {
    html: topic === undefined ? excerpt : `${topicHeading(topics, topic, locale)}\n${excerpt}`,
    firstMatch: entry.section.sentences[sentenceIndexes[0] ?? 0] ?? "",
  };
}
