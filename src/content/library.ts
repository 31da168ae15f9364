/**
 * The content library: every parsed document of the seeds folder with lookups by id and topic,
 * and the topics it was sorted into. `buildLibrary` is pure; `loadLibrary` only adds reading the folder.
 */
import { compareNames, readSeedDirectory } from "./load-seeds.js";
import { DOCUMENT_EXTENSIONS, SIDECAR_SUFFIX, documentIdFor, parseDocuments } from "./parse-document.js";
import { parseTopics, shippedTopics, TOPICS_FILE, TopicsFileError } from "./topics-file.js";
import type { TopicCatalog } from "./topics.js";
import type { BriefingDocument, SeedProblem, Section, TopicId } from "./types.js";

/** Parsed documents and the files that were skipped, with lookups. */
export interface ContentLibrary {
  /** Documents in file-name order. */
  documents: BriefingDocument[];
  /** Files that were skipped, with the reason (a broken topics file too, when older topics stand in). */
  problems: SeedProblem[];
  /** The topics the sections are sorted into: the folder's `topics.yaml`, else the shipped ones. */
  topics: TopicCatalog;
  /** Every section of every document, in document order then section order. */
  sections(): Section[];
  /** Sections tagged with `topic`: newest document first (undated last), then section order. */
  sectionsForTopic(topic: TopicId): Section[];
  section(id: string): Section | undefined;
  document(id: string): BriefingDocument | undefined;
}

/** A file handed to `buildLibrary`: its name in the seeds folder and its content. */
export interface LibraryInputFile {
  file: string;
  content: Buffer | string;
}

export interface BuildOptions {
  /** `YYYY-MM-DD` that year-less datelines are dated against; the clock's UTC date when absent. */
  today?: string;
  /**
   * The topics to keep when the folder's `topics.yaml` is broken (the ones served so far); the
   * broken file is then a problem. Without it a broken topics file throws TopicsFileError.
   */
  fallbackTopics?: TopicCatalog;
  /** How messages name the folder the topics file is in ("seeds/topics.yaml"); default none. */
  folder?: string;
}

/**
 * Builds the library from in-memory files. Documents are `*.txt` and `*.md`; `<id>.meta.json`
 * files are their sidecars; `topics.yaml` holds the topics; other names are ignored. Unusable
 * files, and sidecars without a document, become problems.
 */
export function buildLibrary(files: ReadonlyArray<LibraryInputFile>, options: BuildOptions = {}): ContentLibrary {
  const sidecars = new Map<string, Buffer | string>();
  const documentFiles: LibraryInputFile[] = [];
  const problems: SeedProblem[] = [];
  let topics = shippedTopics();
  for (const input of files) {
    const lower = input.file.toLowerCase();
    if (input.file === TOPICS_FILE) {
      const read = readTopics(input.content, options);
      topics = read.topics;
      if (read.problem !== undefined) problems.push(read.problem);
    } else if (lower.endsWith(SIDECAR_SUFFIX)) sidecars.set(input.file.slice(0, -SIDECAR_SUFFIX.length), input.content);
    else if (DOCUMENT_EXTENSIONS.some((extension) => lower.endsWith(extension))) documentFiles.push(input);
  }
  documentFiles.sort((a, b) => compareNames(a.file, b.file));

  const documents: BriefingDocument[] = [];
  const seenIds = new Set<string>();
  // Parsed together, so that each document knows the lines its source repeats in every document.
  const results = parseDocuments(
    documentFiles.map(({ file, content }) => {
      const sidecar = sidecars.get(documentIdFor(file));
      return sidecar === undefined ? { file, content } : { file, content, sidecar };
    }),
    { ...(options.today === undefined ? {} : { today: options.today }), topics },
  );
  for (const [index, { file }] of documentFiles.entries()) {
    const id = documentIdFor(file);
    if (seenIds.has(id)) {
      problems.push({ file, reason: `another file already has the document id "${id}" (same name, other extension)` });
      continue;
    }
    const result = results[index];
    if (result === undefined) continue;
    if (!result.ok) {
      problems.push(result.problem);
      continue;
    }
    seenIds.add(id);
    documents.push(result.document);
  }
  for (const id of sidecars.keys()) {
    const hasDocument = documentFiles.some((input) => documentIdFor(input.file) === id);
    if (!hasDocument) problems.push({ file: `${id}${SIDECAR_SUFFIX}`, reason: "sidecar without a document of the same name (.txt or .md)" });
  }
  return createContentLibrary(documents, problems, topics);
}

