/**
 * The topic registry and section classification. Display names and descriptions are not here:
 * they live in `locales/*.ftl` as `topic-<id>-name` / `topic-<id>-about`.
 */
import type { TopicId } from "./types.js";
import { normalizeWord, stemWords } from "./words.js";

/** One topic: how users ask for it and which words mark a section as belonging to it. */
export interface Topic {
  id: TopicId;
  /** Main bot command, without the slash. */
  command: string;
  /** More commands for the same topic (latin, valid Telegram commands). */
  aliases: readonly string[];
  /** Names users may type in any supported language (inline queries, free text), lowercase. */
  searchWords: readonly string[];
  /** Words and phrases (natural forms) whose stems mark a section as this topic. */
  keywords: readonly string[];
}

/** A Telegram bot command: 1-32 characters of a-z, 0-9 and underscore. */
export const TELEGRAM_COMMAND = /^[a-z0-9_]{1,32}$/u;

/** Every topic, in menu order. `overview` first: it holds the main points of every document. */
export const TOPICS: readonly Topic[] = [
  {
    id: "overview",
    command: "overview",
    aliases: ["news", "summary"],
    searchWords: ["overview", "news", "summary", "главное", "главные", "новости", "обзор", "сводка", "итоги"],
    keywords: [],
  },
  {
    id: "trade",
    command: "trade",
    aliases: ["economy", "business"],
    searchWords: ["trade", "economy", "business", "торговля", "экономика", "товарооборот", "бизнес", "санкции", "инвестиции"],
    keywords: [
      "торговля", "торговый", "товарооборот", "экспорт", "импорт", "экономика", "экономический", "инвестиции",
      "санкции", "пошлины", "тарифы", "коммерция", "коммерческий", "рынок", "рынки", "поставки", "бизнес",
      "финансовый", "банк", "валюта", "рубль", "юань", "нефть", "газ", "энергетика", "сельскохозяйственный",
      "логистика", "таможенный", "платежи", "ВВП", "trade", "economy", "export", "import", "tariff", "sanctions",
      "investment", "investor", "oil", "crude", "gas", "LNG", "bank", "yuan", "rouble", "ruble", "market", "supply",
      "exports", "imports", "commerce", "business", "GDP", "wheat", "grain", "customs", "payments",
    ],
  },
  {
    id: "tech",
    command: "tech",
    aliases: ["ai", "hitech", "science"],
    searchWords: ["tech", "ai", "hitech", "science", "технологии", "ии", "наука", "инновации", "искусственный интеллект"],
    keywords: [
      "технологии", "технологический", "высокотехнологичный", "инновации", "инновационный", "искусственный интеллект",
      "ИИ", "AI", "наука", "научный", "научно-технический", "исследования", "цифровой", "цифровизация", "робот",
      "роботизация", "полупроводники", "микроэлектроника", "чипы", "суперкомпьютер", "квантовый", "нейросеть",
      "программное обеспечение", "кибербезопасность", "микроконтроллер", "процессор", "вычислительный", "technology",
      "technologies", "artificial intelligence", "chip", "chips", "semiconductor", "microchip", "quantum", "supercomputer",
      "robot", "robotics", "software", "digital", "innovation", "research", "scientific", "neural network",
    ],
  },
  {
    id: "space",
    command: "space",
    aliases: ["cosmos", "moon"],
    searchWords: ["space", "cosmos", "moon", "космос", "космический", "космические", "луна", "роскосмос"],
    keywords: [
      "космос", "космический", "космонавтика", "космонавт", "тайконавт", "астронавт", "Роскосмос", "CNSA", "Луна",
      "лунный", "Марс", "орбита", "орбитальный", "ракета", "ракетный", "спутник", "космодром", "МКС", "space",
      "spacecraft", "satellite", "lunar", "Moon", "orbit", "orbital", "rocket", "launch", "cosmonaut", "astronaut",
      "spacewalk", "Mars", "ISS", "space station",
    ],
  },
  {
    id: "orgs",
    command: "orgs",
    aliases: ["brics", "sco", "organizations"],
    searchWords: ["orgs", "brics", "sco", "брикс", "шос", "еаэс", "асеан", "оон", "организации", "organizations"],
    keywords: [
      "БРИКС", "BRICS", "ШОС", "SCO", "ЕАЭС", "АСЕАН", "ASEAN", "ООН", "СНГ", "ОДКБ", "G20", "АТЭС", "APEC", "ВТО",
      "организация", "многосторонний", "саммит", "евразийский", "большая двадцатка", "Шанхайская организация сотрудничества",
      "Евразийский экономический союз", "Новый банк развития", "EAEU", "summit", "multilateral", "New Development Bank",
      "Shanghai Cooperation Organisation", "Shanghai Cooperation Organization", "Eurasian Economic Union", "United Nations",
    ],
  },
  {
    id: "arctic",
    command: "arctic",
    aliases: ["north", "polar"],
    searchWords: ["arctic", "north", "polar", "арктика", "арктический", "север", "севморпуть"],
    keywords: [
      "Арктика", "арктический", "Arctic", "Северный морской путь", "Севморпуть", "СМП", "полярный", "Заполярье",
      "ледокол", "ледокольный", "Ямал", "Шпицберген", "Northern Sea Route", "icebreaker", "icebreakers", "polar",
      "Yamal", "Svalbard", "Barents", "Murmansk", "Мурманск", "Баренцев", "ледовый", "лёд",
    ],
  },
];

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

