/**
 * `src/content/`: the Telegram-free content engine, pure modules: loading and cleaning seeds,
 * sections, sentences, summaries, topics (`topics.yaml`), search, and the seed watcher.
 *
 * Boilerplate in news pages: calls to subscribe ("Подписывайтесь на Sputnik в Дзен", "Subscribe to
 * our newsletter"), teaser links ending in ">>>", "Читайте также" / "Также по теме" / "Read more"
 * blocks, photo credits, and the chrome of copied web pages (counters, share buttons, menus,
 * mastheads, markdown images). General rules, not fitted to one file:
 *
 * - a line that is not prose (no sentence end, or only a few words) is chrome when it holds what
 *   prose never does: words glued together ("ДзенMaxTelegram"), an e-mail address or a domain
 *   ("Рейтинг@Mail.ru"), a phone number, a time stamp, only a date, a credit ("Image: Rosatom",
 *   "REUTERS/Maria Ivanova");
 * - a line that is only a markdown image or only a link is not text;
 * - lines repeated across documents of one source are the site's template (`findRepeatedLines`);
 * - a heading must head prose: that rule lives in `sections.ts`.
 *
 * A few short lists remain where a page's words are all there is to go by (calls to action,
 * mastheads, interface messages); they apply to short lines only.
 */
import { monthNumber } from "./dateline.js";
import type { ContentLanguage } from "./language.js";
import { looksLikeHeading } from "./sections.js";

/** Calls to action are short; a long paragraph that mentions Telegram is news, not boilerplate. */
const MAX_CALL_TO_ACTION_CHARS = 250;
/** Headlines listed under "Читайте также" are short; a longer line is the article again. */
const MAX_RELATED_HEADLINE_CHARS = 200;
/** A teaser lead under a related headline is a sentence or two. */
const MAX_TEASER_LEAD_CHARS = 300;
const MAX_CREDIT_CHARS = 150;
/** Mastheads and legal lines of a page footer stay short. */
const MAX_MASTHEAD_CHARS = 200;
/** A line with more words than this is running text, whatever its punctuation. */
const MAX_CHROME_WORDS = 10;
/** A sentence of fewer words ("Все права защищены.", "Регистрация пройдена успешно!") is no paragraph of prose. */
const MIN_PROSE_WORDS = 4;

/** Options of `removeBoilerplate`. */
export interface BoilerplateOptions {
  /** Language of the document: selects the calls to action. Without it, those of every language apply. */
  language?: ContentLanguage;
  /** Normalized lines (see `normalizeLine`) other documents of the same source share: the site's template. */
  repeatedLines?: ReadonlySet<string>;
}

const CALL_TO_ACTION: Readonly<Record<ContentLanguage, (text: string) => boolean>> = {
  ru: (text) => text.length <= MAX_CALL_TO_ACTION_CHARS && RUSSIAN_CALL.test(text) && PLATFORM.test(text),
  en: (text) =>
    text.length <= MAX_CALL_TO_ACTION_CHARS &&
    (ENGLISH_CALL.test(text) || (ENGLISH_NEWSLETTER.test(text) && ENGLISH_NEWSLETTER_VERB.test(text))),
};
const RUSSIAN_CALL =
  /(?<!\p{L})(?:подписывай|подпиш|подписаться|следите|читайте|ищите|присоединяй|смотрите|слушайте|больше новостей|все новости|самое важное|самые интересные|наш(?:ем|и)? (?:канал|telegram|телеграм))/iu;
const PLATFORM =
  /(?:telegram|телеграм|дзен|dzen|(?<!\p{L})zen(?!\p{L})|viber|вайбер|вконтакте|(?<!\p{L})vk(?!\p{L})|одноклассник|(?<!\p{L})max(?!\p{L})|youtube|ютуб|rutube|whatsapp|tiktok|соцсет|(?<!\p{L})канал)/iu;
const ENGLISH_CALL =
  /^(?:subscribe|sign\s+up|join\s+(?:us|our)|follow\s+us|download\s+(?:our|the)\s+app|get\s+(?:our|the)\s+(?:newsletter|app))(?!\p{L})/iu;
