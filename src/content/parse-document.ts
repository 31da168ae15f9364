/**
 * One seed file in, one briefing document out (or a problem a person can act on). Pure: takes the
 * file name and its content, never touches the disk.
 */
import { createHash } from "node:crypto";
import { removeBoilerplate } from "./boilerplate.js";
import { parseDateline } from "./dateline.js";
import { decodeText } from "./decode-text.js";
import { detectLanguage, mergeMeta, parseFrontMatter, parseSidecar, type DatelineMeta, type DeclaredMeta } from "./metadata.js";
import { nearDuplicateIndexes } from "./near-duplicates.js";
import { markdownHeading, splitSections, type RawSection } from "./sections.js";
import { splitSentences } from "./sentences.js";
import { summarize } from "./summarize.js";
import { classifySection } from "./topics.js";
import type { BriefingDocument, SeedProblem, Section } from "./types.js";

/** Extensions of files served as documents, lowercase. */
export const DOCUMENT_EXTENSIONS = [".txt", ".md"] as const;
/** Suffix of a sidecar metadata file: `<document id>.meta.json`. */
export const SIDECAR_SUFFIX = ".meta.json";
/** Hex characters of sha256 kept in a section hash: enough to tell edits apart, short in storage. */
const SECTION_HASH_HEX_CHARS = 16;

/** A parsed document, or the problem that kept the file out. */
export type ParseResult = { ok: true; document: BriefingDocument } | { ok: false; problem: SeedProblem };

/** Document id for a file name: the name without its extension. */
export function documentIdFor(file: string): string {
  return file.replace(/\.[^.]*$/u, "");
}

/** Sidecar file name for a document file name. */
export function sidecarFileFor(file: string): string {
  return `${documentIdFor(file)}${SIDECAR_SUFFIX}`;
}

/**
 * Parses one seed file: decodes it, reads the optional header and sidecar, removes boilerplate and
 * the dateline, collapses near-duplicate paragraphs, splits sections and sentences, summarizes
 * and classifies each section.
 */
export function parseDocument(file: string, content: Buffer | string, sidecar?: Buffer | string): ParseResult {
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

  const lines = header.body.split("\n");
  const titleIndex = lines.findIndex((line) => line.trim() !== "");
  if (titleIndex === -1) return fail("no text after the metadata header");
  const titleLine = (lines[titleIndex] ?? "").trim();
  const title = markdownHeading(titleLine) ?? titleLine;

  const bodyLines = removeBoilerplate(lines.slice(titleIndex + 1));
  const { lines: textLines, dateline } = stripDatelines(bodyLines);
  const sections = withoutNearDuplicates(splitSections(textLines));
  if (sections.length === 0) return fail("no text left after the title once boilerplate is removed");

  const documentId = documentIdFor(file);
  const meta = mergeMeta({
    ...(sidecarMeta ? { sidecar: sidecarMeta } : {}),
    header: header.meta,
    ...(dateline ? { dateline } : {}),
    detectedLanguage: detectLanguage(header.body),
  });
  return {
    ok: true,
    document: { id: documentId, file, title, meta, sections: sections.map((raw, index) => buildSection(documentId, index, raw)) },
  };
}

function buildSection(documentId: string, index: number, raw: RawSection): Section {
  const sentences = raw.paragraphs.flatMap((paragraph) => splitSentences(paragraph));
  const hashInput = [raw.heading ?? "", ...raw.paragraphs].join("\n");
  return {
    id: `${documentId}:${index}`,
    documentId,
    index,
    heading: raw.heading,
    paragraphs: raw.paragraphs,
    sentences,
    summary: summarize(sentences),
    topics: classifySection({ index, heading: raw.heading, paragraphs: raw.paragraphs }),
    hash: createHash("sha256").update(hashInput).digest("hex").slice(0, SECTION_HASH_HEX_CHARS),
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
