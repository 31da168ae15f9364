/**
 * What the subscription conversation offers and accepts as a delivery time and time zone. Pure:
 * zone names are checked against what ICU ships with Node, like `src/digest/schedule.ts` does.
 */

/** Delivery times offered as buttons; any other "HH:MM" can be typed. */
export const COMMON_DELIVERY_TIMES: readonly string[] = ["07:00", "08:00", "09:00", "12:00", "18:00", "21:00"];

/** Time zones offered as buttons (after the guess); any other IANA name can be typed. */
export const COMMON_TIME_ZONES: readonly string[] = [
  "Europe/Moscow",
  "Europe/Minsk",
  "Asia/Shanghai",
  "Europe/London",
  "Europe/Berlin",
  "Asia/Almaty",
  "America/New_York",
  "UTC",
];

/** Longer input is not a zone name; the cap also keeps echoing it back short. */
const MAX_ZONE_NAME_CHARS = 64;

/** The time zone a chat most likely lives in, from its locale: Moscow time for Russian readers, else UTC. */
export function guessTimeZone(locale: string): string {
  return locale === "ru" ? "Europe/Moscow" : "UTC";
}

/** Zone names as ICU lists them, by lowercase name and by lowercase city ("new_york"). */
const ZONES_BY_NAME = new Map<string, string>();
const ZONES_BY_CITY = new Map<string, string>();
for (const zone of Intl.supportedValuesOf("timeZone")) {
  ZONES_BY_NAME.set(zone.toLowerCase(), zone);
  const city = zone.slice(zone.lastIndexOf("/") + 1).toLowerCase();
  if (!ZONES_BY_CITY.has(city)) ZONES_BY_CITY.set(city, zone);
}

/**
 * The IANA zone a person means by `text`: "Asia/Kathmandu", "asia/kathmandu", "UTC", or a bare city
 * such as "Moscow" or "new york". Returns the zone with its usual capitalization, or undefined for
 * anything Intl does not know.
 */
export function normalizeTimeZone(text: string): string | undefined {
  const name = text.trim().replace(/\s+/gu, "_");
  if (name === "" || name.length > MAX_ZONE_NAME_CHARS) return undefined;
  const lower = name.toLowerCase();
  const listed = ZONES_BY_NAME.get(lower) ?? (name.includes("/") ? undefined : ZONES_BY_CITY.get(lower));
  if (listed !== undefined) return listed;
  // ICU also accepts aliases it does not list (Asia/Kathmandu, UTC), in any case.
  if (!isKnownToIntl(name)) return undefined;
  return name.includes("/") ? capitalizeZone(name) : name.toUpperCase();
}

/** Checked directly rather than with `isValidTimeZone`, which caches a formatter per spelling it is given. */
function isKnownToIntl(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** "america/new_york" → "America/New_York"; "etc/gmt+3" → "Etc/GMT+3". */
function capitalizeZone(name: string): string {
  return name
    .split("/")
    .map((part) =>
      /^gmt|^utc/iu.test(part)
        ? part.toUpperCase()
        : part.replace(/[\p{L}]+/gu, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()),
    )
    .join("/");
}
