/**
 * Words: tokenizing, stop words and stemming for Russian text (with English for latin words).
 * Summaries, near-duplicate detection, topic classification and search all compare the stems
 * produced here, so they agree on what "the same word" means.
 */
import { stemmer as stemRussian } from "@orama/stemmers/russian";
import { stemmer as stemEnglish } from "@orama/stemmers/english";
import { stopwords as russianStopWordList } from "@orama/stopwords/russian";
import { stopwords as englishStopWordList } from "@orama/stopwords/english";

/**
 * Words the stock Russian list treats as stop words but that carry meaning in news
 * ("погибли пять человек", "жизнь в Арктике"), so they stay searchable.
 */
const RUSSIAN_CONTENT_WORDS = new Set(["человек", "жизнь"]);

/** Frequent news function words missing from the stock list; they only add noise to similarity. */
const RUSSIAN_EXTRA_STOP_WORDS = [
  "также",
  "это",
  "который",
  "которая",
  "которое",
  "которые",
  "которых",
  "которым",
  "будут",
  "кроме",
  "помимо",
  "однако",
  "лишь",
  "этих",
  "свои",
  "своих",
  "своей",
  "является",
];

/** Every stop word, already normalized (lowercase, ё→е) like the tokens it is compared with. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  [...russianStopWordList.filter((word) => !RUSSIAN_CONTENT_WORDS.has(word)), ...RUSSIAN_EXTRA_STOP_WORDS, ...englishStopWordList].map(
    normalizeWord,
  ),
);

/** Words this short are usually acronyms (ИИ, ШОС, ЕС, США); the stemmer would mangle them. */
const MIN_STEMMED_LENGTH = 4;

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const DIGIT = /\p{N}/u;
const CYRILLIC_PATTERN = /\p{Script=Cyrillic}/u;
const LATIN_ONLY_PATTERN = /^\p{Script=Latin}+$/u;

/** Lowercases and folds ё into е, the way Russian news spells it inconsistently. */
export function normalizeWord(word: string): string {
  return word.toLowerCase().replaceAll("ё", "е");
}

/** Splits text into lowercase word tokens (runs of letters and digits), ё folded into е. */
export function tokenize(text: string): string[] {
  const lower = normalizeWord(text);
  const tokens: string[] = [];
  let start = -1;
  let sawCombiningMark = false;
  // A char-code scan: several times faster than a Unicode regex, and tokenizing dominates the pipeline.
  for (let index = 0; index <= lower.length; index += 1) {
    const code = index < lower.length ? lower.charCodeAt(index) : -1;
    const inWord = code !== -1 && isWordCode(lower, index, code);
    if (inWord && code >= COMBINING_FIRST && code <= COMBINING_LAST) sawCombiningMark = true;
    if (inWord && start === -1) start = index;
    else if (!inWord && start !== -1) {
      tokens.push(lower.slice(start, index));
      start = -1;
    }
  }
  // Decomposed letters ("и" + breve for "й") must compare equal to composed ones.
  if (sawCombiningMark) {
    const composed = text.normalize("NFC");
    if (composed !== text) return tokenize(composed);
  }
  return tokens;
}

const COMBINING_FIRST = 0x300;
const COMBINING_LAST = 0x36f;
const CYRILLIC_FIRST = 0x400;
const CYRILLIC_LAST = 0x4ff;
const LOW_SURROGATE_FIRST = 0xdc00;
const LOW_SURROGATE_LAST = 0xdfff;

/** Letter, combining mark or digit at `index`; ASCII and Cyrillic decided by code, the rest by regex. */
function isWordCode(text: string, index: number, code: number): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  // U+0482 "҂" is the only non-letter, non-mark code of the Cyrillic block.
  if (code >= CYRILLIC_FIRST && code <= CYRILLIC_LAST) return code !== 0x482;
  // The second half of a surrogate pair belongs to the same character as the first.
  if (code >= LOW_SURROGATE_FIRST && code <= LOW_SURROGATE_LAST) {
    return index > 0 && isWordCode(text, index - 1, text.charCodeAt(index - 1));
  }
  const codePoint = text.codePointAt(index) ?? code;
  return WORD_CHAR.test(String.fromCodePoint(codePoint));
}

/** True for a normalized token that carries no meaning on its own (stop word or a lone letter). */
export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token) || (token.length === 1 && !DIGIT.test(token));
}

/**
 * Nouns in -ай common in news. Their genitive ends in -ая, which the Snowball stemmer takes for a
 * feminine adjective's ending (китая -> кит, while китай, китаю, китаем -> кита), so «Китая» would
 * not find «Китай». Every case form of each is pinned to the stem of the lemma, the way a stemmer
 * override dictionary works; adjectives in -ая (новая, китайская) are not touched.
 */
const NOUNS_IN_AI = ["китай", "шанхай", "алтай", "дубай", "парагвай", "уругвай", "край", "урожай", "случай", "май"];
const NOUN_IN_AI_ENDINGS = ["й", "я", "ю", "ем", "е", "и", "ев", "ям", "ями", "ях"];
const STEM_OVERRIDES: ReadonlyMap<string, string> = new Map(
  NOUNS_IN_AI.flatMap((lemma) => {
    const base = lemma.slice(0, -1);
    // "май" is shorter than any stemmed word: its forms share the lemma itself.
    const stem = lemma.length < MIN_STEMMED_LENGTH ? lemma : stemRussian(lemma);
    return NOUN_IN_AI_ENDINGS.map((ending): [string, string] => [base + ending, stem]);
  }),
);

/**
 * Stems are memoized: news vocabulary repeats, and stemming dominates the pipeline's time.
 * Cleared when full, so memory stays bounded whatever is fed in.
 */
const STEM_CACHE_MAX_ENTRIES = 100_000;
const stemCache = new Map<string, string>();

/** Stems one normalized token: Russian for Cyrillic, English for latin, anything else unchanged. */
export function stemWord(token: string): string {
  const pinned = STEM_OVERRIDES.get(token);
  if (pinned !== undefined) return pinned;
  if (token.length < MIN_STEMMED_LENGTH) return token;
  const cached = stemCache.get(token);
  if (cached !== undefined) return cached;
  let stem = token;
  if (CYRILLIC_PATTERN.test(token)) stem = stemRussian(token);
  else if (LATIN_ONLY_PATTERN.test(token)) stem = stemEnglish(token);
  if (stemCache.size >= STEM_CACHE_MAX_ENTRIES) stemCache.clear();
  stemCache.set(token, stem);
  return stem;
}

/**
 * The stems of the meaningful words of `text`, in order, stop words removed. The one function
 * summaries, classification and search use to compare texts.
 */
export function stemWords(text: string): string[] {
  const stems: string[] = [];
  for (const token of tokenize(text)) {
    if (!isStopWord(token)) stems.push(stemWord(token));
  }
  return stems;
}
