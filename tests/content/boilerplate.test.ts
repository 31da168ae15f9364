import { describe, expect, it } from "vitest";
import { findRepeatedLines, isBoilerplateLine, removeBoilerplate } from "../../src/content/boilerplate.js";
import { parseDateline } from "../../src/content/dateline.js";
import { collapseNearDuplicates } from "../../src/content/near-duplicates.js";
import { parseDocument, parseDocuments, type ParsedDocument } from "../../src/content/parse-document.js";

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

// Every text below is written for the test, in the style of agency copy and of copied web pages.
describe("site chrome of copied web pages", () => {
  it.each([
    "Рейтинг@Mail.ru",
    "ДзенMaxTelegram",
    "VKTelegramДзен",
    "Редакция сайта ТАСС",
    "Регистрация пройдена успешно!",
    "Забыли пароль?",
    "Нашли ошибку? Выделите текст и нажмите Ctrl+Enter",
    "![Фото](https://cdn.example.ru/images/2025/11/atom.jpg)",
    "[![](https://cdn.example.ru/i/1.png)](https://example.ru/news/1)",
    "Image: Rosatom",
    "Photo: Reuters",
    "Фото: пресс-служба Роскосмоса",
    "© Иван Петров/ТАСС",
    "REUTERS/Maria Ivanova",
    "Петр Сидоров/РИА Новости",
    "Subscribe to our newsletter",
    "Sign up",
    "Sign up for our daily briefing",
    "Follow us on X",
    "Advertisement",
    "Реклама",
    "+7 (495) 123-45-67",
    "info@example.ru",
    "3 ноября 2025, 10:35",
    "3 ноября 2025",
    "03.11.2025",
    "Nov 30, 2025",
    "Поделиться",
    "Войти",
    "Обновлено 10:35",
    "18+",
    "Все права защищены.",
    "Перейти в медиабанк",
    "Лидеры стран ШОС на саммите в Тяньцзине. Архивное фото",
    "Reporting by Ivan Petrov; Editing by John Smith",
    "Copyright 2025 Example Press. All rights reserved.",
  ])("drops %s", (line) => {
    expect(isBoilerplateLine(line)).toBe(true);
  });

  it.each([
    "Регистрация кандидатов завершилась в пятницу.",
    "Subscribers to the service rose by 5% in October.",
    "Photo exhibitions opened in Moscow and Beijing this week.",
    "Image recognition tools were discussed at the forum.",
    "Редакция газеты сообщила, что интервью выйдет в понедельник.",
    "iPhone и MacBook подорожали в России.",
    "Сервис Яндекс.Такси расширил работу в Казани.",
    "Экономическое сотрудничество",
    "Mission to the Moon",
    "Стороны обсудили запуск спутника 3 ноября в 10:35 по московскому времени.",
    "Москва/Пекин: итоги года",
    "Вход в ВТО",
    "Регистрация кандидатов",
    "9 мая",
    "Поиск пропавших моряков",
  ])("keeps %s", (line) => {
    expect(isBoilerplateLine(line)).toBe(false);
  });
});

