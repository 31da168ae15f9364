/**
 * Agency datelines at the start of a paragraph: "МИНСК, 4 ноя – Sputnik.", "МОСКВА, 9 августа. /ТАСС/.",
 * "МОСКВА, 10 авг - РИА Новости.", "ПЕКИН, 3 ноября - Интерфакс". They are metadata, not text.
 */
import type { DatelineMeta } from "./metadata.js";

/** Agencies recognized without a closing dot, longest first so "РИА Новости" wins over a prefix. */
const KNOWN_AGENCIES = [
  "Sputnik Беларусь",
  "Sputnik Казахстан",
  "Sputnik Армения",
  "РИА Новости Крым",
  "РИА Новости",
  "Интерфакс-Украина",
  "Интерфакс-Запад",
  "Интерфакс",
  "ИТАР-ТАСС",
  "ИА REGNUM",
  "Sputnik",
  "ТАСС",
  "БелТА",
  "ПРАЙМ",
  "РБК",
  "Reuters",
  "AFP",
  "Синьхуа",
  "Xinhua",
];

/** Full month names (genitive and nominative); a dateline month must be a 3+ letter prefix of one. */
const MONTH_NAMES: ReadonlyArray<readonly [number, readonly string[]]> = [
  [1, ["января", "январь"]],
  [2, ["февраля", "февраль"]],
  [3, ["марта", "март"]],
  [4, ["апреля", "апрель"]],
  [5, ["мая", "май"]],
  [6, ["июня", "июнь"]],
  [7, ["июля", "июль"]],
  [8, ["августа", "август"]],
  [9, ["сентября", "сентябрь"]],
  [10, ["октября", "октябрь"]],
  [11, ["ноября", "ноябрь"]],
  [12, ["декабря", "декабрь"]],
];
const MIN_MONTH_PREFIX = 3;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/gu, "\\$&");
}

const PLACE = String.raw`(?<place>\p{Lu}[\p{Lu}\-]+(?:[ \-]\p{Lu}[\p{Lu}\-]*){0,3})`;
const DATE = String.raw`(?<day>\d{1,2})\s+(?<month>\p{Ll}{3,8})\.?(?:\s+(?<year>\d{4})(?:\s*(?:г|года)\.?)?)?`;
const KNOWN = KNOWN_AGENCIES.map(escapeRegExp).join("|");
const AGENCY = String.raw`(?:\s*[-–—]\s*(?:(?<known>${KNOWN})(?![\p{L}\-])\.?|(?<generic>[^\s.,/][^.\n/]{0,38}?)\.)|\s*[.,]?\s*/(?<slashed>[^/\n]{2,40})/\.?|\.)`;
const DATELINE = new RegExp(String.raw`^\s*${PLACE}\s*,\s*${DATE}${AGENCY}(?=\s|$)\s*`, "u");

/** A dateline found at the start of a paragraph, and the paragraph without it. */
export interface DatelineMatch {
  dateline: DatelineMeta;
  /** The paragraph text after the dateline (may be empty when the dateline stood alone). */
  rest: string;
}

/** Recognizes an agency dateline at the start of `paragraph`; undefined when there is none. */
export function parseDateline(paragraph: string): DatelineMatch | undefined {
  const match = DATELINE.exec(paragraph);
  const groups = match?.groups;
  if (!match || !groups) return undefined;
  const month = monthNumber(groups["month"] ?? "");
  const day = Number(groups["day"]);
  if (month === undefined || day < 1 || day > 31) return undefined;
  const dateline: DatelineMeta = { place: groups["place"] ?? "", day, month };
  if (groups["year"] !== undefined) dateline.year = Number(groups["year"]);
  const agency = (groups["known"] ?? groups["generic"] ?? groups["slashed"])?.trim();
  if (agency) dateline.agency = agency;
  return { dateline, rest: paragraph.slice(match[0].length).trim() };
}

function monthNumber(word: string): number | undefined {
  const lower = word.toLowerCase();
  if (lower.length < MIN_MONTH_PREFIX) return undefined;
  for (const [number, names] of MONTH_NAMES) {
    if (names.some((name) => name.startsWith(lower))) return number;
  }
  return undefined;
}
