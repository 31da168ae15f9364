/**
 * The language of a document's text, for the rules that differ between languages (datelines,
 * calls to action, sentence ends). A declared language (sidecar, front matter) wins; otherwise a
 * measured stop-word test: the share of the text's words that are each language's most common
 * function words. Brand names and acronyms are mostly Latin in Russian news ("iPhone", "VK
 * Group", "CNNC"), so counting letters by script alone misreads such texts; function words
 * ("и", "в", "на" / "the", "of", "in") are the grammar and say which language it is.
 */
import { tokenize } from "./words.js";

/** Languages the content pipeline has rules for. */
export type ContentLanguage = "ru" | "en";
export const CONTENT_LANGUAGES: readonly ContentLanguage[] = ["ru", "en"];

/**
 * The most frequent function words of news text in each language (normalized like tokens:
 * lowercase, ё as е). Short lists on purpose: the test needs words every text uses, not every
 * stop word.
 */
const FUNCTION_WORDS: Readonly<Record<ContentLanguage, ReadonlySet<string>>> = {
  ru: new Set([
    "и", "в", "во", "не", "на", "что", "с", "со", "по", "как", "а", "то", "к", "ко", "из", "у", "о", "об", "за", "от",
    "это", "для", "же", "но", "так", "он", "она", "они", "его", "ее", "их", "был", "была", "было", "были", "бы",
    "только", "еще", "уже", "или", "при", "до", "после", "также", "который", "которые", "которая", "которое",
    "которых", "чтобы", "если", "когда", "все", "будет", "будут", "этот", "эти", "этого", "этой", "том", "того",
    "между", "без", "над", "под", "через", "мы", "вы", "я",
  ]),
  en: new Set([
    "the", "of", "and", "to", "a", "in", "is", "that", "for", "on", "with", "as", "was", "by", "it", "at", "from",
    "be", "are", "has", "have", "had", "this", "an", "said", "will", "not", "or", "its", "were", "which", "he", "she",
    "they", "but", "been", "after", "would", "their", "who", "also", "more", "than", "about", "up", "into", "we",
    "i", "his", "her", "there", "can", "could", "over", "these", "those", "our",
  ]),
};

/** The start of a text decides: a few hundred words are plenty, and long texts need not be read. */
const SAMPLE_CHARS = 2_000;
const SAMPLE_WORDS = 300;
/** Tokens are runs of letters and digits, so a token with a letter is one that is not all digits. */
const ALL_DIGITS = /^[0-9]+$/u;
const CYRILLIC_LETTER = /\p{Script=Cyrillic}/u;
const LATIN_LETTER = /\p{Script=Latin}/u;

/** What the stop-word test measured on a text. */
export interface LanguageMeasure {
  /** Words (tokens with a letter) of the sample. */
  words: number;
  /** Share of those words that are each language's function words, 0..1. */
  shares: Record<ContentLanguage, number>;
  /**
   * The language with the larger share; when the shares tie (no function word at all, as in a
   * one-word headline) the script most letters are written in; undefined for text without letters.
   */
  language: ContentLanguage | undefined;
}

/** Measures the function-word shares of the start of `text`. */
export function measureLanguage(text: string): LanguageMeasure {
  const sample = text.slice(0, SAMPLE_CHARS);
  const hits: Record<ContentLanguage, number> = { ru: 0, en: 0 };
  let words = 0;
  for (const token of tokenize(sample)) {
    if (words >= SAMPLE_WORDS) break;
    if (ALL_DIGITS.test(token)) continue;
    words += 1;
    for (const language of CONTENT_LANGUAGES) if (FUNCTION_WORDS[language].has(token)) hits[language] += 1;
  }
  const shares = { ru: words === 0 ? 0 : hits.ru / words, en: words === 0 ? 0 : hits.en / words };
  let language: ContentLanguage | undefined;
  if (shares.ru > shares.en) language = "ru";
  else if (shares.en > shares.ru) language = "en";
  else language = scriptLanguage(sample);
  return { words, shares, language };
}

/** The language of `text` by the stop-word test; `fallback` for text without letters. */
export function detectContentLanguage(text: string, fallback: ContentLanguage = "ru"): ContentLanguage {
  return measureLanguage(text).language ?? fallback;
}

/** The pipeline language of a declared BCP 47 tag ("ru-RU" → "ru"); undefined for other languages. */
export function contentLanguageOfTag(tag: string | undefined): ContentLanguage | undefined {
  const primary = tag?.trim().toLowerCase().split("-")[0];
  return CONTENT_LANGUAGES.find((language) => language === primary);
}

/** A declared language when the pipeline has rules for it, else the one measured on `text`. */
export function resolveContentLanguage(declared: string | undefined, text: string): ContentLanguage {
  return contentLanguageOfTag(declared) ?? detectContentLanguage(text);
}

/** Cyrillic or Latin, whichever most letters are written in (ties go to Cyrillic). */
function scriptLanguage(text: string): ContentLanguage | undefined {
  let cyrillic = 0;
  let latin = 0;
  for (const char of text) {
    if (CYRILLIC_LETTER.test(char)) cyrillic += 1;
    else if (LATIN_LETTER.test(char)) latin += 1;
  }
  if (cyrillic === 0 && latin === 0) return undefined;
  return cyrillic >= latin ? "ru" : "en";
}