/** A newsletter by name, or by what it promises ("… delivered to your inbox"). */
const ENGLISH_NEWSLETTER = /(?<!\p{L})(?:newsletters?|(?:to|in) your inbox)(?!\p{L})/iu;
const ENGLISH_NEWSLETTER_VERB = /(?<!\p{L})(?:sign\s+up|subscribe|get|receive|delivered|inbox)(?!\p{L})/iu;

const TEASER = /(?:>{2,}|»{2,}|→)\s*$/u;
const CREDITS: readonly RegExp[] = [
  /^(?:фото|видео|иллюстрация|инфографика|коллаж|©)(?:\s*:|\s)/iu,
  /^(?:image|photo|photograph|picture|video|illustration|graphic|infographic|photo\s+credit|credit|courtesy)s?\s*:/iu,
  /^(?:photos?|images?)\s+(?:by|courtesy\s+of)\s/iu,
  // The staff line closing agency copy: "Reporting by …; Editing by …".
  /^(?:additional\s+)?(?:reporting|writing|editing)\s+by\s/iu,
  /^our\s+standards\s*:/iu,
];
/** "Иван Петров/ТАСС", "REUTERS/Maria Ivanova", "AP Photo/John Smith": a credit line of names around a slash. */
const SLASH_CREDIT = /^(?:©\s*)?\p{Lu}[\p{L}.'’\- ]{1,40}\s?\/\s?\p{Lu}[\p{L}.'’\- ]{1,40}$/u;
/** Markers that open a block of related links; "по теме" needs a colon or nothing after it. */
const RELATED_MARKER =
  /^(?:(?:читайте|смотрите)\s+(?:также|еще|ещё)|(?:также|ещё|еще|ранее|материалы|новости)\s+по\s+теме|по\s+теме|read\s+more|read\s+also|also\s+read|see\s+also|more\s+on\s+this(?:\s+story)?|related(?:\s+(?:articles|stories|news|coverage))?)(?<rest>.*)$/iu;
const ONE_LINE_RELATED = /^(?:читайте|смотрите|read|also\s+read|see\s+also)/iu;
const SENTENCE_END = /[.!?…]["»”)]*\s*$/u;
const BULLET = /^[-–—•*]\s+/u;

const MARKDOWN_IMAGE = /\[!\[[^\]\n]*\]\([^)\n]*\)\]\([^)\n]*\)|!\[[^\]\n]*\]\([^)\n]*\)/gu;
const MARKDOWN_LINK = /\[([^\]\n]+)\]\((?:[a-z][a-z0-9+.-]*:|\/|#|\.)[^)\n]*\)/giu;
const LINK_ONLY_LINE = /^(?:[-–—•*]\s+)?\[[^\]\n]+\]\([^)\n]+\)$/u;

/** Two humps of lowercase-then-capital in one word ("VKTelegramДзен"), or one across scripts ("ДзенMax"). */
const CAMEL_HUMP = /\p{Ll}\p{Lu}/gu;
const CROSS_SCRIPT_HUMP = /[а-яё][A-Z]|[a-z][А-ЯЁ]/u;
const WEB_ADDRESS =
  /@|https?:\/\/|(?<![\p{L}\d])www\.|(?<![\p{L}\d])[\p{L}\d-]+\.(?:ru|рф|su|by|kz|ua|com|org|net|info|io|tv|me)(?![\p{L}\d])/iu;
const PHONE = /^(?:тел\.?:?\s*|phone:?\s*)?\+?\d[\d\s().\-–]{6,}\d$/iu;
const TIME_OF_DAY = /(?<!\d)\d{1,2}:\d{2}(?!\d)/u;
const AGE_RATING = /^\d{1,2}\s?\+$/u;
/** A publication date: "3 ноября 2025", "Nov 30, 2025", "03.11.2025" (a bare "9 мая" may be a heading). */
const ONLY_DATE =
  /^(?:(?<day>\d{1,2})\s+(?<month>\p{L}{3,9})\.?|(?<month2>\p{L}{3,9})\.?\s+(?<day2>\d{1,2}))(?:,?\s+\d{4}(?:\s*(?:г\.?|года))?)$|^\d{1,2}\.\d{1,2}\.\d{2,4}$/u;