describe("removeBoilerplate on copied web pages", () => {
  const kept = (lines: string[], options?: Parameters<typeof removeBoilerplate>[1]): string[] =>
    removeBoilerplate(lines, options).filter((line) => line.trim() !== "");

  it("drops the headline and the teaser lead of a «Также по теме» card laid out in paragraphs", () => {
    const lines = [
      "Первый абзац статьи.",
      "",
      "Также по теме",
      "",
      "Путин и Си Цзиньпин обсудили торговлю",
      "",
      "Лидеры двух стран провели переговоры в Пекине.",
      "",
      "Второй абзац статьи.",
    ];
    expect(kept(lines)).toEqual(["Первый абзац статьи.", "Второй абзац статьи."]);
  });

  it("drops a linked headline and its teaser lead", () => {
    const lines = ["Также по теме", "[Росатом и CNNC подписали дорожную карту](https://example.ru/news/1)", "Стороны определили сроки работ.", "", "Текст статьи."];
    expect(kept(lines)).toEqual(["Текст статьи."]);
  });

  it("drops English related links", () => {
    expect(kept(["First paragraph.", "Read more:", "Arctic ice hits a record low", "", "Second paragraph."])).toEqual(["First paragraph.", "Second paragraph."]);
    expect(kept(["Read more: Russia and China sign a port deal", "Second paragraph."])).toEqual(["Second paragraph."]);
    expect(kept(["See also:", "- Talks resume in Geneva", "Second paragraph."])).toEqual(["Second paragraph."]);
  });

  it("removes inline images and keeps the text of links", () => {
    expect(kept(["Стороны подписали ![схема](https://example.ru/s.png) соглашение.", "[Роскосмос](https://www.example.ru/r) и CNSA подписали меморандум."])).toEqual([
      "Стороны подписали соглашение.",
      "Роскосмос и CNSA подписали меморандум.",
    ]);
  });

  it("drops a line that is only a link: navigation, not text", () => {
    expect(kept(["Текст статьи.", "[Все новости раздела](https://example.ru/economy)", "- [Главное за день](https://example.ru/main)"])).toEqual(["Текст статьи."]);
  });

  it("uses the English calls to action for English documents and the Russian ones for Russian documents", () => {
    expect(kept(["Sign up", "Text of the story."], { language: "en" })).toEqual(["Text of the story."]);
    expect(kept(["Подписывайтесь на нас в Дзен", "Текст статьи."], { language: "ru" })).toEqual(["Текст статьи."]);
  });
});

describe("lines repeated across documents of one source", () => {
  const first = [
    "ДзенMaxTelegram",
    "Главное",
    "",
    "Москва и Пекин обсудили поставки энергоносителей на следующий год.",
    "Саммит пройдет в Пекине 31 августа.",
    "",
    "Экономика",
    "",
    "Товарооборот вырос на треть.",
    "",
    "Популярное",
    "Партнеры проекта",
    "+7 (495) 000-00-00",
    "Мы в соцсетях",
  ];
  const second = [
    "Главное",
    "",
    "Стороны договорились о строительстве нового порта.",
    "Саммит пройдет в Пекине 31 августа.",
    "",
    "Экономика",
    "",
    "Инвестиции в проект составят 2 млрд долл.",
    "",
    "Популярное",
    "Партнеры проекта",
    "+7 (495) 000-00-00",
    "Мы в соцсетях",
  ];

  it("finds the lines two documents share", () => {
    const repeated = findRepeatedLines([first, second]);
    expect([...repeated].sort()).toEqual(
      ["+7 (495) 000-00-00", "Главное", "Мы в соцсетях", "Партнеры проекта", "Популярное", "Саммит пройдет в Пекине 31 августа.", "Экономика"].sort(),
    );
    expect(findRepeatedLines([first])).toEqual(new Set());
  });

  it("drops repeated chrome but keeps repeated prose and repeated headings between prose", () => {
    const repeatedLines = findRepeatedLines([first, second]);
    expect(kept(second, { repeatedLines })).toEqual([
      "Стороны договорились о строительстве нового порта.",
      "Саммит пройдет в Пекине 31 августа.",
      "Экономика",
      "Инвестиции в проект составят 2 млрд долл.",
    ]);
  });

  it("looks past boilerplate for the prose around a repeated heading", () => {
    const withTeasers = (lead: string): string[] => [lead, "Другая новость агентства>>>", "", "Экономика", "", "Подписывайтесь на нас в Дзен", "Товарооборот вырос на треть."];
    const repeatedLines = findRepeatedLines([withTeasers("Первая новость о торговле с Китаем."), withTeasers("Вторая новость о торговле с Китаем.")]);
    expect(kept(withTeasers("Первая новость о торговле с Китаем."), { repeatedLines })).toEqual([
      "Первая новость о торговле с Китаем.",
      "Экономика",
      "Товарооборот вырос на треть.",
    ]);
  });

  function kept(lines: string[], options?: Parameters<typeof removeBoilerplate>[1]): string[] {
    return removeBoilerplate(lines, options).filter((line) => line.trim() !== "");
  }
});

