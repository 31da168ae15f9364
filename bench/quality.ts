/**
 * Quality benchmark: the labelled evaluation corpus (`tests/fixtures/corpus/`, labels in its
 * `labels.json`) through the project's own pipeline (`loadLibrary`, the briefing composer), scored
 * against the labels: topic precision and recall, boilerplate leaks, first sentences, subheadings,
 * sentence splits, and ROUGE of the summaries next to the Lead-3 baseline. Prints figures and the
 * ratio to each target; asserts nothing (the corpus' own well-formedness is a test:
 * `tests/content/corpus.test.ts`). Run alone with `npx tsx bench/quality.ts`.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { createI18n } from "../src/bot/i18n.js";
import { loadLibrary, type ContentLibrary } from "../src/content/library.js";
import { isSeedFileName } from "../src/content/load-seeds.js";
import { SIDECAR_SUFFIX } from "../src/content/parse-document.js";
import { shippedTopics } from "../src/content/topics-file.js";
import type { BriefingDocument, TopicId } from "../src/content/types.js";
import { composeBriefing, sectionBlock, topicSections, type Translate } from "../src/format/briefing.js";

/** The labelled corpus: documents and sidecars in the seeds format, plus `labels.json` (which the loader ignores). */
export const CORPUS_DIR = fileURLToPath(new URL("../tests/fixtures/corpus/", import.meta.url));
export const LABELS_FILE = "labels.json";

/** Topics a document is labelled with. `overview` is not one: every document's first section is there by design. */
export const SUBJECT_TOPICS: readonly TopicId[] = shippedTopics().topics.map((topic) => topic.id).filter((id) => id !== "overview");

/** Targets from the brief: macro recall >= 0.9 at macro precision >= 0.9; off-topic documents filed under no topic; no leaks. */
const TARGET_MACRO_PRECISION = 0.9;
const TARGET_MACRO_RECALL = 0.9;
/** Non-space characters on each side that identify a sentence boundary (see `boundaryKeys`). */
const BOUNDARY_CONTEXT_CHARS = 20;
/** Items of a list of misses printed before "…and N more" (the corpus has 34 documents: all of them, today). */
const MAX_LISTED = 40;
/** Characters of context shown on each side of a missed or spurious sentence boundary. */
const SHOWN_CONTEXT_CHARS = 28;

const DocumentLabelSchema = z.strictObject({
  /** Subject topics (ids of `TOPICS`, never `overview`); [] for an off-topic document. */
  topics: z.array(z.string()),
  /** BCP 47 language of the text. */
  language: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/u),
  /** Strings of the raw file that must not appear in a title, heading, summary or briefing. */
  boilerplate: z.array(z.string().min(1)),
  /** The article's first sentence without dateline or page chrome. */
  firstSentence: z.string().min(1),
  /** The article's own subheadings in order; [] for a document that is one section. */
  headings: z.array(z.string().min(1)),
  /** Every sentence of the cleaned article in order (only some documents). */
  sentences: z.array(z.string().min(1)).optional(),
  /** A human summary for ROUGE (only single-section documents). */
  reference: z.string().min(1).optional(),
});

const LabelsSchema = z.strictObject({
  about: z.string(),
  documents: z.record(z.string(), DocumentLabelSchema),
});

export type DocumentLabel = z.infer<typeof DocumentLabelSchema>;
export type CorpusLabels = z.infer<typeof LabelsSchema>;

/** Reads and validates `labels.json` of the corpus; throws with zod's message when malformed. */
export async function readCorpusLabels(dir: string = CORPUS_DIR): Promise<CorpusLabels> {
  const text = await readFile(join(dir, LABELS_FILE), "utf8");
  return LabelsSchema.parse(JSON.parse(text));
}

/** File names of the corpus' documents (`.txt`, `.md`; not sidecars), sorted. */
export async function corpusDocumentFiles(dir: string = CORPUS_DIR): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && isSeedFileName(entry.name) && !entry.name.toLowerCase().endsWith(SIDECAR_SUFFIX))
    .map((entry) => entry.name)
    .sort();
}

