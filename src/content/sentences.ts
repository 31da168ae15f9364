/**
 * A sentence splitter for Russian news text. `Intl.Segmenter` breaks after initials ("М. Мишустин"),
 * abbreviations ("в 2020 г. Россия") and inside quoted speech, so this one scans the text itself:
 * a sentence ends at . ! ? … (plus closing quotes) outside quotes, before whitespace and a
 * capital, a digit, an opening quote or a dialogue dash, unless the word before the dot is an
 * initial or a known abbreviation.
 */

/** Abbreviations (lowercase, without the final dot) after which a dot does not end a sentence. */
const ABBREVIATIONS = new Set([
  "г", "гг", "в", "вв", "т.е", "т.к", "т.н", "т.д", "т.п", "ул", "пр", "пр-т", "пл", "пер", "д", "корп", "кв",
  "им", "др", "см", "ср", "напр", "н.э", "ок", "стр", "ст", "рис", "гл", "п", "ч", "т", "с", "обл",
  "пос", "р-н", "проф", "акад", "доц", "зам", "ген", "св", "изд", "ред", "англ", "лат", "прим", "тел",
  "млн", "млрд", "трлн", "тыс", "руб", "долл", "коп", "евро",
]);

/** Abbreviations that close an enumeration ("и т.д."); after "и " and before a capital they end a sentence. */
const LIST_ENDERS = new Set(["т.д", "т.п", "др", "пр"]);

/**
 * Units end a sentence ("составил 5 млрд руб. В 2024 году…") unless followed by an acronym
 * ("млрд долл. США") or a lowercase word ("5 млн. рублей").
 */
const UNIT_ABBREVIATIONS = new Set(["млн", "млрд", "трлн", "тыс", "руб", "долл", "коп"]);

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

/**
 * Splits text into sentences, trimmed, in order. Blank lines are hard breaks; single line breaks
 * are ordinary whitespace (wrapped text).
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const block of text.normalize("NFC").split(HARD_BREAK)) {
    for (const sentence of splitBlock(block.replace(/\s+/gu, " ").trim())) {
      if (sentence.length > 0) sentences.push(sentence);
    }
  }
  return sentences;
}

function splitBlock(block: string): string[] {
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
    if (end >= block.length || !WHITESPACE.test(block[end] ?? "") || depth > 0) continue;
    const next = end + 1;
    if (!startsSentence(block, next)) continue;
    if (run[0] === "." && !dotEndsSentence(block, start, terminatorStart, next)) continue;
    sentences.push(block.slice(start, end).trim());
    start = next;
  }
  sentences.push(block.slice(start).trim());
  return sentences;
}

/** Decides whether a single dot at `dot` ends the sentence, given the next sentence would start at `next`. */
function dotEndsSentence(block: string, sentenceStart: number, dot: number, next: number): boolean {
  const word = WORD_BEFORE_DOT.exec(block.slice(Math.max(sentenceStart, dot - 24), dot))?.[0] ?? "";
  if (word === "") return true;
  const wordStart = dot - word.length;
  if (INITIALS.test(word)) return false;
  if (LIST_NUMBER.test(word) && wordStart === sentenceStart) return false;
  const abbreviation = word.toLowerCase().replace(/^[.-]+/u, "");
  if (LIST_ENDERS.has(abbreviation)) return AND_BEFORE.test(block.slice(Math.max(0, wordStart - 3), wordStart).toLowerCase());
  if (UNIT_ABBREVIATIONS.has(abbreviation)) return UPPERCASE.test(block[next] ?? "") && !ACRONYM.test(block.slice(next, next + 8));
  return !ABBREVIATIONS.has(abbreviation);
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
