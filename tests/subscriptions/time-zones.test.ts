/** Zone names as people type them (in Russian and Chinese too) and the zone guessed from a locale. */
import { describe, expect, it } from "vitest";
import { CITY_TIME_ZONES, COMMON_TIME_ZONES, guessTimeZone, normalizeTimeZone } from "../../src/subscriptions/time-zones.js";

describe("zone names and city names for time zones", () => {
  it.each([
    ["Europe/Moscow", "Europe/Moscow"],
    ["  europe/moscow ", "Europe/Moscow"],
    ["Asia/Kathmandu", "Asia/Kathmandu"],
    ["asia/kathmandu", "Asia/Kathmandu"],
    ["UTC", "UTC"],
    ["utc", "UTC"],
    ["new york", "America/New_York"],
    ["America/New_York", "America/New_York"],
    ["Москва", "Europe/Moscow"],
    ["москва", "Europe/Moscow"],
    ["МОСКВА", "Europe/Moscow"],
    ["мск", "Europe/Moscow"],
    ["Санкт-Петербург", "Europe/Moscow"],
    ["санкт петербург", "Europe/Moscow"],
    ["Петербург", "Europe/Moscow"],
    ["Нижний Новгород", "Europe/Moscow"],
    ["Калининград", "Europe/Kaliningrad"],
    ["Самара", "Europe/Samara"],
    ["Екатеринбург", "Asia/Yekaterinburg"],
    ["Омск", "Asia/Omsk"],
    ["Новосибирск", "Asia/Novosibirsk"],
    ["Красноярск", "Asia/Krasnoyarsk"],
    ["Иркутск", "Asia/Irkutsk"],
    ["Якутск", "Asia/Yakutsk"],
    ["Владивосток", "Asia/Vladivostok"],
    ["Магадан", "Asia/Magadan"],
    ["Камчатка", "Asia/Kamchatka"],
    ["Петропавловск-Камчатский", "Asia/Kamchatka"],
    ["Минск", "Europe/Minsk"],
    ["Киев", "Europe/Kyiv"],
    ["Алматы", "Asia/Almaty"],
    ["Астана", "Asia/Almaty"],
    ["Ташкент", "Asia/Tashkent"],
    ["Бишкек", "Asia/Bishkek"],
    ["Пекин", "Asia/Shanghai"],
    ["Шанхай", "Asia/Shanghai"],
    ["Лондон", "Europe/London"],
    ["Берлин", "Europe/Berlin"],
    ["Париж", "Europe/Paris"],
    ["Нью-Йорк", "America/New_York"],
    ["нью йорк", "America/New_York"],
    ["Токио", "Asia/Tokyo"],
    ["Дубай", "Asia/Dubai"],
    // ё and е are one letter to most people typing Russian.
    ["Кишинёв", "Europe/Chisinau"],
    ["Кишинев", "Europe/Chisinau"],
    ["北京", "Asia/Shanghai"],
    ["上海", "Asia/Shanghai"],
    ["上海市", "Asia/Shanghai"],
    ["北京时间", "Asia/Shanghai"],
    ["香港", "Asia/Hong_Kong"],
    ["台北", "Asia/Taipei"],
    ["臺北", "Asia/Taipei"],
    ["莫斯科", "Europe/Moscow"],
    ["Beijing", "Asia/Shanghai"],
    // English cities ICU names a zone after keep working.
    ["Moscow", "Europe/Moscow"],
    ["hong kong", "Asia/Hong_Kong"],
  ])("reads %j as %s", (text, zone) => {
    expect(normalizeTimeZone(text)).toBe(zone);
  });

  it.each(["Мосва", "Москва-сити", "上", "海上", "Марс", "", "Mars/Olympus_Mons", "08:00", "Europe/", "x".repeat(100)])("does not guess at %j", (text) => {
    expect(normalizeTimeZone(text)).toBeUndefined();
  });

  it("names every zone it offers as a button in Russian and in Chinese", () => {
    const cyrillic = /\p{Script=Cyrillic}/u;
    const han = /\p{Script=Han}/u;
    for (const zone of COMMON_TIME_ZONES.filter((offered) => offered !== "UTC")) {
      const cities = CITY_TIME_ZONES[zone] ?? [];
      expect(cities.some((city) => cyrillic.test(city)), zone).toBe(true);
      expect(cities.some((city) => han.test(city)), zone).toBe(true);
      expect(normalizeTimeZone(zone)).toBe(zone);
    }
  });

  it("maps every listed city to a zone Intl knows, and no name to two zones", () => {
    const seen = new Map<string, string>();
    for (const [zone, cities] of Object.entries(CITY_TIME_ZONES)) {
      expect(() => new Intl.DateTimeFormat("en-US", { timeZone: zone }), zone).not.toThrow();
      for (const city of cities) {
        expect(seen.get(city.toLowerCase()), city).toBeUndefined();
        seen.set(city.toLowerCase(), zone);
        expect(normalizeTimeZone(city), city).toBe(zone);
      }
    }
  });
});

describe("the zone guessed from the locale", () => {
  it("is Moscow time for Russian, Beijing time for Chinese and UTC otherwise", () => {
    expect(guessTimeZone("ru")).toBe("Europe/Moscow");
    expect(guessTimeZone("zh")).toBe("Asia/Shanghai");
    expect(guessTimeZone("en")).toBe("UTC");
    expect(guessTimeZone("de")).toBe("UTC");
  });
});