/** Prints the quality figures of the pipeline on the labelled corpus. */
export async function runQualityBench(): Promise<void> {
  const labels = await readCorpusLabels();
  const started = performance.now();
  const library = await loadLibrary(CORPUS_DIR);
  const loadMs = performance.now() - started;
  const labelled = Object.entries(labels.documents);
  const pairs: LabelledDocument[] = [];
  const unloaded: string[] = [];
  for (const [file, label] of labelled) {
    const document = library.documents.find((candidate) => candidate.file === file);
    if (document) pairs.push({ file, label, document });
    else unloaded.push(file);
  }
  const ru = pairs.filter((pair) => primaryLanguage(pair.label.language) === "ru").length;
  console.log(
    `quality: corpus ${labelled.length} labelled documents (${ru} ru, ${pairs.length - ru} other), ${library.documents.length} loaded in ${loadMs.toFixed(0)} ms, ${library.problems.length} problems`,
  );
  for (const problem of library.problems) console.log(`quality:   problem ${problem.file}: ${problem.reason}`);
  for (const file of unloaded) console.log(`quality:   labelled but not loaded: ${file}`);

  reportTopics(pairs);
  reportLeaks(pairs, library);
  reportStructure(pairs);
  reportSentenceSplits(pairs);
  reportRouge(pairs);
}

interface LabelledDocument {
  file: string;
  label: DocumentLabel;
  document: BriefingDocument;
}

// ---------------------------------------------------------------------------------------------
// Topics

/** Subject topics a document is filed under: those of any of its sections. */
function filedTopics(document: BriefingDocument): Set<TopicId> {
  return new Set(document.sections.flatMap((section) => section.topics).filter((topic) => topic !== "overview"));
}

function reportTopics(pairs: readonly LabelledDocument[]): void {
  console.log("quality: topics (a document is filed under a topic when any of its sections is; overview not scored)");
  console.log(`quality:   ${pad("topic", 8)} ${padStart("gold", 5)} ${padStart("filed", 6)} ${padStart("tp", 4)} ${padStart("precision", 10)} ${padStart("recall", 7)}`);
  const precisions: number[] = [];
  const recalls: number[] = [];
  for (const topic of SUBJECT_TOPICS) {
    let gold = 0;
    let filed = 0;
    let truePositives = 0;
    for (const { label, document } of pairs) {
      const expected = label.topics.includes(topic);
      const got = filedTopics(document).has(topic);
      if (expected) gold += 1;
      if (got) filed += 1;
      if (expected && got) truePositives += 1;
    }
    // Nothing filed: precision is undefined; counted as 0 in the macro average (nothing was found).
    const precision = filed === 0 ? 0 : truePositives / filed;
    const recall = gold === 0 ? 1 : truePositives / gold;
    precisions.push(precision);
    recalls.push(recall);
    console.log(
      `quality:   ${pad(topic, 8)} ${padStart(String(gold), 5)} ${padStart(String(filed), 6)} ${padStart(String(truePositives), 4)} ${padStart(filed === 0 ? "n/a (0)" : precision.toFixed(2), 10)} ${padStart(recall.toFixed(2), 7)}`,
    );
  }
  const macroPrecision = mean(precisions);
  const macroRecall = mean(recalls);
  console.log(`quality:   macro precision ${macroPrecision.toFixed(2)}: ${formatAtLeast(macroPrecision, TARGET_MACRO_PRECISION)}`);
  console.log(`quality:   macro recall ${macroRecall.toFixed(2)}: ${formatAtLeast(macroRecall, TARGET_MACRO_RECALL)}`);

  const offTopic = pairs.filter((pair) => pair.label.topics.length === 0);
  const misfiled = offTopic.filter((pair) => filedTopics(pair.document).size > 0);
  console.log(`quality:   off-topic documents filed under a subject topic: ${misfiled.length} of ${offTopic.length} (target 0)`);
  const inOverview = offTopic.filter((pair) => pair.document.sections.some((section) => section.topics.includes("overview"))).length;
  console.log(`quality:   off-topic documents in the overview pool (by design every document is): ${inOverview} of ${offTopic.length}`);
  const exact = pairs.filter((pair) => sameSet(filedTopics(pair.document), new Set(pair.label.topics))).length;
  console.log(`quality:   documents whose topics match the labels exactly: ${exact} of ${pairs.length}`);
  const wrong = pairs.flatMap(({ file, label, document }) => {
    const got = filedTopics(document);
    const missing = label.topics.filter((topic) => !got.has(topic as TopicId));
    const extra = [...got].filter((topic) => !label.topics.includes(topic));
    if (missing.length === 0 && extra.length === 0) return [];
    const parts = [missing.length > 0 ? `missing ${missing.join(",")}` : "", extra.length > 0 ? `extra ${extra.join(",")}` : ""];
    return [`${file}: ${parts.filter((part) => part !== "").join("; ")}`];
  });
  printList("topic errors", wrong);
}