/** A keyword of a topic as a stem sequence (multiword phrases match consecutive stems). */
interface KeywordPhrase {
  topic: TopicId;
  stems: readonly string[];
}

const KEYWORD_PHRASES: readonly KeywordPhrase[] = TOPICS.flatMap((topic) =>
  topic.keywords.map((keyword) => ({ topic: topic.id, stems: stemWords(keyword) })).filter((phrase) => phrase.stems.length > 0),
);

/** Keyword stems this short match only exactly ("газ" must not match "газета"). */
const MIN_PREFIX_STEM_LENGTH = 5;

/**
 * Phrases whose first keyword matches a stem, memoized per stem: classification then costs one
 * lookup per word instead of a scan of every keyword. Cleared when full to bound memory.
 */
const PHRASE_CACHE_MAX_ENTRIES = 100_000;
const phrasesByFirstStem = new Map<string, readonly KeywordPhrase[]>();

const TOPIC_BY_ID: ReadonlyMap<TopicId, Topic> = new Map(TOPICS.map((topic) => [topic.id, topic]));

const TOPIC_BY_NAME: ReadonlyMap<string, Topic> = (() => {
  const byName = new Map<string, Topic>();
  for (const topic of TOPICS) {
    for (const name of [topic.id, topic.command, ...topic.aliases, ...topic.searchWords]) {
      const key = normalizeWord(name);
      if (!byName.has(key)) byName.set(key, topic);
    }
  }
  return byName;
})();

const TOPIC_BY_STEMS: ReadonlyMap<string, Topic> = (() => {
  const byStems = new Map<string, Topic>();
  for (const topic of TOPICS) {
    for (const name of topic.searchWords) {
      const key = stemWords(name).join(" ");
      if (key !== "" && !byStems.has(key)) byStems.set(key, topic);
    }
  }
  return byStems;
})();

/** The topic with this id: always found for a `TopicId`; undefined for an unknown string (e.g. old callback data). */
export function topicById(id: TopicId): Topic;
export function topicById(id: string): Topic | undefined;
export function topicById(id: string): Topic | undefined {
  return TOPIC_BY_ID.get(id as TopicId);
}

/**
 * The topic a user means by `text`: a command ("/arctic", "/ai@SomeBot"), a command name ("ai"),
 * or a name in any supported language ("Арктика", "космос"), case-insensitive. Undefined otherwise.
 */
