/**
 * `src/digest/`: the daily digests: compose (pure), schedule (pure wall-clock arithmetic), the
 * error classifier (pure), pacing and delivery, the ledger, the lease, the tick, and the scheduler
 * that puts them together and serves `/digest`.
 *
 * The daily digest of one chat as Telegram HTML: the sections of its topics that are new or changed
 * since its last digest. Pure: the library, what the chat already received and the translations
 * come in as plain values, so the scheduler, `/digest` and the tests share it.
 */
import type { ContentLibrary } from "../content/library.js";
import type { TopicId } from "../content/types.js";
import {
  formatDate,
  sectionBlock,
  topicHeading,
  topicSections,
  type SectionWithDocument,
  type Translate,
} from "../format/briefing.js";
import { MESSAGE_TEXT_LIMIT, splitHtml } from "../format/html.js";
import { localDate } from "./schedule.js";

/** Between the header, topics and sections: an empty line, which is also where parts are cut. */
const PARAGRAPH_BREAK = "\n\n";

/** Everything a digest depends on. */
export interface DigestRequest {
  library: ContentLibrary;
  /** The subscription's topic ids; unknown ids (a topic retired from topics.yaml) are ignored. */
  topics: readonly string[];
  /** Section id → hash of the version the chat already received. */
  received: ReadonlyMap<string, string>;
  /** Translations in the chat's language. */
  t: Translate;
  /** The chat's language, for dates ("ru" or "en"). */
  locale: string;
  /** The instant the digest is for; its date in `timeZone` heads the digest. */
  nowMs: number;
  /** The subscription's IANA time zone. */
  timeZone: string;
}

/** A section as a digest carries it; the scheduler records it as received once the digest is sent. */
export interface DigestSection {
  sectionId: string;
  hash: string;
}

/** A composed digest: the messages to send, in order, and the sections they carry. */
export interface Digest {
  /** Telegram HTML messages, each at most MESSAGE_TEXT_LIMIT characters and valid on its own. */
  parts: string[];
  sections: DigestSection[];
}

interface DigestEntry extends SectionWithDocument {
  /** The chat received an older version of this section. */
  updated: boolean;
}

/**
 * The digest: a header with the date in the chat's zone and the count of sections, then per topic
 * (in menu order) its title and, newest documents first, each new or changed section's heading,
 * summary and source line. A section tagged with several subscribed topics appears once, under the
 * first of its own topics (best first) that the chat follows. Undefined when nothing is new.
 */
export function composeDigest(request: DigestRequest): Digest | undefined {
  const { t, locale } = request;
  const grouped = newSectionsByTopic(request);
  if (grouped.length === 0) return undefined;

  const count = grouped.reduce((total, group) => total + group.entries.length, 0);
  const date = formatDate(localDate(request.nowMs, request.timeZone), locale);
  const units = [t("digest-header", { date, count })];
  for (const { topic, entries } of grouped) {
    entries.forEach((entry, index) => {
      const block = entry.updated
        ? `<i>${t("digest-updated")}</i>\n${sectionBlock(entry, t, locale)}`
        : sectionBlock(entry, t, locale);
      // The topic title travels with its first section, so a cut never leaves a title alone at the end of a part.
      units.push(index === 0 ? `${topicHeading(request.library.topics, topic, locale)}${PARAGRAPH_BREAK}${block}` : block);
    });
  }
  const sections = grouped.flatMap((group) =>
    group.entries.map((entry) => ({ sectionId: entry.section.id, hash: entry.section.hash })),
  );
  return { parts: packParagraphs(units, MESSAGE_TEXT_LIMIT), sections };
}

/** New or changed sections of the subscribed topics, grouped by topic in menu order. */
function newSectionsByTopic(request: DigestRequest): Array<{ topic: TopicId; entries: DigestEntry[] }> {
  const subscribed = new Set<string>(request.topics);
  const groups: Array<{ topic: TopicId; entries: DigestEntry[] }> = [];
  for (const { id: topic } of request.library.topics.topics) {
    if (!subscribed.has(topic)) continue;
    const entries: DigestEntry[] = [];
    for (const entry of topicSections(request.library, topic)) {
      const { section } = entry;
      // Each section goes under one topic only: its best one among those the chat follows.
      if (section.topics.find((candidate) => subscribed.has(candidate)) !== topic) continue;
      const receivedHash = request.received.get(section.id);
      if (receivedHash === section.hash) continue;
      entries.push({ ...entry, updated: receivedHash !== undefined });
    }
    if (entries.length > 0) groups.push({ topic, entries });
  }
  return groups;
}

/**
 * Joins paragraphs into as few messages as fit `limit`, cutting only between paragraphs; a
 * paragraph longer than a message on its own is split by `splitHtml`, which keeps every part valid.
 */
function packParagraphs(units: readonly string[], limit: number): string[] {
  const messages: string[] = [];
  let current = "";
  for (const unit of units) {
    const joined = current === "" ? unit : `${current}${PARAGRAPH_BREAK}${unit}`;
    if (joined.length <= limit || current === "") {
      current = joined;
      continue;
    }
    messages.push(current);
    current = unit;
  }
  if (current !== "") messages.push(current);
  return messages.flatMap((message) => splitHtml(message, limit));
}
