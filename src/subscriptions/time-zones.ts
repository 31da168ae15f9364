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

/** The time zone a chat most likely lives in, by its locale; UTC for locales not listed. */
const ZONE_GUESSES: Readonly<Record<string, string>> = { ru: "Europe/Moscow", zh: "Asia/Shanghai" };

/** The time zone a chat most likely lives in, from its locale: Moscow time for Russian readers, Beijing time for Chinese ones, else UTC. */
export function guessTimeZone(locale: string): string {
  return ZONE_GUESSES[locale] ?? "UTC";
}

/**
 * Cities as people name them in Russian and Chinese (and English names ICU does not list, such as
 * Beijing), by zone. ICU names each zone after one English city only ("Moscow"), so without these
 * "Москва" or "上海" would not be understood. Matched whole, in any case, ё read as е, hyphens as spaces.
 */
export const CITY_TIME_ZONES: Readonly<Record<string, readonly string[]>> = {
  "Europe/Kaliningrad": ["Калининград", "加里宁格勒"],
  "Europe/Moscow": [
    "Москва",
    "мск",
    "Санкт-Петербург",
    "Петербург",
    "СПб",
    "Питер",
    "Казань",
    "Нижний Новгород",
    "Ростов-на-Дону",
    "Краснодар",
    "Сочи",
    "Воронеж",
    "Мурманск",
    "Saint Petersburg",
    "St. Petersburg",
    "莫斯科",
    "圣彼得堡",
    "聖彼得堡",
  ],
  "Europe/Samara": ["Самара", "Ижевск", "萨马拉"],
  "Europe/Volgograd": ["Волгоград"],
  "Europe/Saratov": ["Саратов"],
  "Europe/Ulyanovsk": ["Ульяновск"],
  "Europe/Astrakhan": ["Астрахань"],
  "Asia/Yekaterinburg": ["Екатеринбург", "Челябинск", "Пермь", "Уфа", "Тюмень", "叶卡捷琳堡"],
  "Asia/Omsk": ["Омск", "鄂木斯克"],
  "Asia/Novosibirsk": ["Новосибирск", "新西伯利亚"],
  "Asia/Barnaul": ["Барнаул"],
  "Asia/Tomsk": ["Томск"],
  "Asia/Novokuznetsk": ["Кемерово", "Новокузнецк"],
  "Asia/Krasnoyarsk": ["Красноярск", "克拉斯诺亚尔斯克"],
  "Asia/Irkutsk": ["Иркутск", "Улан-Удэ", "伊尔库茨克"],
  "Asia/Chita": ["Чита"],
  "Asia/Yakutsk": ["Якутск", "Благовещенск", "雅库茨克"],
  "Asia/Vladivostok": ["Владивосток", "Хабаровск", "符拉迪沃斯托克", "海参崴", "哈巴罗夫斯克"],
  "Asia/Sakhalin": ["Сахалин", "Южно-Сахалинск"],
  "Asia/Magadan": ["Магадан", "马加丹"],
  "Asia/Kamchatka": ["Камчатка", "Петропавловск-Камчатский", "堪察加"],
  "Asia/Anadyr": ["Анадырь", "Чукотка"],
  "Europe/Minsk": ["Минск", "明斯克"],
  "Europe/Kyiv": ["Киев", "Київ", "Kyiv", "基辅"],
  "Europe/Chisinau": ["Кишинёв"],
  "Europe/Riga": ["Рига"],
  "Europe/Vilnius": ["Вильнюс"],
  "Europe/Tallinn": ["Таллин", "Таллинн"],
  "Europe/Helsinki": ["Хельсинки"],
  "Europe/Warsaw": ["Варшава"],
  "Europe/Prague": ["Прага"],
  "Europe/Berlin": ["Берлин", "柏林"],
  "Europe/Paris": ["Париж", "巴黎"],
  "Europe/Rome": ["Рим", "罗马"],
  "Europe/Madrid": ["Мадрид", "马德里"],
  "Europe/London": ["Лондон", "伦敦", "倫敦"],
  "Europe/Istanbul": ["Стамбул", "Анкара", "伊斯坦布尔"],
  "Asia/Tbilisi": ["Тбилиси"],
  "Asia/Yerevan": ["Ереван"],
  "Asia/Baku": ["Баку"],
  "Asia/Almaty": ["Алматы", "Алма-Ата", "Астана", "Astana", "阿拉木图", "阿拉木圖", "阿斯塔纳"],
  "Asia/Tashkent": ["Ташкент", "塔什干"],
  "Asia/Bishkek": ["Бишкек", "比什凯克"],
  "Asia/Dushanbe": ["Душанбе"],
  "Asia/Ashgabat": ["Ашхабад"],
  "Asia/Shanghai": [
    "Пекин",
    "Шанхай",
    "Гуанчжоу",
    "Шэньчжэнь",
    "Харбин",
    "Beijing",
    "Peking",
    "北京",
    "北京时间",
    "北京時間",
    "上海",
    "广州",
    "廣州",
    "深圳",
    "天津",
    "重庆",
    "重慶",
    "成都",
    "武汉",
    "武漢",
    "杭州",
    "南京",
    "西安",
    "哈尔滨",
    "哈爾濱",
    "中国",
    "中國",
  ],
  "Asia/Hong_Kong": ["Гонконг", "香港"],
  "Asia/Macau": ["Макао", "澳门", "澳門"],
  "Asia/Taipei": ["Тайбэй", "台北", "臺北", "台湾", "臺灣"],
  "Asia/Tokyo": ["Токио", "东京", "東京"],
  "Asia/Seoul": ["Сеул", "首尔", "首爾"],
  "Asia/Singapore": ["Сингапур", "新加坡"],
  "Asia/Bangkok": ["Бангкок", "曼谷"],
  "Asia/Dubai": ["Дубай", "迪拜", "杜拜"],
  "Asia/Kolkata": ["Дели", "Нью-Дели", "Мумбаи", "Delhi", "New Delhi", "Mumbai", "新德里"],
  "Asia/Kathmandu": ["Катманду", "加德满都"],
  "America/New_York": ["Нью-Йорк", "Вашингтон", "Washington", "纽约", "紐約", "华盛顿", "華盛頓"],
  "America/Chicago": ["Чикаго", "芝加哥"],
  "America/Los_Angeles": ["Лос-Анджелес", "Сан-Франциско", "San Francisco", "洛杉矶", "旧金山"],
  "America/Toronto": ["Торонто", "多伦多"],
  "Australia/Sydney": ["Сидней", "悉尼"],
};

