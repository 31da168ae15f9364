/**
 * Agency datelines at the start of a paragraph. They are metadata, not text. Russian agencies:
 * "МИНСК, 4 ноя – Sputnik.", "МОСКВА, 9 августа. /ТАСС/.", "ХАНЧЖОУ /Китай/, 3 ноября /ТАСС/.",
 * "ТЯНЬЦЗИНЬ (Китай), 1 сен — РИА Новости.", "С.-ПЕТЕРБУРГ, 18 июня /ТАСС/.",
 * "Москва. 9 мая. INTERFAX.RU -", "ТАСС, 10 августа." (no place: the agency is not the place).
 * English agencies: "MURMANSK, Nov 30 (Reuters) -", "BEIJING, Dec. 2, 2025 (Xinhua) --",
 * "LONDON (AP) —" (no date). A dateline writes the day and month and usually no year; see
 * `datelineYear` for the year that dates it.
 */
import type { DatelineMeta } from "./metadata.js";

/** Agencies recognized without a closing dot, longest first so "РИА Новости" wins over a prefix. */
const KNOWN_AGENCIES = [
  "Sputnik Беларусь",
  "Sputnik Казахстан",
  "Sputnik Армения",
  "РИА Новости Крым",
  "Ассошиэйтед Пресс",
  "Интерфакс-Украина",
  "Интерфакс-Запад",
  "Франс Пресс",
  "РИА Новости",
  "RIA Novosti",
  "INTERFAX.RU",
  "Интерфакс",
  "ИТАР-ТАСС",
  "ИА REGNUM",
  "Bloomberg",
  "Interfax",
  "Sputnik",
  "Reuters",
  "Рейтер",
  "Синьхуа",
  "Xinhua",
  "Kyodo",
  "Yonhap",
  "БелТА",
  "BelTA",
  "ПРАЙМ",
  "TASS",
  "ТАСС",
  "РБК",
  "AFP",
  "UPI",
  "dpa",
  "AP",
];

/** Full month names, Russian (genitive and nominative) and English; a dateline month is a 3+ letter prefix of one. */
const MONTH_NAMES: ReadonlyArray<readonly [number, readonly string[]]> = [
  [1, ["января", "январь", "january"]],
  [2, ["февраля", "февраль", "february"]],
  [3, ["марта", "март", "march"]],
  [4, ["апреля", "апрель", "april"]],
  [5, ["мая", "май", "may"]],
  [6, ["июня", "июнь", "june"]],
  [7, ["июля", "июль", "july"]],
  [8, ["августа", "август", "august"]],
  [9, ["сентября", "сентябрь", "september"]],
  [10, ["октября", "октябрь", "october"]],
  [11, ["ноября", "ноябрь", "november"]],
  [12, ["декабря", "декабрь", "december"]],
];
const MIN_MONTH_PREFIX = 3;
/**
 * A dateline may be a day ahead of the reference: a story filed on a Moscow or Beijing morning is
 * dated by a day that has not yet begun in UTC.
 */
const DAYS_AHEAD_ALLOWED = 1;
/** How far back `datelineYear` looks for a year (8 covers 29 February across a skipped leap year). */
const MAX_YEARS_BACK = 8;
const DAY_MS = 86_400_000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/gu, "\\$&");
}

/** Place in capitals, with an optional abbreviated first part: "НЬЮ-ЙОРК", "С.-ПЕТЕРБУРГ", "ST. PETERSBURG". */
const PLACE = String.raw`(?<place>(?:\p{Lu}{1,2}\.\s?-?\s?)?\p{Lu}[\p{Lu}'’\-]+(?:[ \-]\p{Lu}[\p{Lu}'’\-]*){0,3})`;
/** Place as a name ("Москва", "Ростов-на-Дону"): only before a known agency, or ordinary text would match. */
const NAMED_PLACE = String.raw`(?<place>\p{Lu}\p{Ll}+(?:[ \-]\p{Lu}?\p{Ll}+){0,3})`;
/** The country or region after the place: "/Китай/", "(Китай)", ", India" (Reuters: "CHENNAI, India, Sept 21"). */
const REGION = String.raw`(?:\s*/[^/\n]{2,40}/|\s*\([^()\n]{2,40}\)|\s*,\s*\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){0,2}(?=\s*,))?`;
/** "3 ноября", "1 дек.", "12 мая 2024 г.", "30 November". */
const DAY_FIRST = String.raw`(?<day>\d{1,2})\s+(?<month>\p{L}{3,9})\.?(?:,?\s+(?<year>\d{4})(?:\s*(?:г|года)\.?)?)?`;
/** "Nov 30", "Dec. 2, 2025". */
const MONTH_FIRST = String.raw`(?<month>\p{L}{3,9})\.?\s+(?<day>\d{1,2})(?:,?\s+(?<year>\d{4}))?`;
const DASH = String.raw`(?:--|[-–—])`;
const KNOWN = KNOWN_AGENCIES.map(escapeRegExp).join("|");
const KNOWN_AGENCY = String.raw`(?<known>${KNOWN})(?![\p{L}\-])`;
/** What follows the date: "– Sputnik.", "- Интерфакс", ". /ТАСС/.", " (Reuters) -", or a lone full stop. */
const AGENCY = String.raw`(?:\s*${DASH}\s*(?:${KNOWN_AGENCY}\.?|(?<generic>[^\s.,/][^.\n/]{0,38}?)\.)|\s*[.,]?\s*/(?<slashed>[^/\n]{2,40})/\.?|\s*\((?<paren>[^()\n]{2,30})\)\s*${DASH}|\.)`;
const END = String.raw`(?=\s|$)\s*`;

