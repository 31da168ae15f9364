/**
 * Full-text search over every section of every document, with the same tokens, stop words and
 * stems (Russian for Cyrillic words, English for latin ones) as the rest of the pipeline, so "луна",
 * "Луны" and "лунной" find the same text, and so do "icebreaker" and "icebreakers". Every word,
 * indexed or queried, is stemmed exactly once. Inline queries arrive while a person types, so a
 * half-typed last word matches as the start of a longer one.
 */
import MiniSearch from "minisearch";
import type { Section } from "./types.js";
import { isStopWord, stemWord, tokenize } from "./words.js";

/** Headings say what a section is about: a hit there counts this much more than one in the text. */
const HEADING_BOOST = 2;
/**
 * A half-typed last word shorter than this is not taken as a prefix: "к" or "ки" would match
 * most of the index (slow, and no use to a reader); from "кит" on it narrows things down.
 */
const MIN_PREFIX_CHARS = 3;

/** One matching section, best first. */
export interface SearchHit {
  sectionId: string;
  score: number;
}

export interface SearchIndex {
  /**
   * Sections matching every meaningful query word, best first. The last word may be half-typed:
   * when it is not a word of the index, or the words taken whole find nothing, it also matches as
   * the start of longer words ("укреп" finds "укреплять"), ranked below whole matches; earlier
   * words always match whole. If nothing matches every word, the sections matching any of them.
   */
  search(query: string): SearchHit[];
}

/**
 * The one processing every indexed and every query word goes through, exactly once: a stop word
 * is dropped, anything else stemmed by the stemmer of its script (see `stemWord`). Never twice: the
 * Russian stemmer is not stable on its own output (китай -> кита -> кит), so a stem stemmed again
 * misses the text.
 */
function processTerm(token: string): string | null {
  return isStopWord(token) ? null : stemWord(token);
}

/**
 * The stems a query is searched by: its meaningful words, stemmed like the documents, without
 * repeats, in order, except that the stem of the last meaningful word comes last: that is the
 * word a person may still be typing (see `SearchIndex.search`).
 */
export function queryStems(query: string): string[] {
  const stems: string[] = [];
  let typed: string | null = null;
  for (const token of tokenize(query)) {
    const stem = processTerm(token);
    if (stem === null) continue;
    typed = stem;
    if (!stems.includes(stem)) stems.push(stem);
  }
  if (typed !== null && stems.at(-1) !== typed) {
    stems.splice(stems.indexOf(typed), 1);
    stems.push(typed);
  }
  return stems;
}

/**
 * Indexes into `section.sentences` of the sentences holding a query word, in order. As in
 * `search`, the last word also counts as the start of a longer one, unless the section holds it
 * whole. Computed only for the hits a person sees: it re-reads every sentence, which costs more
 * than the search itself.
 */
export function matchingSentences(section: Section, query: string): number[] {
  const stems = queryStems(query);
  const typed = stems.at(-1);
  if (typed === undefined) return [];
  const whole = new Set(stems);
  const asPrefix = typed.length >= MIN_PREFIX_CHARS;
  const byWhole: number[] = [];
  const byPrefix: number[] = [];
  let typedWhole = false;
  section.sentences.forEach((sentence, position) => {
    let matched = false;
    let prefixed = false;
    for (const token of tokenize(sentence)) {
      // Whole words compare stems, as the highlighting does; a prefix must not match a stop word.
      const stem = stemWord(token);
      if (stem === typed) typedWhole = true;
      if (whole.has(stem)) matched = true;
      else if (asPrefix && !prefixed && stem.startsWith(typed) && !isStopWord(token)) prefixed = true;
      // Once whole words matched, only whether the typed one is whole here is still to learn.
      if (matched && (typedWhole || !asPrefix)) break;
    }
    if (matched) byWhole.push(position);
    else if (prefixed) byPrefix.push(position);
  });
  if (typedWhole || byPrefix.length === 0) return byWhole;
  return [...byWhole, ...byPrefix].sort((a, b) => a - b);
}

/** Query stems are joined by spaces for MiniSearch and split back: a stem never holds a space. */
const splitStems = (stems: string): string[] => stems.split(" ");
/** Query stems are processed already (`queryStems`): MiniSearch must not stem them again. */
const asProcessed = (stem: string): string => stem;
/** The last stem (see `queryStems`) is the one being typed. */
const isLastTerm = (_stem: string, position: number, stems: string[]): boolean => position === stems.length - 1;
/** The search options, shared rather than rebuilt on every keystroke. */
const ALL_WHOLE = { combineWith: "AND", prefix: false } as const;
const ALL_TYPED = { combineWith: "AND", prefix: isLastTerm } as const;
const ANY_WHOLE = { combineWith: "OR", prefix: false } as const;
const ANY_TYPED = { combineWith: "OR", prefix: isLastTerm } as const;

/** Builds the index once per content load; searching it is then a few microseconds. */
export function createSearchIndex(sections: readonly Section[]): SearchIndex {
  /** Every stem in the index: tells a finished last word from a half-typed one without a search. */
  const indexedStems = new Set<string>();
  const index = new MiniSearch<{ id: string; heading: string; text: string }>({
    fields: ["heading", "text"],
    tokenize: (text) => tokenize(text),
    processTerm: (token) => {
      const stem = processTerm(token);
      if (stem !== null) indexedStems.add(stem);
      return stem;
    },
    searchOptions: { boost: { heading: HEADING_BOOST }, tokenize: splitStems, processTerm: asProcessed },
  });
  index.addAll(
    sections.map((section) => ({ id: section.id, heading: section.heading ?? "", text: section.paragraphs.join("\n") })),
  );

  return {
    search(query) {
      const stems = queryStems(query);
      const typed = stems.at(-1);
      if (typed === undefined) return [];
      const terms = stems.join(" ");
      const asPrefix = typed.length >= MIN_PREFIX_CHARS;
      // Every word must match, and earlier words only match whole: skip searches bound to fail.
      let earlierIndexed = true;
      for (let position = 0; position < stems.length - 1; position += 1) {
        if (!indexedStems.has(stems[position] ?? "")) earlierIndexed = false;
      }
      let results = earlierIndexed && indexedStems.has(typed) ? index.search(terms, ALL_WHOLE) : [];
      if (results.length === 0 && earlierIndexed && asPrefix) results = index.search(terms, ALL_TYPED);
      if (results.length === 0 && stems.length > 1) results = index.search(terms, asPrefix ? ANY_TYPED : ANY_WHOLE);
      // A plain loop: a common word matches thousands of sections, and this runs on every keystroke.
      const hits: SearchHit[] = [];
      for (const result of results) hits.push({ sectionId: String(result.id), score: result.score });
      return hits;
    },
  };
}