// ---------------------------------------------------------------------------------------------
// Boilerplate leaks

function reportLeaks(pairs: readonly LabelledDocument[], library: ContentLibrary): void {
  const i18n = createI18n();
  const translate = (locale: string): Translate => (key, variables) => i18n.t(locale, key, variables);
  const labelled = pairs.reduce((total, pair) => total + pair.label.boilerplate.length, 0);
  const byPlace = { title: 0, heading: 0, summary: 0, briefing: 0, fullText: 0 };
  const leaks: string[] = [];
  const fullTextLeaks: string[] = [];
  for (const { file, label, document } of pairs) {
    const locale = primaryLanguage(label.language) === "ru" ? "ru" : "en";
    const t = translate(locale);
    const headings = document.sections.flatMap((section) => (section.heading === null ? [] : [section.heading]));
    const summaries = document.sections.map((section) => section.summary.join(" "));
    // What a briefing or digest shows of each section: label (heading or title), summary, source line.
    const blocks = document.sections.map((section) => htmlToText(sectionBlock({ section, document }, t, locale)));
    const paragraphs = document.sections.flatMap((section) => section.paragraphs);
    for (const text of label.boilerplate) {
      const places = [
        document.title.includes(text) ? "title" : "",
        headings.some((heading) => heading.includes(text)) ? "heading" : "",
        summaries.some((summary) => summary.includes(text)) ? "summary" : "",
        blocks.some((block) => block.includes(text)) ? "briefing" : "",
      ].filter((place) => place !== "");
      if (places.length > 0) {
        for (const place of places) byPlace[place as keyof typeof byPlace] += 1;
        leaks.push(`${file}: ${JSON.stringify(text)} in ${places.join(", ")}`);
      }
      if (paragraphs.some((paragraph) => paragraph.includes(text))) {
        byPlace.fullText += 1;
        fullTextLeaks.push(`${file}: ${JSON.stringify(text)}`);
      }
    }
  }
  console.log(
    `quality: boilerplate leaks: ${leaks.length} of ${labelled} labelled strings reach a title, heading, summary or briefing block (target 0)` +
      ` [title ${byPlace.title}, heading ${byPlace.heading}, summary ${byPlace.summary}, briefing ${byPlace.briefing}]`,
  );
  printList("leaks", leaks);
  console.log(`quality:   in the full text ("Full text" button, paragraphs): ${fullTextLeaks.length} of ${labelled}`);
  printList("full-text leaks", fullTextLeaks);

  // The six briefings as the bot would send them now (newest sections first, at most three each).
  let briefingLeaks = 0;
  for (const locale of ["ru", "en"]) {
    for (const topic of shippedTopics().topics) {
      const briefing = composeBriefing(library.topics, topic.id, topicSections(library, topic.id), translate(locale), locale);
      if (briefing === undefined) continue;
      const text = htmlToText(briefing.html);
      const shown = new Set(briefing.sections.map((entry) => entry.document.file));
      for (const { file, label } of pairs) {
        if (shown.has(file)) briefingLeaks += label.boilerplate.filter((boilerplate) => text.includes(boilerplate)).length;
      }
    }
  }
  console.log(`quality:   leaks in the 6 topic briefings composed now (ru and en): ${briefingLeaks} (target 0)`);
}

/** Text of Telegram HTML as a reader sees it: tags dropped, the entities `escapeHtml` writes decoded. */
function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/gu, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");
}