function parsed(file: string, text: string, options?: Parameters<typeof parseDocument>[3]): ParsedDocument {
  const result = parseDocument(file, text, undefined, options);
  if (!result.ok) throw new Error(result.problem.reason);
  return result.document;
}

function everything(document: ParsedDocument): string {
  return [document.title, ...document.sections.flatMap((section) => [section.heading ?? "", ...section.paragraphs, ...section.sentences, ...section.summary])].join("\n");
}

describe("a copied Russian news page through the whole pipeline", () => {
  const page = [
    "Рейтинг@Mail.ru",
    "ДзенMaxTelegram",
    "",
    "# Россия и Китай расширят сотрудничество в атомной энергетике",
    "",
    "3 ноября 2026, 10:35",
    "",
    "![Фото](https://cdn.example.ru/images/atom.jpg)",
    "",
    "© Иван Петров/ТАСС",
    "",
    "ХАНЧЖОУ /Китай/, 3 ноября /ТАСС/. Россия и Китай договорились расширить сотрудничество в сфере мирного атома.Крупнейший совместный проект - строительство новых энергоблоков.",
    "",
    "Также по теме",
    "",
    "[Росатом и CNNC подписали дорожную карту](https://example.ru/news/1)",
    "",
    "Стороны определили сроки работ до 2030 года.",
    "",
    "Атомная энергетика",
    "",
    "Программа действовала в 2020-2022 гг. Правительство продлило ее до 2030 года.",
    "",
    "Image: Rosatom",
    "",
    "Регистрация пройдена успешно!",
    "",
    "Редакция сайта ТАСС",
  ].join("\n");

  const document = parsed("tass.md", page, { today: "2026-12-01" });

  it("takes the title from the page's heading, not its chrome", () => {
    expect(document.title).toBe("Россия и Китай расширят сотрудничество в атомной энергетике");
  });

  it("keeps only the article: the lead, one real heading and its text", () => {
    expect(document.sections.map((section) => section.heading)).toEqual([null, "Атомная энергетика"]);
    expect(document.sections.map((section) => section.sentences)).toEqual([
      ["Россия и Китай договорились расширить сотрудничество в сфере мирного атома.", "Крупнейший совместный проект - строительство новых энергоблоков."],
      ["Программа действовала в 2020-2022 гг.", "Правительство продлило ее до 2030 года."],
    ]);
  });

  it("lets no chrome into headings, text or summaries", () => {
    const text = everything(document);
    for (const chrome of ["Рейтинг", "Mail.ru", "ДзенMax", "Редакция", "Регистрация", "Image:", "Петров", "![", "http", "10:35", "CNNC", "Также по теме", "сроки работ"]) {
      expect(text).not.toContain(chrome);
    }
  });

  it("reads the dateline and dates it by today", () => {
    expect(document.meta).toEqual({ source: "ТАСС", place: "ХАНЧЖОУ", date: "2026-11-03", language: "ru" });
    expect(document.language).toBe("ru");
  });
});

describe("a plain-text copy of a news page with a menu and a captioned picture", () => {
  const page = [
    "Главное",
    "Политика",
    "Экономика",
    "В мире",
    "",
    "Лидеры ШОС подписали декларацию в Тяньцзине",
    "",
    "01.09.2025",
    "",
    "![](https://cdn.example.ru/i/sco.jpg)",
    "",
    "Участники встречи в зале переговоров",
    "",
    "© Петр Иванов/РИА Новости",
    "",
    "ТЯНЬЦЗИНЬ (Китай), 1 сен — РИА Новости. Лидеры государств ШОС подписали декларацию по итогам саммита.Документ включает положения о торговле.",
    "",
    "Читайте также:",
    "- Саммит ШОС открылся в Тяньцзине",
    "- Лидеры обсудили банк развития",
    "",
    "Экономическая повестка",
    "",
    "Стороны обсудили расчеты в национальных валютах.",
    "",
    "Поделиться",
    "Комментарии",
    "Новости партнеров",
  ].join("\n");

  it("takes the title after the menu and keeps no caption, credit or button", () => {
    const document = parsed("ria.txt", page, { today: "2025-12-01" });
    expect(document.title).toBe("Лидеры ШОС подписали декларацию в Тяньцзине");
    expect(document.sections.map((section) => [section.heading, section.sentences])).toEqual([
      [null, ["Лидеры государств ШОС подписали декларацию по итогам саммита.", "Документ включает положения о торговле."]],
      ["Экономическая повестка", ["Стороны обсудили расчеты в национальных валютах."]],
    ]);
    expect(document.meta).toEqual({ source: "РИА Новости", place: "ТЯНЬЦЗИНЬ", date: "2025-09-01", language: "ru" });
  });
});