export function findTopic(text: string): Topic | undefined {
  const name = normalizeWord(text.trim().replace(/^\//u, "").replace(/@\w+$/u, "").trim());
  if (name === "") return undefined;
  const exact = TOPIC_BY_NAME.get(name);
  if (exact) return exact;
  const stems = stemWords(name).join(" ");
  return stems === "" ? undefined : TOPIC_BY_STEMS.get(stems);
}

/** Keyword evidence for one topic in one section. */
export interface TopicScore {
  topic: TopicId;
  headingHits: number;
  contentHits: number;
  /** `HEADING_WEIGHT * headingHits + contentHits`. */
  score: number;
}

/** Counts keyword hits of every topic (except overview) in a heading and a text. */
export function scoreTopics(heading: string | null, text: string): TopicScore[] {
  const headingHits = countHits(heading === null ? [] : stemWords(heading));
  const contentHits = countHits(stemWords(text));
  return TOPICS.filter((topic) => topic.keywords.length > 0).map((topic) => {
    const inHeading = headingHits.get(topic.id) ?? 0;
    const inContent = contentHits.get(topic.id) ?? 0;
    return { topic: topic.id, headingHits: inHeading, contentHits: inContent, score: HEADING_WEIGHT * inHeading + inContent };
  });
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

/**
 * Topics of a section, best first: every topic it is substantially about. The first section of a
 * document (index 0) is always `overview` first; other topics join on a heading word or strong
 * evidence in the text. An article without subheadings is one section: its title counts as its
 * heading and it takes topics on the evidence any section needs. Other sections take every topic named in
 * their heading or with enough hits in their text; with none, `overview`.
 */
export function classifySection(section: ClassifiedSection): TopicId[] {
  const isOverview = section.index === 0;
  // The title speaks for a whole article; with subheadings, each section's heading speaks for it.
  const single = section.sectionCount === 1;
  const heading = single && section.title !== undefined ? [section.title, section.heading ?? ""].join("\n") : section.heading;
  const scores = scoreTopics(heading, section.paragraphs.join("\n"));
  const overviewHits = single ? MIN_SINGLE_SECTION_HITS : MIN_OVERVIEW_CONTENT_HITS;
  const matched = scores
    .filter((entry) =>
      isOverview
        ? entry.contentHits >= overviewHits || entry.headingHits > 0
        : entry.headingHits > 0 || entry.contentHits >= MIN_CONTENT_HITS,
    )
    .sort((a, b) => b.score - a.score || topicOrder(a.topic) - topicOrder(b.topic))
    .map((entry) => entry.topic);
  if (isOverview) return ["overview", ...matched];
  return matched.length > 0 ? matched : ["overview"];
}

function topicOrder(id: TopicId): number {
  return TOPICS.findIndex((topic) => topic.id === id);
}

/** Keyword occurrences per topic in a stem sequence; a position counts once per topic. */
function countHits(stems: readonly string[]): Map<TopicId, number> {
  const hits = new Map<TopicId, number>();
  const lastCountedAt = new Map<TopicId, number>();
  for (let start = 0; start < stems.length; start += 1) {
    for (const phrase of phrasesStartingWith(stems[start] ?? "")) {
      if (lastCountedAt.get(phrase.topic) === start || !phraseMatchesAt(stems, start, phrase.stems)) continue;
      hits.set(phrase.topic, (hits.get(phrase.topic) ?? 0) + 1);
      lastCountedAt.set(phrase.topic, start);
    }
  }
  return hits;
}

function phrasesStartingWith(stem: string): readonly KeywordPhrase[] {
  let phrases = phrasesByFirstStem.get(stem);
  if (phrases === undefined) {
    phrases = KEYWORD_PHRASES.filter((phrase) => stemMatches(stem, phrase.stems[0] ?? ""));
    if (phrasesByFirstStem.size >= PHRASE_CACHE_MAX_ENTRIES) phrasesByFirstStem.clear();
    phrasesByFirstStem.set(stem, phrases);
  }
  return phrases;
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
