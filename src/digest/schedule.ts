/**
 * Wall-clock arithmetic for daily digests: when is "08:00 in Europe/Moscow" next, and which local
 * date does an instant belong to. Pure, no dependencies: time zone offsets come from
 * `Intl.DateTimeFormat`, so the tz database is whatever ICU ships with Node.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** The widest offsets in the tz database are UTC−12 and UTC+14, so a wall time lies within these. */
const MAX_EAST_OFFSET_MS = 14 * 3_600_000;
const MAX_WEST_OFFSET_MS = 12 * 3_600_000;

const LOCAL_TIME_PATTERN = /^(\d{1,2}):(\d{2})$/;

/** Formatters are costly to build and immutable, so one per zone is kept for the process life. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      // h23: some ICU versions print midnight as "24" with hour12: false.
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(ms: number, timeZone: string): WallClock {
  const clock: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    if (part.type in clock) clock[part.type as keyof WallClock] = Number(part.value);
  }
  return clock;
}

/** The zone's UTC offset at an instant, in ms (positive east of Greenwich). */
function offsetAt(ms: number, timeZone: string): number {
  const clock = wallClockAt(ms, timeZone);
  const wallAsUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  // Intl has second resolution, so compare against the instant truncated to the second.
  return wallAsUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The first instant at which the zone's clock shows `wallAsUtc` (a wall time encoded as if it
 * were UTC). On a fall-back day that is the first of the two occurrences; inside a spring-forward
 * gap the wall time never shows, and the answer is the transition, the first valid instant after.
 */
function firstInstantOfWallTime(wallAsUtc: number, timeZone: string): number {
  const earliest = wallAsUtc - MAX_EAST_OFFSET_MS;
  const latest = wallAsUtc + MAX_WEST_OFFSET_MS;
  const offsetBefore = offsetAt(earliest, timeZone);
  const offsetAfter = offsetAt(latest, timeZone);
  const matches = [wallAsUtc - offsetBefore, wallAsUtc - offsetAfter].filter(
    (instant) => instant + offsetAt(instant, timeZone) === wallAsUtc,
  );
  if (matches.length > 0) return Math.min(...matches);

  // A gap: find the transition between the two offsets by bisection (about 27 steps to 1 ms).
  let low = earliest;
  let high = latest;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(middle, timeZone) === offsetBefore) low = middle;
    else high = middle;
  }
  return high;
}

/** True when `name` is an IANA time zone (or an alias such as "UTC") that Intl knows. */
export function isValidTimeZone(name: string): boolean {
  if (name.trim() === "") return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** Normalizes "8:05" or "08:05" to "08:05"; anything else (including "24:00") gives undefined. */
export function parseLocalTime(text: string): string | undefined {
  const match = LOCAL_TIME_PATTERN.exec(text.trim());
  if (match === null) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/** The calendar date ("YYYY-MM-DD") that the wall clock in `timeZone` shows at `ms`. */
export function localDate(ms: number, timeZone: string): string {
  const { year, month, day } = wallClockAt(ms, timeZone);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * The next UTC instant (epoch ms) strictly after `afterMs` at which the wall clock in `timeZone`
 * shows `localTime` ("HH:MM"). A time skipped by a spring-forward change runs at the first valid
 * instant after the gap; a time repeated by a fall-back change runs at its first occurrence only.
 *
 * @throws RangeError for a malformed `localTime` or an unknown `timeZone`.
 */
export function nextRunAt(localTime: string, timeZone: string, afterMs: number): number {
  const normalized = parseLocalTime(localTime);
  if (normalized === undefined) throw new RangeError(`Invalid local time "${localTime}", expected HH:MM`);
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone "${timeZone}"`);
  const hour = Number(normalized.slice(0, 2));
  const minute = Number(normalized.slice(3, 5));

  const today = wallClockAt(afterMs, timeZone);
  const todayAsUtc = Date.UTC(today.year, today.month - 1, today.day);
  // Yesterday is checked too: after a fall-back across midnight the clock may show yesterday again.
  let best = Number.POSITIVE_INFINITY;
  for (let dayOffset = -1; dayOffset <= 2; dayOffset += 1) {
    const wallAsUtc = todayAsUtc + dayOffset * DAY_MS + hour * 60 * MINUTE_MS + minute * MINUTE_MS;
    const instant = firstInstantOfWallTime(wallAsUtc, timeZone);
    if (instant > afterMs && instant < best) best = instant;
  }
  return best;
}
