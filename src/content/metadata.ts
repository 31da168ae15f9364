/**
 * Document metadata from three places, strongest first: a sidecar `<name>.meta.json`, a front
 * matter header at the top of the file (`---` / `key: value` lines / `---`), and the agency
 * dateline in the text ("МИНСК, 4 ноя – Sputnik.").
 */
import { datelineYear } from "./dateline.js";
import { measureLanguage } from "./language.js";
import type { DocumentMeta } from "./types.js";

/** Metadata a header or sidecar may declare. `year` dates a dateline that has only day and month. */
export interface DeclaredMeta {
  source?: string;
  date?: string;
  place?: string;
  url?: string;
  language?: string;
  year?: number;
}

/**
 * What an agency dateline says; see `parseDateline` in `dateline.ts`. `day` and `month` come
 * together or not at all ("LONDON (AP) —" has no date); `year` only when the dateline writes it
 * (`mergeMeta` infers a missing one); `place` is absent when the dateline starts with the agency
 * ("ТАСС, 10 августа.").
 */
export interface DatelineMeta {
  place?: string;
  day?: number;
  /** 1-12. */
  month?: number;
  year?: number;
  agency?: string;
}

/** Parsed front matter and the text after it, or why the header is malformed. */
export type FrontMatterResult = { ok: true; meta: DeclaredMeta; body: string } | { ok: false; reason: string };

/** Parsed sidecar metadata, or why it is unusable. */
export type DeclaredMetaResult = { ok: true; meta: DeclaredMeta } | { ok: false; reason: string };

const FRONT_MATTER_FENCE = "---";
/** A header longer than this is a stray `---` rule, not metadata; refuse rather than eat the article. */
const MAX_FRONT_MATTER_LINES = 40;
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

const KEY_VALUE_LINE = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/u;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/u;

/**
 * Splits an optional front matter header off `text`. Text that does not start with `---` has no
 * header and is returned unchanged.
 */
export function parseFrontMatter(text: string): FrontMatterResult {
  const lines = text.split("\n");
  let first = 0;
  while (first < lines.length && (lines[first] ?? "").trim() === "") first += 1;
  if ((lines[first] ?? "").trim() !== FRONT_MATTER_FENCE) return { ok: true, meta: {}, body: text };

  const closing = lines.findIndex((line, index) => index > first && line.trim() === FRONT_MATTER_FENCE);
  if (closing === -1 || closing - first > MAX_FRONT_MATTER_LINES) {
    return { ok: false, reason: `metadata header opened with "---" on line ${first + 1} is never closed` };
  }
  const fields: Record<string, string> = {};
  for (let index = first + 1; index < closing; index += 1) {
    const line = (lines[index] ?? "").trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = KEY_VALUE_LINE.exec(line);
    if (!match) return { ok: false, reason: `metadata header line ${index + 1} is not "key: value": ${truncate(line)}` };
    fields[(match[1] ?? "").toLowerCase()] = unquote(match[2] ?? "");
  }
  const checked = checkDeclaredMeta(fields, "metadata header");
  if (!checked.ok) return checked;
  return { ok: true, meta: checked.meta, body: lines.slice(closing + 1).join("\n") };
}