const COPYRIGHT = /©|\(c\)\s*\d{4}/iu;
/** Footer and legal lines of a news site, at any punctuation but short. */
const MASTHEAD =
  /^(?:редакция\s+сайта|все\s+права\s+защищены|при\s+(?:полном\s+или\s+частичном\s+)?(?:цитировании|использовании|перепечатке)|мнение\s+редакции|свидетельство\s+о\s+регистрации|copyright|all\s+rights\s+reserved)(?!\p{L})/iu;
/** Footer lines that could open a news sentence, so only when the line is not prose. */
const SHORT_MASTHEAD = /^(?:главный\s+редактор|учредитель|издатель|сетевое\s+издание|адрес\s+редакции|editor-in-chief|contact\s+us)(?!\p{L})/iu;
/** Buttons of a site's interface: a line that is nothing but one of them. */
const INTERFACE_BUTTON =
  /^(?:войти|вход|выйти|выход|регистрация|авторизация|поделиться|комментарии|печать|меню|поиск|log\s+in|sign\s+in|sign\s+out|register|share|print|comments|menu|search)[.!:]?$/iu;
/** Messages of a site's interface. */
const INTERFACE_MESSAGE =
  /^(?:регистрация\s+(?:пройдена|завершена|прошла)|забыли\s+пароль|восстановить\s+пароль|личный\s+кабинет|нашли\s+(?:ошибку|опечатку)|выделите\s+(?:ее|её|текст)|пожалуйста,\s+перейдите\s+по\s+ссылке|мы\s+используем\s+(?:файлы\s+)?cookie|we\s+use\s+cookies|accept(?:\s+all)?\s+cookies|create\s+(?:an\s+)?account|forgot\s+(?:your\s+)?password|share\s+this(?:\s+(?:article|story))?|перейти\s+(?:в|к|на)|читать\s+(?:далее|полностью)|подробнее$|continue\s+reading|read\s+the\s+full\s+(?:story|article))(?!\p{L})/iu;
/** A photo caption that says so: "…на саммите в Тяньцзине. Архивное фото". */
const CAPTION_END = /(?<!\p{L})(?:архивное\s+фото|иллюстративное\s+фото|фото\s+из\s+архива|file\s+photo|archive\s+photo)\.?$/iu;
/** Captions are a sentence or two. */
const MAX_CAPTION_CHARS = 300;
/** How many non-blank lines after a picture are searched for its credit. */
const MAX_CAPTION_LINES = 2;
const ADVERTISEMENT =
  /^(?:advertisement|advertising|sponsored(?:\s+content)?|реклама|на\s+правах\s+рекламы|партн[её]рский\s+материал|erid\s*:.*)$/iu;

/** A line with its markdown images removed and its links reduced to their text, trimmed. */
export function cleanMarkdown(line: string): string {
  if (!line.includes("](")) return line.trim();
  return line.replace(MARKDOWN_IMAGE, " ").replace(MARKDOWN_LINK, "$1").replace(/\s{2,}/gu, " ").replace(/\s+([.,;:!?])/gu, "$1").trim();
}

/** The form lines are compared in across documents: markdown cleaned, whitespace collapsed. */
export function normalizeLine(line: string): string {
  return cleanMarkdown(line).replace(/\s+/gu, " ");
}

/**
 * Prose: a sentence of a few words or more, or a line too long for anything else. Headings,
 * buttons, credits and counters are not prose.
 */
export function isProse(line: string): boolean {
  const text = line.trim();
  const words = countWords(text);
  return words > MAX_CHROME_WORDS || (words >= MIN_PROSE_WORDS && SENTENCE_END.test(text));
}

/**
 * True for a line that is a call to subscribe/follow, a teaser link, a photo credit or the chrome
 * of a copied web page. `language` selects the calls to action; without it, every language's apply.
 */
export function isBoilerplateLine(line: string, language?: ContentLanguage): boolean {
  const raw = line.trim();
  if (raw === "") return false;
  if (LINK_ONLY_LINE.test(raw)) return true;
  const text = cleanMarkdown(raw);
  // Nothing left once the images are gone: the line was a picture.
  if (text === "" || !/[\p{L}\p{N}]/u.test(text)) return true;
  if (TEASER.test(text)) return true;
  if (text.length <= MAX_CREDIT_CHARS && isCredit(text)) return true;
  if (text.length <= MAX_CAPTION_CHARS && CAPTION_END.test(text)) return true;
  const calls = language ? [CALL_TO_ACTION[language]] : Object.values(CALL_TO_ACTION);
  if (calls.some((isCall) => isCall(text))) return true;
  if (text.length <= MAX_MASTHEAD_CHARS && MASTHEAD.test(text)) return true;
  return !isProse(text) && isChrome(text);
}