/** The topics of a `topics.yaml`; when it is broken, the fallback and the problem, or TopicsFileError without one. */
function readTopics(content: Buffer | string, options: BuildOptions): { topics: TopicCatalog; problem?: SeedProblem } {
  const file = options.folder === undefined ? TOPICS_FILE : `${options.folder.replace(/\/+$/u, "")}/${TOPICS_FILE}`;
  try {
    return { topics: parseTopics(content.toString("utf8"), file) };
  } catch (error) {
    if (!(error instanceof TopicsFileError) || options.fallbackTopics === undefined) throw error;
    return { topics: options.fallbackTopics, problem: { file: TOPICS_FILE, reason: `${error.message}\n(the previous topics stay until it is fixed)` } };
  }
}

/**
 * Reads `seedsDir` (documents, sidecars, topics) and builds the library; unreadable files become
 * problems. A broken topics file throws TopicsFileError unless `fallbackTopics` is given.
 */
export async function loadLibrary(seedsDir: string, options: Omit<BuildOptions, "folder"> = {}): Promise<ContentLibrary> {
  const directory = await readSeedDirectory(seedsDir);
  const library = buildLibrary(directory.files, { ...options, folder: seedsDir });
  const problems = [...directory.problems, ...library.problems].sort((a, b) => compareNames(a.file, b.file));
  return createContentLibrary(library.documents, problems, library.topics);
}

/** The library over already parsed documents (e.g. a reload that keeps the last good version of a file). */
export function createContentLibrary(documents: BriefingDocument[], problems: SeedProblem[], topics: TopicCatalog = shippedTopics()): ContentLibrary {
  const allSections = documents.flatMap((document) => document.sections);
  const sectionById = new Map(allSections.map((section) => [section.id, section]));
  const documentById = new Map(documents.map((document) => [document.id, document]));
  const newestFirst = [...documents].sort(compareNewestFirst);
  const byTopic = new Map<TopicId, Section[]>();
  return {
    documents,
    problems,
    topics,
    sections: () => [...allSections],
    sectionsForTopic: (topic) => {
      // Asked on every briefing and inline query: each topic's list is built once per library.
      let sections = byTopic.get(topic);
      if (sections === undefined) {
        sections = newestFirst.flatMap((document) => document.sections.filter((section) => section.topics.includes(topic)));
        byTopic.set(topic, sections);
      }
      return [...sections];
    },
    section: (id) => sectionById.get(id),
    document: (id) => documentById.get(id),
  };
}

/** Newest date first; undated documents after dated ones; ties keep file-name order (stable sort). */
function compareNewestFirst(a: BriefingDocument, b: BriefingDocument): number {
  const dateA = a.meta.date;
  const dateB = b.meta.date;
  if (dateA === dateB) return 0;
  if (dateA === undefined) return 1;
  if (dateB === undefined) return -1;
  return dateA < dateB ? 1 : -1;
}

/**
 * Memoizes something derived from a library (an index, composed briefings): built on first use and
 * dropped together with the library when the seeds are reloaded.
 */
export function perLibrary<T>(build: (library: ContentLibrary) => T): (library: ContentLibrary) => T {
  const cache = new WeakMap<ContentLibrary, T>();
  return (library) => {
    if (cache.has(library)) return cache.get(library) as T;
    const value = build(library);
    cache.set(library, value);
    return value;
  };
}
