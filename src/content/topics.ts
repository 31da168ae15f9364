/**
 * The topic catalog and section classification. Topics are data (`topics.yaml` in the seeds
 * folder, read by `topics-file.ts`); this module turns their definitions into lookups and a
 * classifier. A catalog is immutable: a changed file makes a new one, which travels with the
 * library classified by it.
 */
import { normalizeWord, stemWords } from "./words.js";

/** The interface language every topic must name itself in; the others fall back to it (the bot's default locale). */
export const TOPIC_DEFAULT_LANGUAGE = "en";

/** One topic: how users ask for it, what it is called, and which words mark a section as belonging to it. */
export interface Topic {
  /** Stable id, kept in subscriptions and button data. */
  id: string;
  /** Main bot command, without the slash. */
  command: string;
  /** More commands for the same topic. */
  aliases: readonly string[];
  /** Display name per interface language; always has TOPIC_DEFAULT_LANGUAGE. */
  name: Readonly<Record<string, string>>;
  /** One line on what the topic covers, per interface language; may be empty. */
  description: Readonly<Record<string, string>>;
  /** Words and phrases (natural forms, any language) whose stems mark a section as this topic. */
  keywords: readonly string[];
  /** Holds the lead of every document and the sections no other topic takes. At most one per catalog. */
  overview: boolean;
}

/** Keyword evidence for one topic in one section. */
export interface TopicScore {
  topic: string;
  headingHits: number;
  contentHits: number;
  /** `HEADING_WEIGHT * headingHits + contentHits`. */
  score: number;
}

/** What classification reads of a section; the document's title and section count when known. */
export interface ClassifiedSection {
  index: number;
  heading: string | null;
  paragraphs: readonly string[];
  /** The document's title: it says what the first section (the lead) is about. */
  title?: string;
  /** Sections in the document; 1 for an article without subheadings. */
  sectionCount?: number;
}

export interface TopicCatalog {
  /** Every topic, in menu order. */
  readonly topics: readonly Topic[];
  /** The overview topic, if the catalog has one. */
  readonly overview: Topic | undefined;
  /** Identifies the definitions: equal fingerprints, equal catalogs. */
  readonly fingerprint: string;
  /** The topic with this id; undefined for an unknown id (a retired topic, old button data). */
  byId(id: string): Topic | undefined;
  /**
   * The topic a user means by `text`: a command ("/arctic", "/ai@SomeBot"), an alias, a name or a
   * word of a name or description in any language ("Арктика", "космические"), case-insensitive.
   */
  find(text: string): Topic | undefined;
  /** Keyword hits of every topic except the overview in a heading and a text. */
  score(heading: string | null, text: string): TopicScore[];
  /**
   * Topics of a section, best first: every topic it is substantially about. The first section of
   * a document (index 0) is always the overview's first; other topics join on a heading word or
   * strong evidence in the text. An article without subheadings is one section: its title counts
   * as its heading. A later section with no topic of its own goes to the overview. Empty only
   * when nothing matches and the catalog has no overview.
   */
  classify(section: ClassifiedSection): string[];
}

/** The topic's name in `language`, else in the default language. */
export function topicName(topic: Pick<Topic, "id" | "name">, language: string): string {
  return topic.name[language] ?? topic.name[TOPIC_DEFAULT_LANGUAGE] ?? topic.id;
}

/** The topic's name without the emoji it may start with: for command menus and plain text. */
export function plainTopicName(topic: Topic, language: string): string {
  return topicName(topic, language).replace(/^[^\p{L}\p{N}]+/u, "");
}

/** The topic's description in `language`, else in the default language; "" when it has none. */
export function topicDescription(topic: Topic, language: string): string {
  return topic.description[language] ?? topic.description[TOPIC_DEFAULT_LANGUAGE] ?? "";
}

