/**
 * A sentence splitter for Russian and English news text. `Intl.Segmenter` breaks after initials
 * ("М. Мишустин"), abbreviations ("в 2020 г. Россия", "Mr. Smith") and inside quoted speech, so
 * this one scans the text itself: a sentence ends at . ! ? … (plus closing quotes) outside quotes,
 * before whitespace and a capital, a digit, an opening quote or a dialogue dash, unless the word
 * before the dot is an initial or a known abbreviation. Copied web pages lose the space after a
 * full stop ("сфере.Крупнейший"): a dot glued to a capital ends a sentence too, unless it is part
 * of a URL, an e-mail address, a domain or a brand written with a dot ("Яндекс.Такси").
 */
import type { ContentLanguage } from "./language.js";

/** Abbreviations (lowercase, without the final dot) after which a dot does not end a sentence. */
const ABBREVIATIONS = new Set([
  "г", "гг", "в", "вв", "т.е", "т.к", "т.н", "т.д", "т.п", "ул", "пр", "пр-т", "пл", "пер", "д", "корп", "кв",
  "им", "др", "см", "ср", "напр", "н.э", "ок", "стр", "ст", "рис", "гл", "п", "ч", "т", "с", "обл",
  "пос", "р-н", "проф", "акад", "доц", "зам", "ген", "св", "изд", "ред", "англ", "лат", "прим", "тел",
  "млн", "млрд", "трлн", "тыс", "руб", "долл", "коп", "евро",
  // English titles, ranks and months ("Mr. Smith", "Gen. Hall", "Nov. 30"); Latin letters, so they never clash with the Russian ones.
  "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "adm", "brig", "cmdr", "lt", "col", "maj", "capt", "sgt",
  "cpl", "pvt", "amb", "atty", "hon", "pres", "supt", "det", "insp", "rev", "st", "mt",
  "jr", "sr", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "approx",
  "fig", "e.g", "i.e",
]);

/**
 * "гг." and "вв." (years, centuries) end a sentence before a capital ("действовала в 2020-2022 гг.
 * Правительство…"), unless all the sentence says so far is the opening date phrase ("В 2020-2022 гг.
 * Правительство выделило…"). Followed by a lowercase word they are mid-sentence anyway.
 */
const PERIOD_ABBREVIATIONS = new Set(["гг", "вв"]);
/** Words an opening date phrase is made of, besides numbers and Roman numerals: "В 1990-е", "С 2014 по 2016". */
const DATE_PHRASE_WORDS = new Set([
  "в", "во", "с", "со", "по", "до", "к", "за", "на", "от", "около", "после", "между", "и", "е", "х", "ые", "ых",
  "годы", "годах", "период", "конце", "начале", "середине", "течение", "протяжении",
]);
const ROMAN_NUMERAL = /(?<!\p{L})[IVXLCDM]+(?!\p{L})/gu;
/** "No. 5" is a number sign; "no." before anything else is the word. */
const NUMBER_SIGN = "No";
/** Words that open English sentences; after "U.S." or "U.K." one of them means the acronym ended the sentence. */
const ENGLISH_SENTENCE_STARTERS = new Set([
  "The", "This", "That", "These", "Those", "It", "Its", "He", "She", "They", "We", "I", "His", "Her", "Their", "There",
  "But", "However", "In", "On", "At", "A", "An", "Meanwhile", "Officials", "Some", "Many",
]);
const DOTTED_ACRONYM = /^(?:\p{Script=Latin}\.)+\p{Script=Latin}$/u;

/** Abbreviations that close an enumeration ("и т.д."); after "и " and before a capital they end a sentence. */
const LIST_ENDERS = new Set(["т.д", "т.п", "др", "пр"]);

/**
 * Units end a sentence ("составил 5 млрд руб. В 2024 году…") unless followed by an acronym
 * ("млрд долл. США") or a lowercase word ("5 млн. рублей").
 */
const UNIT_ABBREVIATIONS = new Set(["млн", "млрд", "трлн", "тыс", "руб", "долл", "коп"]);

/**
 * After a number, "г." is a year and "т." tonnes: they end a sentence before a capital like the
 * units do ("начнется в 2026 г. Заявки…", "42 млн т. Ранее…"), unless the sentence so far is only
 * the opening date phrase ("В 2026 г. Россия…"). Elsewhere they stay abbreviations ("г. Москва", "т. е.").
 */
const AFTER_NUMBER_ABBREVIATIONS = new Set(["г", "т"]);
const NUMBER_BEFORE = /(?:\p{N}|(?<!\p{L})(?:млн|млрд|трлн|тыс)\.?)\s+$/u;