// ---------------------------------------------------------------------------------------------
// First sentence, subheadings, language

function reportStructure(pairs: readonly LabelledDocument[]): void {
  const firstWrong = pairs.flatMap(({ file, label, document }) => {
    const got = document.sections[0]?.sentences[0] ?? "";
    return normalizeSpace(got) === normalizeSpace(label.firstSentence) ? [] : [`${file}: got ${JSON.stringify(truncate(got))}`];
  });
  console.log(`quality: first sentence (dateline and chrome gone) as labelled: ${pairs.length - firstWrong.length} of ${pairs.length}`);
  printList("first-sentence misses", firstWrong);

  const headingsWrong = pairs.flatMap(({ file, label, document }) => {
    const got = document.sections.flatMap((section) => (section.heading === null ? [] : [section.heading]));
    return sameList(got, label.headings) ? [] : [`${file}: expected ${JSON.stringify(label.headings)}, got ${JSON.stringify(got)}`];
  });
  const sectioned = pairs.filter((pair) => pair.label.headings.length > 0).length;
  console.log(
    `quality: subheadings as labelled: ${pairs.length - headingsWrong.length} of ${pairs.length} documents (${sectioned} with subheadings, ${pairs.length - sectioned} one section)`,
  );
  printList("subheading misses", headingsWrong);

  const languageWrong = pairs.flatMap(({ file, label, document }) =>
    primaryLanguage(document.meta.language) === primaryLanguage(label.language) ? [] : [`${file}: expected ${label.language}, got ${document.meta.language}`],
  );
  console.log(`quality: language (declared or detected) as labelled: ${pairs.length - languageWrong.length} of ${pairs.length}`);
  printList("language misses", languageWrong);
}

// ---------------------------------------------------------------------------------------------
// Sentence splits

function reportSentenceSplits(pairs: readonly LabelledDocument[]): void {
  const labelled = pairs.filter((pair) => pair.label.sentences !== undefined);
  let expectedBoundaries = 0;
  let actualBoundaries = 0;
  let matchedBoundaries = 0;
  let expectedSentences = 0;
  let exactSentences = 0;
  const details: string[] = [];
  for (const { file, label, document } of labelled) {
    const expected = (label.sentences ?? []).map(normalizeSpace);
    const actual = document.sections.flatMap((section) => section.sentences).map(normalizeSpace);
    const expectedKeys = boundaryKeys(expected);
    const actualKeys = boundaryKeys(actual);
    const matched = multisetOverlap(expectedKeys, actualKeys);
    expectedBoundaries += expectedKeys.length;
    actualBoundaries += actualKeys.length;
    matchedBoundaries += matched;
    const actualSet = new Set(actual);
    const exact = expected.filter((sentence) => actualSet.has(sentence)).length;
    expectedSentences += expected.length;
    exactSentences += exact;
    const missed = expectedKeys.length - matched;
    const spurious = actualKeys.length - matched;
    if (missed > 0 || spurious > 0) {
      const shown = [
        ...unmatchedBoundaries(expected, actualKeys).map((boundary) => `missed ${boundary}`),
        ...unmatchedBoundaries(actual, expectedKeys).map((boundary) => `spurious ${boundary}`),
      ];
      details.push(`${file}: ${expected.length} sentences expected, ${actual.length} found: ${shown.join("; ")}`);
    }
  }
  const missed = expectedBoundaries - matchedBoundaries;
  const spurious = actualBoundaries - matchedBoundaries;
  const precision = actualBoundaries === 0 ? 0 : matchedBoundaries / actualBoundaries;
  const recall = expectedBoundaries === 0 ? 1 : matchedBoundaries / expectedBoundaries;
  console.log(
    `quality: sentence splits over ${labelled.length} documents with labelled sentences: ${missed + spurious} errors (${missed} boundaries missed, ${spurious} spurious; target 0);` +
      ` boundary precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)}; ${exactSentences} of ${expectedSentences} sentences reproduced exactly`,
  );
  printList("split errors", details);
}

/**
 * A boundary between two sentences, identified by the non-space characters on each side, so that
 * a difference elsewhere in the text (a leaked line, a missing paragraph) does not shift every
 * later boundary, as character offsets would. Leaked lines do add spurious boundaries.
 */