/** A heading word says far more about a section than one word in its text. */
const HEADING_WEIGHT = 4;
/** Keyword hits in the text that make a topic without a heading match a section's topic too. */
const MIN_CONTENT_HITS = 3;
/** The overview is about everything; another topic joins it only on this much evidence. */
const MIN_OVERVIEW_CONTENT_HITS = 5;
/**
 * An article without subheadings is one section, both overview and its subject: its own keywords
 * are the evidence, so it takes a topic on as many hits as a later section does.
 */
const MIN_SINGLE_SECTION_HITS = MIN_CONTENT_HITS;
/** Keyword stems this short match only exactly ("газ" must not match "газета"). */
const MIN_PREFIX_STEM_LENGTH = 5;
/** Phrases per first stem are memoized; cleared when full to bound memory. */
const PHRASE_CACHE_MAX_ENTRIES = 100_000;

/** A keyword of a topic as a stem sequence (multiword phrases match consecutive stems). */
interface KeywordPhrase {
  topic: string;
  stems: readonly string[];
}

/**
 * Where a name or description splits into phrases that each count as a keyword: commas and
 * "and"/"и"/"or"/"или"/"&" ("BRICS, SCO and other organizations" → BRICS · SCO · other organizations).
 */
const LIST_SEPARATOR = /[,;、，/&]|(?<!\p{L})(?:and|or|и|или|与|和|及)(?!\p{L})/iu;

