/**
 * The shapes the content pipeline produces. Everything here is plain data: no Telegram, no I/O,
 * so the bot, the CLI, the digests and the tests all read the same objects.
 */

/** A topic's id, as `topics.yaml` defines it (see `topics.ts`). */
export type TopicId = string;

/** Where a document came from; read from an optional metadata header, then from its dateline. */
export interface DocumentMeta {
  /** Agency or publisher, e.g. "Sputnik". */
  source?: string;
  /** Publication date as ISO `YYYY-MM-DD`. */
  date?: string;
  /** Place from the dateline, e.g. "МИНСК". */
  place?: string;
  /** Original URL, if known. */
  url?: string;
  /** BCP 47 language of the text, e.g. "ru". */
  language: string;
}

/** One section of a document: the overview before the first subheading, or a subheaded part. */
export interface Section {
  /** Stable id `<documentId>:<index>`, unchanged across restarts while the file is unchanged. */
  id: string;
  documentId: string;
  /** Position in the document, 0 for the overview. */
  index: number;
  /** The subheading, or null for the overview / a document without subheadings. */
  heading: string | null;
  /** Cleaned paragraphs (boilerplate removed), in order. */
  paragraphs: string[];
  /** All sentences of the cleaned paragraphs, in order. */
  sentences: string[];
  /** Extractive summary: whole sentences in their original order. */
  summary: string[];
  /** Topics this section belongs to, best first; none only when the topics have no overview and none matched. */
  topics: TopicId[];
  /** Content hash of the cleaned text, so digests can tell new or changed sections. */
  hash: string;
}

/** A parsed, cleaned, summarized document. */
export interface BriefingDocument {
  /** Stable id derived from the file name (without extension). */
  id: string;
  /** File name inside the seeds folder. */
  file: string;
  title: string;
  meta: DocumentMeta;
  sections: Section[];
}

/** A seed file that could not be used, with a reason a person understands. */
export interface SeedProblem {
  file: string;
  reason: string;
}