const TERMINATOR_RUN = /[.!?…]+/gu;
const QUOTE_CHAR = /[«„»"“”]/gu;
const CLOSING_AFTER_TERMINATOR = /^[»"”)\]]*/u;
const WHITESPACE = /\s/u;
const SENTENCE_START = /[\p{Lu}\p{N}«„"“(]/u;
const DIALOGUE_START = /^[-–—] +\p{Lu}/u;
const UPPERCASE = /\p{Lu}/u;
const WORD_BEFORE_DOT = /[\p{L}\p{N}.-]+$/u;
const INITIALS = /^(?:\p{Lu}\.)*\p{Lu}$/u;
const LIST_NUMBER = /^\p{N}{1,3}$/u;
const ACRONYM = /^\p{Lu}{2,}(?!\p{Ll})/u;
const AND_BEFORE = /(?:^|[^\p{L}])и $/u;
const HARD_BREAK = /\n[^\S\n]*\n/u;
/** Characters after which a straight quote opens rather than closes. */
const OPENS_AFTER = /[\s([«„"“\-–—]/u;

/** Top-level domains that may follow a glued dot in a domain name ("Mail.Ru", "kremlin.RU"). */
const TOP_LEVEL_DOMAINS = new Set(["ru", "рф", "su", "by", "kz", "ua", "uz", "am", "ge", "az", "com", "org", "net", "info", "io", "tv", "me", "uk", "de", "fr", "cn", "gov", "edu"]);
const LOWERCASE = /\p{Ll}/u;
const LETTERS_BEFORE = /\p{L}+$/u;
const LETTERS_AFTER = /^\p{L}+/u;
/** What may stand right before a dot glued to the next sentence: the end of a lowercase word, a digit, a closing quote. */
const BEFORE_GLUED_DOT = /[\p{Ll}\p{N}%»"”)\]]/u;
const WEB_TOKEN = /:\/\/|@|^www\./iu;

/**
 * Splits text into sentences, trimmed, in order. Blank lines are hard breaks; single line breaks
 * are ordinary whitespace (wrapped text). `language` selects the language-specific rules (for
 * English, "U.S." before "The" ends a sentence); the abbreviation lists of both languages apply
 * to every text, since one is Cyrillic and the other Latin.
 */
export function splitSentences(text: string, language: ContentLanguage = "ru"): string[] {
  const sentences: string[] = [];
  for (const block of text.normalize("NFC").split(HARD_BREAK)) {
    for (const sentence of splitBlock(block.replace(/\s+/gu, " ").trim(), language)) {
      if (sentence.length > 0) sentences.push(sentence);
    }
  }
  return sentences;
}

function splitBlock(block: string, language: ContentLanguage): string[] {
  const quotes = quoteEvents(block);
  let quoteIndex = 0;
  let depth = 0;
  const sentences: string[] = [];
  let start = 0;
  for (const run of block.matchAll(TERMINATOR_RUN)) {
    const terminatorStart = run.index;
    const closers = CLOSING_AFTER_TERMINATOR.exec(block.slice(terminatorStart + run[0].length, terminatorStart + run[0].length + 4));
    const end = terminatorStart + run[0].length + (closers?.[0].length ?? 0);
    // Quote depth just before `end`, from the quote marks passed so far.
    while (quoteIndex < quotes.length && (quotes[quoteIndex]?.position ?? Infinity) < end) {
      depth += quotes[quoteIndex]?.direction ?? 0;
      quoteIndex += 1;
    }
    if (end >= block.length || depth > 0) continue;
    let next: number;
    if (WHITESPACE.test(block[end] ?? "")) next = end + 1;
    else if (run[0] === "." && isGluedSentenceEnd(block, terminatorStart, end)) next = end;
    else continue;
    if (!startsSentence(block, next)) continue;
    if (run[0] === "." && !dotEndsSentence(block, start, terminatorStart, next, language)) continue;
    sentences.push(block.slice(start, end).trim());
    start = next;
  }
  sentences.push(block.slice(start).trim());
  return sentences;
}

/** Decides whether a single dot at `dot` ends the sentence, given the next sentence would start at `next`. */
function dotEndsSentence(block: string, sentenceStart: number, dot: number, next: number, language: ContentLanguage): boolean {
  const word = WORD_BEFORE_DOT.exec(block.slice(Math.max(sentenceStart, dot - 24), dot))?.[0] ?? "";
  if (word === "") return true;
  const wordStart = dot - word.length;
  if (language === "en" && DOTTED_ACRONYM.test(word)) return ENGLISH_SENTENCE_STARTERS.has(LETTERS_AFTER.exec(block.slice(next, next + 16))?.[0] ?? "");
  if (INITIALS.test(word)) return false;
  if (LIST_NUMBER.test(word) && wordStart === sentenceStart) return false;
  if (word === NUMBER_SIGN) return !/\p{N}/u.test(block[next] ?? "");
  const abbreviation = word.toLowerCase().replace(/^[.-]+/u, "");
  if (LIST_ENDERS.has(abbreviation)) return AND_BEFORE.test(block.slice(Math.max(0, wordStart - 3), wordStart).toLowerCase());
  if (UNIT_ABBREVIATIONS.has(abbreviation)) return UPPERCASE.test(block[next] ?? "") && !ACRONYM.test(block.slice(next, next + 8));
  if (AFTER_NUMBER_ABBREVIATIONS.has(abbreviation) && NUMBER_BEFORE.test(block.slice(Math.max(sentenceStart, wordStart - 8), wordStart))) {
    return UPPERCASE.test(block[next] ?? "") && !ACRONYM.test(block.slice(next, next + 8)) && !isOpeningDatePhrase(block.slice(sentenceStart, wordStart));
  }
  if (PERIOD_ABBREVIATIONS.has(abbreviation)) {
    return UPPERCASE.test(block[next] ?? "") && !isOpeningDatePhrase(block.slice(sentenceStart, wordStart));
  }
  return !ABBREVIATIONS.has(abbreviation);
}

/** True when `text` (the sentence so far) is only a date phrase: prepositions, numbers, Roman numerals. */
function isOpeningDatePhrase(text: string): boolean {
  const words = text.replace(ROMAN_NUMERAL, " ").toLowerCase().split(/[^\p{L}]+/u).filter((word) => word !== "");
  return words.every((word) => DATE_PHRASE_WORDS.has(word));
}

/**
 * A dot with no space after it ends a sentence when a capital follows and the dot closes a
 * lowercase word, a number or a quote ("сфере.Крупнейший", "«прорывом».Далее"), but not inside a
 * URL, an e-mail address or a domain ("Mail.Ru"), nor in a brand whose first part is capitalized
 * ("Яндекс.Такси"); abbreviations and initials are left to `dotEndsSentence`.
 */
function isGluedSentenceEnd(block: string, dot: number, end: number): boolean {
  if (!UPPERCASE.test(block[end] ?? "")) return false;
  const before = block[dot - 1] ?? "";
  if (!BEFORE_GLUED_DOT.test(before)) return false;
  const letters = LETTERS_BEFORE.exec(block.slice(Math.max(0, dot - 40), dot))?.[0];
  if (letters !== undefined && !LOWERCASE.test(letters[0] ?? "")) return false;
  const tokenStart = block.lastIndexOf(" ", dot) + 1;
  const tokenEnd = block.indexOf(" ", dot);
  const token = block.slice(tokenStart, tokenEnd === -1 ? block.length : tokenEnd);
  if (WEB_TOKEN.test(token)) return false;
  const after = LETTERS_AFTER.exec(block.slice(end, end + 16))?.[0] ?? "";
  return !TOP_LEVEL_DOMAINS.has(after.toLowerCase());
}

/** What may open a sentence: a capital, a digit, an opening quote or bracket, a dialogue dash. */
function startsSentence(block: string, index: number): boolean {
  const char = block[index] ?? "";
  return SENTENCE_START.test(char) || DIALOGUE_START.test(block.slice(index, index + 8));
}

interface QuoteEvent {
  position: number;
  /** +1 opens, -1 closes. */
  direction: 1 | -1;
}

/**
 * Quote marks with their direction. «„ open, » closes; a straight or curly quote after a space,
 * bracket or dash and before a non-space opens, otherwise closes. When the quotes of a block do
 * not balance (a typo, a quote spanning paragraphs) they are ignored, so one stray mark cannot
 * glue a paragraph into a single sentence.
 */
function quoteEvents(block: string): QuoteEvent[] {
  const events: QuoteEvent[] = [];
  let depth = 0;
  for (const match of block.matchAll(QUOTE_CHAR)) {
    const position = match.index;
    const char = match[0];
    let direction: 1 | -1;
    if (char === "«" || char === "„") direction = 1;
    else if (char === "»" || char === "”") direction = -1;
    else {
      const before = position === 0 ? " " : (block[position - 1] ?? " ");
      const after = block[position + 1];
      direction = OPENS_AFTER.test(before) && after !== undefined && !WHITESPACE.test(after) ? 1 : -1;
    }
    depth += direction;
    if (depth < 0) return [];
    events.push({ position, direction });
  }
  return depth === 0 ? events : [];
}
