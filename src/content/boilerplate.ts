/**
 * Boilerplate in Russian news pages: calls to subscribe ("Подписывайтесь на Sputnik в Дзен"),
 * teaser links ending in ">>>", "Читайте также" / "Также по теме" blocks and photo credits.
 * General rules for agency copy, not fitted to one file.
 */

/** Calls to action are short; a long paragraph that mentions Telegram is news, not boilerplate. */
const MAX_CALL_TO_ACTION_CHARS = 250;
/** Headlines listed under "Читайте также" are short; a longer line is the article again. */
const MAX_RELATED_HEADLINE_CHARS = 200;
const MAX_CREDIT_CHARS = 150;

const CALL_TO_ACTION =
  /(?<!\p{L})(?:подписывай|подпиш|подписаться|следите|читайте|ищите|присоединяй|смотрите|слушайте|больше новостей|все новости|самое важное|самые интересные|наш(?:ем|и)? (?:канал|telegram|телеграм))/iu;
const PLATFORM =
  /(?:telegram|телеграм|дзен|dzen|(?<!\p{L})zen(?!\p{L})|viber|вайбер|вконтакте|(?<!\p{L})vk(?!\p{L})|одноклассник|(?<!\p{L})max(?!\p{L})|youtube|ютуб|rutube|whatsapp|tiktok|соцсет|(?<!\p{L})канал)/iu;
const TEASER = /(?:>{2,}|»{2,}|→)\s*$/u;
const CREDIT = /^(?:фото|видео|иллюстрация|инфографика|©)(?:\s*:|\s)/iu;
/** Markers that open a block of related links; "по теме" needs a colon or nothing after it. */
const RELATED_MARKER = /^(?:(?:читайте|смотрите)\s+(?:также|еще|ещё)|(?:также|ещё|еще|ранее|материалы|новости)\s+по\s+теме|по\s+теме)(?<rest>.*)$/iu;
const SENTENCE_END = /[.!?…]["»”)]*\s*$/u;
const BULLET = /^[-–—•*]\s+/u;

/** True for a line that is a call to subscribe/follow, a teaser link, or a photo credit. */
export function isBoilerplateLine(line: string): boolean {
  const text = line.trim();
  if (text === "") return false;
  if (TEASER.test(text)) return true;
  if (text.length <= MAX_CREDIT_CHARS && CREDIT.test(text)) return true;
  return text.length <= MAX_CALL_TO_ACTION_CHARS && CALL_TO_ACTION.test(text) && PLATFORM.test(text);
}

/**
 * Removes boilerplate from the lines of a document (blank lines kept, since they delimit blocks).
 * A related-links marker alone on its line also takes the headline-like lines after it (short,
 * no final full stop) up to the next blank line.
 */
export function removeBoilerplate(lines: readonly string[]): string[] {
  const kept: string[] = [];
  let inRelatedBlock = false;
  for (const line of lines) {
    const text = line.trim();
    if (text === "") {
      inRelatedBlock = false;
      kept.push("");
      continue;
    }
    if (inRelatedBlock && isRelatedHeadline(text)) continue;
    inRelatedBlock = false;
    const marker = RELATED_MARKER.exec(text);
    if (marker) {
      const rest = marker.groups?.["rest"] ?? "";
      if (/^[\s:.…-]*$/u.test(rest)) {
        inRelatedBlock = true;
        continue;
      }
      const isReadAlso = /^(?:читайте|смотрите)/iu.test(text);
      if (isReadAlso || /^\s*:/u.test(rest)) continue;
    }
    if (isBoilerplateLine(text)) continue;
    kept.push(line);
  }
  return kept;
}

function isRelatedHeadline(text: string): boolean {
  if (TEASER.test(text)) return true;
  return text.length <= MAX_RELATED_HEADLINE_CHARS && (BULLET.test(text) || !SENTENCE_END.test(text));
}
