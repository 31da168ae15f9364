import { describe, expect, it } from "vitest";
import { isBoilerplateLine, removeBoilerplate } from "../../src/content/boilerplate.js";
import { parseDateline } from "../../src/content/dateline.js";
import { collapseNearDuplicates } from "../../src/content/near-duplicates.js";

describe("isBoilerplateLine", () => {
  it.each([
    "Подписывайтесь на Sputnik в Дзен",
    "Самые интересные и важные новости ищите в нашем Telegram-канале и Viber. Также следите за нами в Дзен!",
    "Читайте нас в Telegram",
    "Подпишитесь на наш канал в MAX",
    "Больше новостей в нашем телеграм-канале",
    "Рыженков: объем торговли Беларуси с Китаем в 2,5 раза больше, чем с ЕС>>>",
    "Беларусь будет поставлять мясо индейки в Китай>>>",
    "Фото: Sputnik / Виктор Толочко",
  ])("drops %s", (line) => {
    expect(isBoilerplateLine(line)).toBe(true);
  });

  it.each([
    "Москва и Пекин продолжат укреплять сотрудничество во всех сферах.",
    "Пресс-секретарь сообщил об этом в своем Telegram-канале, добавив, что переговоры продолжатся.",
    "Экономическое сотрудничество",
    "Стороны договорились читать доклады вместе.",
  ])("keeps %s", (line) => {
    expect(isBoilerplateLine(line)).toBe(false);
  });
});

describe("removeBoilerplate", () => {
  it("removes a «Читайте также» block up to the blank line, keeping the text around it", () => {
    const lines = [
      "Первый абзац статьи.",
      "Читайте также:",
      "Лукашенко оценил уровень сотрудничества с Китаем",
      "- Песков: Путин и Си Цзиньпин находятся в постоянном контакте",
      "",
      "Второй абзац статьи.",
    ];
    expect(removeBoilerplate(lines)).toEqual(["Первый абзац статьи.", "", "Второй абзац статьи."]);
  });

  it("stops a related block at the first real sentence", () => {
    const lines = ["Также по теме", "Заголовок другой новости", "Стороны подписали соглашение."];
    expect(removeBoilerplate(lines)).toEqual(["Стороны подписали соглашение."]);
  });

  it("removes one-line related links but not sentences that merely start like a marker", () => {
    const lines = ["Читайте также: Китай и Россия построят порт", "Также по теме переговоров высказался министр."];
    expect(removeBoilerplate(lines)).toEqual(["Также по теме переговоров высказался министр."]);
  });
});

describe("parseDateline", () => {
  it.each([
    ["МИНСК, 4 ноя – Sputnik. Москва и Пекин продолжат", { place: "МИНСК", day: 4, month: 11, agency: "Sputnik" }, "Москва и Пекин продолжат"],
    ["МОСКВА, 9 августа. /ТАСС/. Президент заявил", { place: "МОСКВА", day: 9, month: 8, agency: "ТАСС" }, "Президент заявил"],
    ["МОСКВА, 10 авг - РИА Новости. Текст новости", { place: "МОСКВА", day: 10, month: 8, agency: "РИА Новости" }, "Текст новости"],
    ["ПЕКИН, 3 ноября - Интерфакс", { place: "ПЕКИН", day: 3, month: 11, agency: "Интерфакс" }, ""],
    ["ПЕКИН, 3 ноября - Интерфакс Китай заявил", { place: "ПЕКИН", day: 3, month: 11, agency: "Интерфакс" }, "Китай заявил"],
    ["НЬЮ-ЙОРК, 12 мая 2024 г. - Рейтер. Текст", { place: "НЬЮ-ЙОРК", day: 12, month: 5, year: 2024, agency: "Рейтер" }, "Текст"],
    ["НИЖНИЙ НОВГОРОД, 1 дек. – БелТА. Текст", { place: "НИЖНИЙ НОВГОРОД", day: 1, month: 12, agency: "БелТА" }, "Текст"],
  ])("reads %s", (paragraph, dateline, rest) => {
    expect(parseDateline(paragraph)).toEqual({ dateline, rest });
  });

  it.each(["Москва, 5 ноября. Россия", "ВВП, 5 процентов – это много.", "МОСКВА, 32 мая – ТАСС. Текст", "МОСКВА, 5 ноль – ТАСС. Текст"])(
    "ignores %s",
    (paragraph) => {
      expect(parseDateline(paragraph)).toBeUndefined();
    },
  );
});

describe("collapseNearDuplicates", () => {
  const lead =
    "В понедельник российский премьер-министр Михаил Мишустин прибыл в Китай с двухдневным визитом и принял участие в 30-й встрече глав правительств двух стран.";
  const fuller =
    "В понедельник российский премьер-министр Михаил Мишустин прибыл в Китай с двухдневным визитом и вместе с премьером Госсовета КНР Ли Цяном принял участие в 30-й регулярной встрече глав правительств двух стран.";
  const other = "Москва и Пекин продолжат укреплять сотрудничество во всех сферах.";

  it("drops the seed's lead in favour of its fuller repetition, wherever the fuller one stands", () => {
    expect(collapseNearDuplicates([lead, other, fuller])).toEqual([other, fuller]);
    expect(collapseNearDuplicates([fuller, other, lead])).toEqual([fuller, other]);
  });

  it("keeps one copy of exact duplicates and leaves distinct or short paragraphs alone", () => {
    expect(collapseNearDuplicates([other, other])).toEqual([other]);
    expect(collapseNearDuplicates(["Да.", "Да."])).toEqual(["Да.", "Да."]);
    expect(collapseNearDuplicates([lead, other])).toEqual([lead, other]);
  });
});