/** The phrases of a name or description that count as keywords. */
function listPhrases(text: string): string[] {
  return text
    .split(LIST_SEPARATOR)
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/** Everything that marks a section as `topic`: its keywords, and the parts of its names and descriptions. */
function evidenceOf(topic: Topic): string[] {
  return [
    ...topic.keywords,
    ...Object.values(topic.name).flatMap(listPhrases),
    ...Object.values(topic.description).flatMap(listPhrases),
  ];
}

/** Builds the catalog of `topics` (already validated: unique ids and commands, at most one overview). */
export function createTopicCatalog(topics: readonly Topic[], fingerprint: string): TopicCatalog {
  const byId = new Map(topics.map((topic) => [topic.id, topic]));
  const order = new Map(topics.map((topic, index) => [topic.id, index]));
  const overview = topics.find((topic) => topic.overview);
  const scored = topics.filter((topic) => !topic.overview);

  const phrases: readonly KeywordPhrase[] = scored.flatMap((topic) =>
    evidenceOf(topic)
      .map((keyword) => ({ topic: topic.id, stems: stemWords(keyword) }))
      .filter((phrase) => phrase.stems.length > 0),
  );
  const phrasesByFirstStem = new Map<string, readonly KeywordPhrase[]>();
  const phrasesStartingWith = (stem: string): readonly KeywordPhrase[] => {
    let found = phrasesByFirstStem.get(stem);
    if (found === undefined) {
      found = phrases.filter((phrase) => stemMatches(stem, phrase.stems[0] ?? ""));
      if (phrasesByFirstStem.size >= PHRASE_CACHE_MAX_ENTRIES) phrasesByFirstStem.clear();
      phrasesByFirstStem.set(stem, found);
    }
    return found;
  };

  const { exact, byStems } = nameLookups(topics);

  const countHits = (stems: readonly string[]): Map<string, number> => {
    const hits = new Map<string, number>();
    const lastCountedAt = new Map<string, number>();
    for (let start = 0; start < stems.length; start += 1) {
      for (const phrase of phrasesStartingWith(stems[start] ?? "")) {
        // A position counts once per topic, whichever of its phrases matches there.
        if (lastCountedAt.get(phrase.topic) === start || !phraseMatchesAt(stems, start, phrase.stems)) continue;
        hits.set(phrase.topic, (hits.get(phrase.topic) ?? 0) + 1);
        lastCountedAt.set(phrase.topic, start);
      }
    }
    return hits;
  };

  const score = (heading: string | null, text: string): TopicScore[] => {
    const headingHits = countHits(heading === null ? [] : stemWords(heading));
    const contentHits = countHits(stemWords(text));
    return scored.map((topic) => {
      const inHeading = headingHits.get(topic.id) ?? 0;
      const inContent = contentHits.get(topic.id) ?? 0;
      return { topic: topic.id, headingHits: inHeading, contentHits: inContent, score: HEADING_WEIGHT * inHeading + inContent };
    });
  };

  return {
    topics,
    overview,
    fingerprint,
    byId: (id) => byId.get(id),
    find(text) {
      const name = normalizeWord(text.trim().replace(/^\//u, "").replace(/@\w+$/u, "").trim());
      if (name === "") return undefined;
      const found = exact.get(name);
      if (found !== undefined) return found;
      const stems = stemWords(name).join(" ");
      return stems === "" ? undefined : byStems.get(stems);
    },
    score,
    classify(section) {
      const isLead = section.index === 0;
      // The title speaks for a whole article; with subheadings, each section's heading speaks for it.
      const single = section.sectionCount === 1;
      const heading = single && section.title !== undefined ? [section.title, section.heading ?? ""].join("\n") : section.heading;
      const leadHits = single ? MIN_SINGLE_SECTION_HITS : MIN_OVERVIEW_CONTENT_HITS;
      const matched = score(heading, section.paragraphs.join("\n"))
        .filter((entry) =>
          isLead ? entry.contentHits >= leadHits || entry.headingHits > 0 : entry.headingHits > 0 || entry.contentHits >= MIN_CONTENT_HITS,
        )
        .sort((a, b) => b.score - a.score || (order.get(a.topic) ?? 0) - (order.get(b.topic) ?? 0))
        .map((entry) => entry.topic);
      if (overview === undefined) return matched;
      if (isLead) return [overview.id, ...matched];
      return matched.length > 0 ? matched : [overview.id];
    },
  };
}

/**
 * How `find` reads names: ids, commands, aliases and whole names exactly; then the stems of a
 * whole name, and single stems of name and description words that belong to one topic only.
 * Earlier topics win a name two topics share.
 */
function nameLookups(topics: readonly Topic[]): { exact: Map<string, Topic>; byStems: Map<string, Topic> } {
  const exact = new Map<string, Topic>();
  const byStems = new Map<string, Topic>();
  const wordOwners = new Map<string, Topic | null>();
  for (const topic of topics) {
    const names = Object.values(topic.name).map((name) => name.replace(/^[^\p{L}\p{N}]+/u, ""));
    for (const key of [topic.id, topic.command, ...topic.aliases, ...names]) {
      const normalized = normalizeWord(key);
      if (!exact.has(normalized)) exact.set(normalized, topic);
    }
    for (const name of names) {
      const stems = stemWords(name).join(" ");
      if (stems !== "" && !byStems.has(stems)) byStems.set(stems, topic);
    }
    const words = new Set([...names, ...Object.values(topic.description)].flatMap((text) => stemWords(text)));
    for (const word of words) {
      const owner = wordOwners.get(word);
      // A word two topics use says neither: "cooperation", "организации".
      wordOwners.set(word, owner === undefined || owner === topic ? topic : null);
    }
  }
  for (const [word, owner] of wordOwners) if (owner !== null && !byStems.has(word)) byStems.set(word, owner);
  return { exact, byStems };
}

/** A stem matches a keyword stem equal to it or, for long enough keywords, extending it. */
function stemMatches(stem: string, keyword: string): boolean {
  return stem === keyword || (keyword.length >= MIN_PREFIX_STEM_LENGTH && stem.startsWith(keyword));
}

function phraseMatchesAt(stems: readonly string[], start: number, phrase: readonly string[]): boolean {
  for (let offset = 0; offset < phrase.length; offset += 1) {
    const stem = stems[start + offset];
    if (stem === undefined || !stemMatches(stem, phrase[offset] ?? "")) return false;
  }
  return true;
}