/** How a city name is compared: "Нью-Йорк", "нью йорк" and "НЬЮ_ЙОРК" read alike, so do "Кишинёв" and "Кишинев", "上海市" and "上海". */
function cityKey(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/ё/gu, "е")
    .replace(/[\s_.\-‐–—]+/gu, " ")
    .trim()
    .replace(/(?<=\p{Script=Han})市$/u, "");
}

const ZONES_BY_LOCAL_CITY = new Map<string, string>(
  Object.entries(CITY_TIME_ZONES).flatMap(([zone, cities]) => cities.map((city): [string, string] => [cityKey(city), zone])),
);

/** Zone names as ICU lists them, by lowercase name and by lowercase city ("new_york"). */
const ZONES_BY_NAME = new Map<string, string>();
const ZONES_BY_CITY = new Map<string, string>();
for (const zone of Intl.supportedValuesOf("timeZone")) {
  ZONES_BY_NAME.set(zone.toLowerCase(), zone);
  const city = zone.slice(zone.lastIndexOf("/") + 1).toLowerCase();
  if (!ZONES_BY_CITY.has(city)) ZONES_BY_CITY.set(city, zone);
}

/**
 * The IANA zone a person means by `text`: "Asia/Kathmandu", "asia/kathmandu", "UTC", a bare city
 * such as "Moscow" or "new york", or one in Russian or Chinese ("Москва", "上海"). Returns the zone
 * with its usual capitalization, or undefined for anything Intl does not know.
 */
export function normalizeTimeZone(text: string): string | undefined {
  const name = text.trim().replace(/\s+/gu, "_");
  if (name === "" || name.length > MAX_ZONE_NAME_CHARS) return undefined;
  const lower = name.toLowerCase();
  const listed =
    ZONES_BY_NAME.get(lower) ??
    (name.includes("/") ? undefined : (ZONES_BY_CITY.get(lower) ?? ZONES_BY_LOCAL_CITY.get(cityKey(text))));
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
