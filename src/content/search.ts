/**
 * Full-text search over every section of every document, with the same tokens, stop words and
 * Russian stems as the rest of the pipeline, so "луна", "Луны" and "лунной" find the same text.
 */
import MiniSearch from "minisearch";
import type { Section } from "./types.js";
import { isStopWord, stemWord, tokenize } from "./words.js";

/** Headings say what a section is about: a hit there counts this much more than one in the text. */
const HEADING_BOOST = 2;

/** One matching section, best first. */
export interface SearchHit {
  sectionId: string;
  score: number;
}

export interface SearchIndex {
  /** Sections matching every meaningful query word; if none does, those matching any. */
  search(query: string): SearchHit[];
}

/** The stems a query is searched by: its meaningful words, stemmed like the documents. */
export function queryStems(query: string): string[] {
  return [...new Set(tokenize(query).filter((token) => !isStopWord(token)).map(stemWord))];
}

/**
 * Indexes into `section.sentences` of the sentences holding a query word, in order. Computed only
 * for the hits a person sees: it re-reads every sentence, which costs more than the search itself.
 */
export function matchingSentences(section: Section, query: string): number[] {
  const stems = new Set(queryStems(query));
  return section.sentences.flatMap((sentence, position) =>
    tokenize(sentence).some((token) => stems.has(stemWord(token))) ? [position] : [],
  );
}

/** Builds the index once per content load; searching it is then a few microseconds. */
export function createSearchIndex(sections: readonly Section[]): SearchIndex {
  const byId = new Map(sections.map((section) => [section.id, section]));
  const index = new MiniSearch<{ id: string; heading: string; text: string }>({
    fields: ["heading", "text"],
    tokenize: (text) => tokenize(text),
    processTerm: (term) => (isStopWord(term) ? null : stemWord(term)),
    searchOptions: { boost: { heading: HEADING_BOOST } },
  });
  index.addAll(
    sections.map((section) => ({ id: section.id, heading: section.heading ?? "", text: section.paragraphs.join("\n") })),
  );

  return {
    search(query) {
      const stems = queryStems(query);
      if (stems.length === 0) return [];
      let results = index.search(stems.join(" "), { combineWith: "AND" });
      if (results.length === 0) results = index.search(stems.join(" "), { combineWith: "OR" });
      return results.flatMap((result) => (byId.has(String(result.id)) ? [{ sectionId: String(result.id), score: result.score }] : []));
    },
  };
}