function boundaryKeys(sentences: readonly string[]): string[] {
  const keys: string[] = [];
  for (let index = 1; index < sentences.length; index += 1) {
    const before = (sentences[index - 1] ?? "").replace(/\s+/gu, "");
    const after = (sentences[index] ?? "").replace(/\s+/gu, "");
    keys.push(`${before.slice(-BOUNDARY_CONTEXT_CHARS)}|${after.slice(0, BOUNDARY_CONTEXT_CHARS)}`);
  }
  return keys;
}

/** The boundaries of `sentences` whose keys `otherKeys` lacks, as readable context: "…2026 г. ‖ Заявки будут…". */
function unmatchedBoundaries(sentences: readonly string[], otherKeys: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const key of otherKeys) left.set(key, (left.get(key) ?? 0) + 1);
  const keys = boundaryKeys(sentences);
  const shown: string[] = [];
  for (const [index, key] of keys.entries()) {
    const count = left.get(key) ?? 0;
    if (count > 0) {
      left.set(key, count - 1);
      continue;
    }
    const before = sentences[index] ?? "";
    const after = sentences[index + 1] ?? "";
    shown.push(`…${before.slice(-SHOWN_CONTEXT_CHARS)} ‖ ${after.slice(0, SHOWN_CONTEXT_CHARS)}…`);
  }
  return shown;
}

function multisetOverlap(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const key of b) counts.set(key, (counts.get(key) ?? 0) + 1);
  let overlap = 0;
  for (const key of a) {
    const left = counts.get(key) ?? 0;
    if (left > 0) {
      overlap += 1;
      counts.set(key, left - 1);
    }
  }
  return overlap;
}

// ---------------------------------------------------------------------------------------------
// ROUGE

/**
 * Tokens for ROUGE: runs of Unicode letters and digits, lowercased, NFC, ё folded to е. No
 * stemming and no stop-word removal: Russian inflection ("Луна"/"Луны") counts as a mismatch, so
 * Russian scores run lower than English ones for the same quality.
 */
