import { describe, expect, it } from "vitest";
import { parseDocument } from "../../src/content/parse-document.js";
import { shippedTopics, TELEGRAM_COMMAND } from "../../src/content/topics-file.js";
import { plainTopicName, topicDescription, topicName } from "../../src/content/topics.js";

const catalog = shippedTopics();
const classifySection = catalog.classify;

describe("the shipped topics (seeds/topics.yaml)", () => {
  it("has the six topics in menu order, overview first", () => {
    expect(catalog.topics.map((topic) => topic.id)).toEqual(["overview", "trade", "tech", "space", "orgs", "arctic"]);
    expect(catalog.overview?.id).toBe("overview");
  });

  it("uses valid, unique Telegram commands", () => {
    const commands = catalog.topics.flatMap((topic) => [topic.command, ...topic.aliases]);
    for (const command of commands) expect(command).toMatch(TELEGRAM_COMMAND);
    expect(new Set(commands).size).toBe(commands.length);
    expect(catalog.find("/ai")?.id).toBe("tech");
    expect(catalog.find("/hitech")?.id).toBe("tech");
    expect(catalog.find("/economy")?.id).toBe("trade");
    expect(catalog.find("/brics")?.id).toBe("orgs");
    expect(catalog.find("/sco")?.id).toBe("orgs");
    expect(catalog.find("/cosmos")?.id).toBe("space");
    expect(catalog.find("/north")?.id).toBe("arctic");
    expect(catalog.find("/news")?.id).toBe("overview");
  });

  it("looks topics up by id", () => {
    expect(catalog.byId("space")?.command).toBe("space");
    expect(catalog.byId("nope")).toBeUndefined();
  });

  it("names every topic in English, Russian and Chinese, and falls back to English", () => {
    const space = catalog.byId("space");
    if (space === undefined) throw new Error("no space topic");
    expect(topicName(space, "ru")).toBe("🚀 Космос");
    expect(topicName(space, "zh")).toBe("🚀 航天");
    expect(topicName(space, "de")).toBe("🚀 Space");
    expect(plainTopicName(space, "ru")).toBe("Космос");
    expect(topicDescription(space, "en")).toBe("space programmes, the Moon, satellites");
    for (const topic of catalog.topics) for (const language of ["en", "ru", "zh"]) expect(topic.name[language], `${topic.id} ${language}`).toBeTruthy();
  });
});

describe("finding the topic a user means", () => {
  const cases: Array<[string, string]> = [
    ["/arctic", "arctic"],
    ["arctic", "arctic"],
    ["Арктика", "arctic"],
    ["/ai@SomeBot", "tech"],
    ["ai", "tech"],
    ["ИИ", "tech"],
    ["космос", "space"],
    ["КОСМИЧЕСКИЕ", "space"],
    ["Космической", "space"],
    ["  Space ", "space"],
    ["航天", "space"],
    ["брикс", "orgs"],
    ["ШОС", "orgs"],
    ["торговля", "trade"],
    ["Экономика", "trade"],
    ["Торговля и экономика", "trade"],
    ["/overview", "overview"],
    ["главное", "overview"],
  ];
  it.each(cases)("%s → %s", (text, id) => {
    expect(catalog.find(text)?.id).toBe(id);
  });

  it.each(["", "/", "погода", "/weather@SomeBot", "и"])("does not match %j", (text) => {
    expect(catalog.find(text)).toBeUndefined();
  });
});

describe("classifySection", () => {
  it("files an article without subheadings under every topic its title and text are about", () => {
    const paragraphs = ["Стороны обсудили новые маршруты.", "Ледоколы проведут караваны судов, грузы пойдут на экспорт."];
    expect(classifySection({ index: 0, heading: null, paragraphs, title: "Арктика: навигация по Севморпути продлится до января", sectionCount: 1 })).toEqual([
      "overview",
      "arctic",
    ]);
    // Without its title the same text is too thin for a topic.
    expect(classifySection({ index: 0, heading: null, paragraphs, sectionCount: 1 })).toEqual(["overview"]);
  });

  it("reads English articles through English keywords", () => {
    const paragraphs = [
      "The first icebreaker-escorted convoy of the season passed the Northern Sea Route, carrying oil and LNG for export.",
      "A satellite will map the ice along the route from orbit.",
    ];
    const topics = classifySection({ index: 0, heading: null, paragraphs, title: "Arctic shipping season opens", sectionCount: 1 });
    expect(topics).toEqual(expect.arrayContaining(["overview", "arctic", "trade"]));
  });

  it("classifies by heading even when the text has no keyword", () => {
    expect(classifySection({ index: 2, heading: "Лунная программа", paragraphs: ["Стороны договорились о сроках."] })[0]).toBe("space");
  });

  it("classifies a section with a neutral heading by its text", () => {
    const paragraphs = [
      "Стороны обсудили запуск спутника и работу на орбите.",
      "Роскосмос подготовит ракету к запуску с космодрома.",
    ];
    expect(classifySection({ index: 1, heading: "Другие договоренности", paragraphs })).toEqual(["space"]);
  });

  it("falls back to overview when nothing matches, and always starts the first section with overview", () => {
    expect(classifySection({ index: 3, heading: "Разное", paragraphs: ["Погода была хорошей."] })).toEqual(["overview"]);
    expect(classifySection({ index: 0, heading: null, paragraphs: ["Стороны обсудили торговлю."] })).toEqual(["overview"]);
    expect(classifySection({ index: 0, heading: "Арктика", paragraphs: ["Текст."] })).toEqual(["overview", "arctic"]);
  });
});

describe("a new article with other headings", () => {
  const article = [
    "Россия и Китай подвели итоги года",
    "",
    "ПЕКИН, 3 ноября - Интерфакс. Стороны обсудили планы сотрудничества на следующий год.",
    "",
    "Лунная программа",
    "",
    "Страны договорились о совместной миссии к южному полюсу. Первый этап запланирован на 2030 год.",
    "",
    "Северный морской путь",
    "",
    "Объем перевозок по маршруту вырос на треть. Стороны обсудили строительство новых судов.",
    "",
    "Товарооборот",
    "",
    "Объем взаимной торговли превысил 200 млрд долл. США. Основу поставок составляют энергоносители.",
    "",
    "Искусственный интеллект",
    "",
    "Стороны создадут совместные лаборатории. Эксперты разработают общие стандарты.",
    "",
    "ШОС и БРИКС",
    "",
    "Стороны будут координировать позиции на встречах объединений.",
  ].join("\n");

  it("lands every section in the right topic", () => {
    const result = parseDocument("001_new.txt", article);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const firstTopics = result.document.sections.map((section) => [section.heading, section.topics[0]]);
    expect(firstTopics).toEqual([
      [null, "overview"],
      ["Лунная программа", "space"],
      ["Северный морской путь", "arctic"],
      ["Товарооборот", "trade"],
      ["Искусственный интеллект", "tech"],
      ["ШОС и БРИКС", "orgs"],
    ]);
    expect(result.document.meta).toEqual({ source: "Интерфакс", place: "ПЕКИН", language: "ru" });
  });
});
