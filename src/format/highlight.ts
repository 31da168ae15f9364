/** Bold query words inside document text, for search results. Pure. */
import { escapeHtml } from "./html.js";
import { normalizeWord, stemWord } from "../content/words.js";

/** Letters, marks and digits: what the tokenizer treats as a word. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Escapes `text` for Telegram HTML and wraps every word whose stem is in `stems` in <b>. */
export function highlightStems(text: string, stems: ReadonlySet<string>): string {
  let html = "";
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const word = match[0];
    html += escapeHtml(text.slice(last, start));
    html += stems.has(stemWord(normalizeWord(word))) ? `<b>${escapeHtml(word)}</b>` : escapeHtml(word);
    last = start + word.length;
  }
  return html + escapeHtml(text.slice(last));
}