describe("a copied English news page through the whole pipeline", () => {
  const page = [
    "# Russia opens the Arctic shipping season early",
    "Advertisement",
    "MURMANSK, Nov 30 (Reuters) - Russia's nuclear icebreakers began escorting cargo ships along the Northern Sea Route on Monday, officials said.",
    "Subscribe to our newsletter",
    "Sign up",
    "The U.S. Coast Guard is watching the route. Mr. Ivanov said the season would last until Dec. 20 at least.",
    "Read more:",
    "Arctic ice hits a record low",
    "",
    "Image: Rosatom",
  ].join("\n");

  const document = parsed("reuters.md", page, { today: "2026-12-01" });

  it("detects English and keeps only the story", () => {
    expect(document.language).toBe("en");
    expect(document.title).toBe("Russia opens the Arctic shipping season early");
    expect(document.sections).toHaveLength(1);
    expect(document.sections[0]?.sentences).toEqual([
      "Russia's nuclear icebreakers began escorting cargo ships along the Northern Sea Route on Monday, officials said.",
      "The U.S. Coast Guard is watching the route.",
      "Mr. Ivanov said the season would last until Dec. 20 at least.",
    ]);
    const text = everything(document);
    for (const chrome of ["Advertisement", "Subscribe", "Sign up", "Read more", "record low", "Image:", "MURMANSK"]) expect(text).not.toContain(chrome);
  });

  it("reads the Reuters dateline", () => {
    expect(document.meta).toEqual({ source: "Reuters", place: "MURMANSK", date: "2026-11-30", language: "en" });
  });
});

describe("chrome repeated across the documents of one source", () => {
  const story = (title: string, lead: string): string =>
    ["---", "source: Example News", "---", title, "", "Лента новостей", "", lead, "", "Обсудить", "", "Новости партнеров", "Мы используем файлы cookie"].join("\n");
  const first = story("Первая новость", "Москва и Пекин обсудили поставки энергоносителей.");
  const second = story("Вторая новость", "Стороны договорились о строительстве порта.");

  it("alone, a menu line right before the lead looks like a heading", () => {
    expect(parsed("a.txt", first).sections.map((section) => section.heading)).toEqual(["Лента новостей"]);
  });

  it("is dropped by parseDocuments, which sees every document of the source", () => {
    const results = parseDocuments([
      { file: "a.txt", content: first },
      { file: "b.txt", content: second },
      { file: "c.txt", content: story("Третья новость", "Экспорт зерна вырос.").replace("Example News", "Other News") },
    ]);
    const documents = results.map((result) => {
      if (!result.ok) throw new Error(result.problem.reason);
      return result.document;
    });
    expect(documents.map((document) => document.sections.map((section) => [section.heading, section.paragraphs]))).toEqual([
      [[null, ["Москва и Пекин обсудили поставки энергоносителей."]]],
      [[null, ["Стороны договорились о строительстве порта."]]],
      [["Лента новостей", ["Экспорт зерна вырос."]]],
    ]);
  });
});

describe("English newsletter calls", () => {
  it("drops a call that promises the inbox without naming a newsletter, and keeps prose about e-mail", () => {
    expect(isBoilerplateLine("Get the week's most important tech stories delivered to your inbox.", "en")).toBe(true);
    expect(isBoilerplateLine("The ministry said the documents were delivered to the embassy on Monday.", "en")).toBe(false);
  });
});