/** A photo credit: "Фото: …", "Image: Rosatom", "© Иван Петров/ТАСС", "REUTERS/Maria Ivanova". */
function isCredit(text: string): boolean {
  return CREDITS.some((credit) => credit.test(text)) || (!isProse(text) && SLASH_CREDIT.test(text));
}

/** A line that is nothing but markdown images. */
function isPictureLine(raw: string): boolean {
  return raw.includes("![") && !/[\p{L}\p{N}]/u.test(cleanMarkdown(raw));
}

/**
 * Indexes of photo captions: the lines between a picture and its credit ("![…](…)", "Лидеры
 * стран на саммите", "© Иван Петров/ТАСС").
 */
function captionIndexes(lines: readonly string[]): Set<number> {
  const captions = new Set<number>();
  for (let index = 0; index < lines.length; index += 1) {
    if (!isPictureLine((lines[index] ?? "").trim())) continue;
    const between: number[] = [];
    for (let next = index + 1; next < lines.length && between.length <= MAX_CAPTION_LINES; next += 1) {
      const text = cleanMarkdown((lines[next] ?? "").trim());
      if (text === "") continue;
      if (text.length <= MAX_CREDIT_CHARS && isCredit(text)) {
        for (const caption of between) captions.add(caption);
        break;
      }
      if (text.length > MAX_CAPTION_CHARS) break;
      between.push(next);
    }
  }
  return captions;
}

/** What a line that is not prose may hold only as chrome. */
function isChrome(text: string): boolean {
  if (ADVERTISEMENT.test(text) || INTERFACE_BUTTON.test(text) || INTERFACE_MESSAGE.test(text) || SHORT_MASTHEAD.test(text)) return true;
  if (PHONE.test(text) || AGE_RATING.test(text) || COPYRIGHT.test(text) || WEB_ADDRESS.test(text)) return true;
  if (isOnlyDate(text)) return true;
  if (TIME_OF_DAY.test(text) && countWords(text) <= 6) return true;
  return text.split(/\s+/u).some(isGluedWords);
}

/** "ДзенMaxTelegram", "VKTelegramДзен": buttons whose labels lost the spaces between them. */
function isGluedWords(token: string): boolean {
  return CROSS_SCRIPT_HUMP.test(token) || (token.match(CAMEL_HUMP)?.length ?? 0) >= 2;
}

function isOnlyDate(text: string): boolean {
  const match = ONLY_DATE.exec(text);
  if (!match) return false;
  const month = match.groups?.["month"] ?? match.groups?.["month2"];
  return month === undefined || monthNumber(month) !== undefined;
}

/** Words of a trimmed line, counted up to `MAX_CHROME_WORDS + 1`: past that a line is prose whatever the count. */
function countWords(text: string): number {
  if (text === "") return 0;
  let words = 1;
  for (let index = 0; index < text.length && words <= MAX_CHROME_WORDS; index += 1) {
    const code = text.charCodeAt(index);
    if ((code === 0x20 || code === 0x09) && text.charCodeAt(index + 1) !== code) words += 1;
  }
  return words;
}

/**
 * Normalized lines found in at least `minDocuments` of `documents` (each a document's lines; a
 * line counts once per document). Given the documents of one source, these are its template:
 * menus, footers, share buttons. Prose among them is kept by `removeBoilerplate`; agencies
 * repeat background paragraphs.
 */
export function findRepeatedLines(documents: ReadonlyArray<readonly string[]>, minDocuments = 2): Set<string> {
  const counts = new Map<string, number>();
  for (const lines of documents) {
    const seen = new Set<string>();
    for (const line of lines) {
      const normalized = normalizeLine(line);
      if (normalized === "" || seen.has(normalized)) continue;
      seen.add(normalized);
      counts.set(normalized, (counts.get(normalized) ?? 0) + 1);
    }
  }
  const repeated = new Set<string>();
  for (const [line, count] of counts) if (count >= minDocuments) repeated.add(line);
  return repeated;
}