const DATELINES: readonly RegExp[] = [DAY_FIRST, MONTH_FIRST].flatMap((date) => [
  // "ТАСС, 10 августа.", "РИА Новости, 5 мая -": first, since the agency is not the place.
  new RegExp(String.raw`^\s*${KNOWN_AGENCY}\s*,\s*${date}\s*(?:\.|${DASH})${END}`, "u"),
  // "МИНСК, 4 ноя – Sputnik.", "ХАНЧЖОУ /Китай/, 3 ноября /ТАСС/.", "MURMANSK, Nov 30 (Reuters) -"
  new RegExp(String.raw`^\s*${PLACE}${REGION}\s*,\s*${date}${AGENCY}${END}`, "u"),
  // "Москва. 9 мая. INTERFAX.RU -", "МОСКВА. 9 мая. INTERFAX.RU -"
  ...[NAMED_PLACE, PLACE].map(
    (place) => new RegExp(String.raw`^\s*${place}${REGION}\s*[.,]\s*${date}\s*[.,]?\s+${KNOWN_AGENCY}\s*(?:${DASH}|\.)${END}`, "u"),
  ),
]);
/** "LONDON (AP) —": no date, so only a known agency in brackets tells it from "NATO (North Atlantic…) —". */
const UNDATED_DATELINE = new RegExp(String.raw`^\s*${PLACE}${REGION}\s*\(${KNOWN_AGENCY}\)\s*${DASH}${END}`, "u");

/** A dateline found at the start of a paragraph, and the paragraph without it. */
export interface DatelineMatch {
  dateline: DatelineMeta;
  /** The paragraph text after the dateline (may be empty when the dateline stood alone). */
  rest: string;
}

/** Every dateline opens with a capital and has a day or a bracketed agency within its first characters. */
const DATELINE_START = /^\s*\p{Lu}[^\n]{0,60}?[\d(]/u;

/** Recognizes an agency dateline at the start of `paragraph`; undefined when there is none. */
export function parseDateline(paragraph: string): DatelineMatch | undefined {
  if (!DATELINE_START.test(paragraph)) return undefined;
  for (const pattern of DATELINES) {
    const match = pattern.exec(paragraph);
    const groups = match?.groups;
    if (!match || !groups) continue;
    const month = monthNumber(groups["month"] ?? "");
    const day = Number(groups["day"]);
    if (month === undefined || day < 1 || day > 31) continue;
    const dateline: DatelineMeta = {};
    if (groups["place"] !== undefined) dateline.place = groups["place"];
    dateline.day = day;
    dateline.month = month;
    if (groups["year"] !== undefined) dateline.year = Number(groups["year"]);
    const agency = (groups["known"] ?? groups["generic"] ?? groups["slashed"] ?? groups["paren"])?.trim();
    if (agency) dateline.agency = agency;
    return { dateline, rest: paragraph.slice(match[0].length).trim() };
  }
  const undated = UNDATED_DATELINE.exec(paragraph);
  if (!undated?.groups) return undefined;
  const dateline: DatelineMeta = { place: undated.groups["place"] ?? "", agency: undated.groups["known"] ?? "" };
  return { dateline, rest: paragraph.slice(undated[0].length).trim() };
}

/**
 * The year of a dateline that writes only day and month: the latest year that puts it at or
 * before `reference` (`YYYY-MM-DD`: the document's declared date, or today), allowing one day
 * ahead for time zones. "20 декабря" read on 10 January is last December, "5 января" this
 * January. Undefined for a day the month never has (31 April) or a malformed reference.
 */
export function datelineYear(date: { day: number; month: number }, reference: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(reference);
  if (!match) return undefined;
  const referenceYear = Number(match[1]);
  const latest = Date.UTC(referenceYear, Number(match[2]) - 1, Number(match[3])) + DAYS_AHEAD_ALLOWED * DAY_MS;
  for (let year = referenceYear + 1; year >= referenceYear - MAX_YEARS_BACK; year -= 1) {
    const time = Date.UTC(year, date.month - 1, date.day);
    const real = new Date(time);
    if (real.getUTCMonth() !== date.month - 1 || real.getUTCDate() !== date.day) continue;
    if (time <= latest) return year;
  }
  return undefined;
}

/** Today's date in UTC as `YYYY-MM-DD`, the reference `datelineYear` uses when nothing declares a date. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The month (1-12) a Russian or English month name or its 3+ letter abbreviation names ("ноя", "Nov", "сентября"). */
export function monthNumber(word: string): number | undefined {
  const lower = word.toLowerCase();
  if (lower.length < MIN_MONTH_PREFIX) return undefined;
  for (const [number, names] of MONTH_NAMES) {
    if (names.some((name) => name.startsWith(lower))) return number;
  }
  return undefined;
}