/** Parses the JSON text of a sidecar `<name>.meta.json`; `sidecarFile` names it in the reason. */
export function parseSidecar(json: string, sidecarFile: string): DeclaredMetaResult {
  let value: unknown;
  try {
    value = JSON.parse(json.replace(/^\uFEFF/u, ""));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `sidecar ${sidecarFile} is not valid JSON (${detail})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, reason: `sidecar ${sidecarFile} must hold a JSON object` };
  }
  const fields: Record<string, string> = {};
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === "string") fields[key.toLowerCase()] = field.trim();
    else if (typeof field === "number" && key === "year") fields[key] = String(field);
    else if (field !== null && isKnownKey(key)) {
      return { ok: false, reason: `sidecar ${sidecarFile}: "${key}" must be a string` };
    }
  }
  return checkDeclaredMeta(fields, `sidecar ${sidecarFile}`);
}

/**
 * Merges metadata, strongest first: sidecar, header, dateline. The dateline's day and month
 * become the date when a year is known: from the dateline itself, the sidecar or the header, or
 * else the year that puts the dateline at or before the declared date or `today` (see
 * `datelineYear`), so that "newest first" holds for agency copy that writes no year. Without
 * `today` (and no declared date) a dateline without a year gives no date.
 */
export function mergeMeta(options: {
  sidecar?: DeclaredMeta;
  header?: DeclaredMeta;
  dateline?: DatelineMeta;
  /** Used when neither the sidecar nor the header names the language. */
  detectedLanguage: string;
  /** `YYYY-MM-DD`: the reference for a dateline without a year when nothing declares a date. */
  today?: string;
}): DocumentMeta {
  const { sidecar = {}, header = {}, dateline } = options;
  const meta: DocumentMeta = { language: sidecar.language ?? header.language ?? options.detectedLanguage };
  const source = sidecar.source ?? header.source ?? dateline?.agency;
  if (source !== undefined) meta.source = source;
  const declaredDate = sidecar.date ?? header.date;
  const reference = declaredDate ?? options.today;
  const day = dateline?.day;
  const month = dateline?.month;
  const year =
    sidecar.year ??
    header.year ??
    dateline?.year ??
    (day !== undefined && month !== undefined && reference !== undefined ? datelineYear({ day, month }, reference) : undefined);
  const datelineDate = day !== undefined && month !== undefined && year !== undefined ? isoDate(year, month, day) : undefined;
  const date = declaredDate ?? datelineDate;
  if (date !== undefined) meta.date = date;
  const place = sidecar.place ?? header.place ?? dateline?.place;
  if (place !== undefined) meta.place = place;
  const url = sidecar.url ?? header.url;
  if (url !== undefined) meta.url = url;
  return meta;
}

/** `YYYY-MM-DD` for a real calendar date, undefined for impossible ones (31 February). */
export function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * The language of a text for `DocumentMeta.language`: "ru" or "en" by the stop-word test of
 * `language.ts`, "und" for text without letters.
 */
export function detectLanguage(text: string): string {
  return measureLanguage(text).language ?? "und";
}

const KNOWN_KEYS = ["source", "date", "place", "url", "language", "year"] as const;

function isKnownKey(key: string): boolean {
  return (KNOWN_KEYS as readonly string[]).includes(key.toLowerCase());
}

/** Validates known keys (unknown keys are ignored so sidecars can carry more later). */
function checkDeclaredMeta(fields: Record<string, string>, where: string): DeclaredMetaResult {
  const meta: DeclaredMeta = {};
  const { source, date, place, url, language, year } = fields;
  if (source !== undefined && source !== "") meta.source = source;
  if (place !== undefined && place !== "") meta.place = place;
  if (date !== undefined && date !== "") {
    const match = ISO_DATE.exec(date);
    const valid = match && isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
    if (!valid) return { ok: false, reason: `${where}: date "${date}" is not a real YYYY-MM-DD date` };
    meta.date = valid;
  }
  if (url !== undefined && url !== "") {
    if (!isHttpUrl(url)) return { ok: false, reason: `${where}: url "${truncate(url)}" is not an http(s) URL` };
    meta.url = url;
  }
  if (language !== undefined && language !== "") {
    if (!LANGUAGE_TAG.test(language)) return { ok: false, reason: `${where}: language "${language}" is not a language tag like "ru"` };
    meta.language = language;
  }
  if (year !== undefined && year !== "") {
    const number = Number(year);
    if (!Number.isInteger(number) || number < MIN_YEAR || number > MAX_YEAR) {
      return { ok: false, reason: `${where}: year "${year}" is not a year between ${MIN_YEAR} and ${MAX_YEAR}` };
    }
    meta.year = number;
  }
  return { ok: true, meta };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function unquote(value: string): string {
  const trimmed = value.trim();
  const quoted = /^(["'])(.*)\1$/u.exec(trimmed);
  return quoted ? (quoted[2] ?? "") : trimmed;
}

const MAX_QUOTED_CHARS = 60;

function truncate(text: string): string {
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
}