/** A "Также по теме" block being skipped. */
interface RelatedBlock {
  headlines: number;
  /** Laid out as a web page card (blank lines between its parts, or a linked headline): a teaser lead may follow. */
  card: boolean;
  blankAfterHeadline: boolean;
  leadTaken: boolean;
}

/**
 * Removes boilerplate from the lines of a document (blank lines kept, since they delimit blocks),
 * and strips markdown images and link targets from the lines it keeps.
 *
 * A related-links marker alone on its line ("Также по теме", "Read more:") also takes the
 * headline-like lines after it (short, no final full stop, or links). When the block is laid out
 * as a web page card (a blank line after the marker, or a linked headline) the teaser lead after
 * the headline goes too; in plain text a sentence right after the headlines is the article again.
 *
 * A line of `repeatedLines` that is not prose is dropped, unless it stands as a heading between
 * prose paragraphs (a source's documents share their section names). The caption between a
 * picture and its credit goes with them.
 */
export function removeBoilerplate(lines: readonly string[], options: BoilerplateOptions = {}): string[] {
  const { language, repeatedLines } = options;
  const captions = captionIndexes(lines);
  const kept: string[] = [];
  let related: RelatedBlock | undefined;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    const raw = line.trim();
    if (raw === "") {
      if (related) {
        if (related.headlines === 0) related.card = true;
        else if (related.card && !related.leadTaken) related.blankAfterHeadline = true;
        else related = undefined;
      }
      kept.push("");
      continue;
    }
    const text = cleanMarkdown(raw);
    if (related && continuesRelatedBlock(related, raw, text)) continue;
    related = undefined;
    const marker = RELATED_MARKER.exec(text);
    if (marker) {
      const rest = marker.groups?.["rest"] ?? "";
      if (/^[\s:.…-]*$/u.test(rest)) {
        related = { headlines: 0, card: false, blankAfterHeadline: false, leadTaken: false };
        continue;
      }
      if (ONE_LINE_RELATED.test(text) || /^\s*:/u.test(rest)) continue;
    }
    if (captions.has(index) || isBoilerplateLine(raw, language)) continue;
    if (repeatedLines?.has(normalizeLine(raw)) && !isProse(text) && !isHeadingBetweenProse(lines, index, language)) continue;
    kept.push(text === raw ? line : text);
  }
  return kept;
}

/** Whether the line belongs to the related block being skipped (and updates the block). */
function continuesRelatedBlock(block: RelatedBlock, raw: string, text: string): boolean {
  const isLink = LINK_ONLY_LINE.test(raw);
  if (block.leadTaken) return false;
  if ((block.headlines === 0 || !block.blankAfterHeadline || isLink) && isRelatedHeadline(text, isLink)) {
    block.headlines += 1;
    block.blankAfterHeadline = false;
    if (isLink) block.card = true;
    return true;
  }
  if (block.card && block.headlines > 0 && SENTENCE_END.test(text) && text.length <= MAX_TEASER_LEAD_CHARS) {
    block.leadTaken = true;
    return true;
  }
  return false;
}

function isRelatedHeadline(text: string, isLink: boolean): boolean {
  if (isLink || TEASER.test(text)) return true;
  return text.length <= MAX_RELATED_HEADLINE_CHARS && (BULLET.test(text) || !SENTENCE_END.test(text));
}

/** A heading-like line whose nearest neighbours on both sides, past blank lines and boilerplate, are prose. */
function isHeadingBetweenProse(lines: readonly string[], index: number, language: ContentLanguage | undefined): boolean {
  if (!looksLikeHeading(cleanMarkdown(lines[index] ?? ""))) return false;
  const neighbour = (step: 1 | -1): string => {
    for (let other = index + step; other >= 0 && other < lines.length; other += step) {
      const text = (lines[other] ?? "").trim();
      if (text !== "" && !isBoilerplateLine(text, language)) return cleanMarkdown(text);
    }
    return "";
  };
  return isProse(neighbour(-1)) && isProse(neighbour(1));
}