export function rougeTokens(text: string): string[] {
  return text.normalize("NFC").toLowerCase().replaceAll("ё", "е").match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** F1 of two counts of overlapping units against a candidate and a reference size; 0 when either is empty. */
function f1(overlap: number, candidateSize: number, referenceSize: number): number {
  if (overlap === 0 || candidateSize === 0 || referenceSize === 0) return 0;
  const precision = overlap / candidateSize;
  const recall = overlap / referenceSize;
  return (2 * precision * recall) / (precision + recall);
}

/** ROUGE-N F1 (clipped n-gram overlap) of a candidate against one reference, over `rougeTokens`. */
export function rougeN(candidate: readonly string[], reference: readonly string[], n: number): number {
  const grams = (tokens: readonly string[]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (let index = 0; index + n <= tokens.length; index += 1) {
      const gram = tokens.slice(index, index + n).join(" ");
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
    return counts;
  };
  const candidateGrams = grams(candidate);
  const referenceGrams = grams(reference);
  let overlap = 0;
  for (const [gram, count] of candidateGrams) overlap += Math.min(count, referenceGrams.get(gram) ?? 0);
  return f1(overlap, Math.max(0, candidate.length - n + 1), Math.max(0, reference.length - n + 1));
}

/** ROUGE-L F1: longest common subsequence of the whole token sequences (not the per-sentence union LCS). */
export function rougeL(candidate: readonly string[], reference: readonly string[]): number {
  let previous = new Array<number>(reference.length + 1).fill(0);
  for (const token of candidate) {
    const current = new Array<number>(reference.length + 1).fill(0);
    for (let j = 1; j <= reference.length; j += 1) {
      current[j] = token === reference[j - 1] ? (previous[j - 1] ?? 0) + 1 : Math.max(previous[j] ?? 0, current[j - 1] ?? 0);
    }
    previous = current;
  }
  return f1(previous[reference.length] ?? 0, candidate.length, reference.length);
}

interface RougeScores {
  r1: number;
  r2: number;
  rl: number;
  tokens: number;
}

function rougeScores(candidateText: string, referenceText: string): RougeScores {
  const candidate = rougeTokens(candidateText);
  const reference = rougeTokens(referenceText);
  return { r1: rougeN(candidate, reference, 1), r2: rougeN(candidate, reference, 2), rl: rougeL(candidate, reference), tokens: candidate.length };
}

function reportRouge(pairs: readonly LabelledDocument[]): void {
  const scored = pairs.filter((pair) => pair.label.reference !== undefined);
  const rows: Array<{ language: string; project: RougeScores; lead: RougeScores; referenceTokens: number }> = [];
  for (const { label, document } of scored) {
    const reference = label.reference ?? "";
    // The project's summary of the document: that of its first section (the overview briefing's
    // block); references are written for single-section documents, where it covers the whole text.
    const project = (document.sections[0]?.summary ?? []).join(" ");
    const lead = document.sections.flatMap((section) => section.sentences).slice(0, 3).join(" ");
    rows.push({
      language: primaryLanguage(label.language),
      project: rougeScores(project, reference),
      lead: rougeScores(lead, reference),
      referenceTokens: rougeTokens(reference).length,
    });
  }
  console.log(
    `quality: ROUGE F1 of the project's summaries (first section) vs Lead-3 (first three sentences), mean over ${rows.length} human references;` +
      " tokens: lowercase Unicode letters/digits, ё=е, no stemming",
  );
  const groups: Array<[string, typeof rows]> = [
    ["all", rows],
    ["ru", rows.filter((row) => row.language === "ru")],
    ["en", rows.filter((row) => row.language !== "ru")],
  ];
  console.log(`quality:   ${pad("", 12)} ${padStart("project", 8)} ${padStart("lead-3", 8)} ${padStart("ratio", 7)}  (project / lead-3; above 1 beats Lead-3)`);
  for (const [name, group] of groups) {
    if (group.length === 0) continue;
    for (const [metric, pick] of [
      ["ROUGE-1", (scores: RougeScores) => scores.r1],
      ["ROUGE-2", (scores: RougeScores) => scores.r2],
      ["ROUGE-L", (scores: RougeScores) => scores.rl],
    ] as const) {
      const project = mean(group.map((row) => pick(row.project)));
      const lead = mean(group.map((row) => pick(row.lead)));
      const ratio = lead === 0 ? "n/a" : (project / lead).toFixed(2);
      console.log(`quality:   ${pad(`${metric} ${name}`, 12)} ${padStart(project.toFixed(3), 8)} ${padStart(lead.toFixed(3), 8)} ${padStart(ratio, 7)}  (n = ${group.length})`);
    }
  }
  console.log(
    `quality:   mean length in tokens: project ${mean(rows.map((row) => row.project.tokens)).toFixed(0)}, lead-3 ${mean(rows.map((row) => row.lead.tokens)).toFixed(0)}, reference ${mean(rows.map((row) => row.referenceTokens)).toFixed(0)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Helpers

function primaryLanguage(tag: string): string {
  return tag.toLowerCase().split("-")[0] ?? tag;
}

function normalizeSpace(text: string): string {
  return text.normalize("NFC").replace(/\s+/gu, " ").trim();
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((item) => b.has(item));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/** "ratio 0.83 to the target 0.90 (1 or above meets it)": for figures where higher is better. */
function formatAtLeast(value: number, target: number): string {
  return `ratio ${(value / target).toFixed(2)} to the target ${target.toFixed(2)} (1 or above meets it)`;
}

function printList(what: string, items: readonly string[]): void {
  if (items.length === 0) return;
  console.log(`quality:   ${what}:`);
  for (const item of items.slice(0, MAX_LISTED)) console.log(`quality:     ${item}`);
  if (items.length > MAX_LISTED) console.log(`quality:     …and ${items.length - MAX_LISTED} more`);
}

function truncate(text: string, max = 90): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function pad(text: string, width: number): string {
  return text.padEnd(width);
}

function padStart(text: string, width: number): string {
  return text.padStart(width);
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && resolve(invokedPath) === fileURLToPath(import.meta.url)) {
  await runQualityBench();
}
