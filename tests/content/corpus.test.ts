// The labelled evaluation corpus (tests/fixtures/corpus/) is well-formed: every document has labels
// and every label a document, topic ids exist, labelled strings come from the files they label, and
// the folder loads. Quality targets are not asserted here (the pipeline is a moving target): the
// quality bench reports them (`npx tsx bench/quality.ts`).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CORPUS_DIR,
  corpusDocumentFiles,
  readCorpusLabels,
  rougeL,
  rougeN,
  rougeTokens,
  SUBJECT_TOPICS,
  type CorpusLabels,
  type DocumentLabel,
} from "../../bench/quality.js";
import { loadLibrary } from "../../src/content/library.js";
import { documentIdFor, SIDECAR_SUFFIX } from "../../src/content/parse-document.js";
import { shippedTopics } from "../../src/content/topics-file.js";

let labels: CorpusLabels;
let files: string[];
/** Raw text of every document file, whitespace collapsed, for "this label comes from the file". */
const rawText = new Map<string, string>();

beforeAll(async () => {
  labels = await readCorpusLabels();
  files = await corpusDocumentFiles();
  for (const file of files) rawText.set(file, collapse(await readFile(join(CORPUS_DIR, file), "utf8")));
});

function collapse(text: string): string {
  return text.normalize("NFC").replace(/\s+/gu, " ").trim();
}

function entries(): Array<[string, DocumentLabel]> {
  return Object.entries(labels.documents);
}

/** Sentence ends of a reference summary: a terminator before whitespace or the end. */
function countSentences(text: string): number {
  return text.match(/[.!?…](?=\s|$)/gu)?.length ?? 0;
}

describe("the evaluation corpus", () => {
  it("labels every document file, and labels nothing else", () => {
    expect(Object.keys(labels.documents).sort()).toEqual(files);
  });

  it("has a sidecar only next to a document of the same name", async () => {
    const ids = new Set(files.map(documentIdFor));
    const sidecars = (await readdir(CORPUS_DIR)).filter((name) => name.endsWith(SIDECAR_SUFFIX));
    expect(sidecars.length).toBeGreaterThan(0);
    for (const sidecar of sidecars) expect(ids, sidecar).toContain(sidecar.slice(0, -SIDECAR_SUFFIX.length));
  });

  it("has the mix the bench needs: 32+ documents, Russian and English, off-topic, multi-topic, sectioned", () => {
    const all = entries().map(([, label]) => label);
    expect(all.length).toBeGreaterThanOrEqual(32);
    expect(all.filter((label) => label.language === "ru").length).toBeGreaterThanOrEqual(20);
    expect(all.filter((label) => label.language === "en").length).toBeGreaterThanOrEqual(8);
    expect(all.filter((label) => label.topics.length === 0).length).toBeGreaterThanOrEqual(4);
    expect(all.filter((label) => label.topics.length >= 2).length).toBeGreaterThanOrEqual(4);
    expect(all.filter((label) => label.headings.length > 0).length).toBeGreaterThanOrEqual(3);
    expect(all.filter((label) => label.reference !== undefined).length).toBeGreaterThanOrEqual(10);
    expect(all.filter((label) => label.sentences !== undefined).length).toBeGreaterThanOrEqual(5);
    for (const topic of SUBJECT_TOPICS) expect(all.filter((label) => label.topics.includes(topic)).length, topic).toBeGreaterThanOrEqual(4);
  });

  it("uses only topic ids of the registry, never overview, each once", () => {
    const ids = new Set<string>(shippedTopics().topics.map((topic) => topic.id));
    for (const [file, label] of entries()) {
      for (const topic of label.topics) {
        expect(ids.has(topic), `${file}: ${topic}`).toBe(true);
        expect(topic, file).not.toBe("overview");
      }
      expect(new Set(label.topics).size, file).toBe(label.topics.length);
    }
  });

  it("has references of two or three sentences, only for documents of one section", () => {
    for (const [file, label] of entries()) {
      if (label.reference === undefined) continue;
      expect(label.reference.trim(), file).not.toBe("");
      expect(countSentences(label.reference), file).toBeGreaterThanOrEqual(2);
      expect(countSentences(label.reference), file).toBeLessThanOrEqual(3);
      expect(label.headings, file).toEqual([]);
    }
  });

  it("labels strings that are in the file: boilerplate, first sentence, headings, sentences", () => {
    for (const [file, label] of entries()) {
      const raw = rawText.get(file) ?? "";
      for (const text of label.boilerplate) expect(raw.includes(collapse(text)), `${file}: boilerplate ${text}`).toBe(true);
      expect(raw.includes(collapse(label.firstSentence)), `${file}: first sentence`).toBe(true);
      for (const heading of label.headings) expect(raw.includes(heading), `${file}: heading ${heading}`).toBe(true);
      for (const sentence of label.sentences ?? []) expect(raw.includes(collapse(sentence)), `${file}: sentence ${sentence}`).toBe(true);
    }
  });

  it("keeps its labels consistent: boilerplate is never article text, labelled sentences start with the first sentence", () => {
    for (const [file, label] of entries()) {
      const article = [label.firstSentence, ...(label.sentences ?? []), ...label.headings];
      for (const text of label.boilerplate) {
        for (const part of article) expect(part.includes(text), `${file}: ${text} in ${part}`).toBe(false);
      }
      if (label.sentences) expect(label.sentences[0], file).toBe(label.firstSentence);
    }
  });

  it("agrees with the language a sidecar declares", async () => {
    for (const [file, label] of entries()) {
      const sidecar = join(CORPUS_DIR, `${documentIdFor(file)}${SIDECAR_SUFFIX}`);
      const declared = await readFile(sidecar, "utf8").then(
        (text) => (JSON.parse(text) as { language?: string }).language,
        () => undefined,
      );
      if (declared !== undefined) expect(label.language, file).toBe(declared);
    }
  });

  it("loads with the project's loader without problems, one document per labelled file", async () => {
    const library = await loadLibrary(CORPUS_DIR);
    expect(library.problems).toEqual([]);
    expect(library.documents.map((document) => document.file).sort()).toEqual(files);
    for (const document of library.documents) expect(document.sections.length, document.file).toBeGreaterThan(0);
  });
});

describe("the ROUGE of the quality bench", () => {
  it("tokenizes lowercase Unicode letters and digits, ё as е", () => {
    expect(rougeTokens("Ёлка, U.S.-China 2025! Луна")).toEqual(["елка", "u", "s", "china", "2025", "луна"]);
  });

  it("scores identical texts 1, disjoint texts 0, and a known pair exactly", () => {
    const text = rougeTokens("Россия и Китай подписали соглашение");
    expect([rougeN(text, text, 1), rougeN(text, text, 2), rougeL(text, text)]).toEqual([1, 1, 1]);
    expect(rougeN(rougeTokens("a b"), rougeTokens("c d"), 1)).toBe(0);
    const candidate = rougeTokens("the cat sat on the mat");
    const reference = rougeTokens("the cat lay on the mat");
    // Unigrams: 5 of 6 each way; bigrams: "the cat", "on the", "the mat" = 3 of 5; LCS: the cat on the mat = 5.
    expect(rougeN(candidate, reference, 1)).toBeCloseTo(5 / 6, 10);
    expect(rougeN(candidate, reference, 2)).toBeCloseTo(3 / 5, 10);
    expect(rougeL(candidate, reference)).toBeCloseTo(5 / 6, 10);
    expect(rougeL(rougeTokens("a b c d"), rougeTokens("b d"))).toBeCloseTo((2 * 0.5 * 1) / 1.5, 10);
  });
});
