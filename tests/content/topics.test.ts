import { describe, expect, it } from "vitest";
import { parseDocument } from "../../src/content/parse-document.js";
import { TELEGRAM_COMMAND, TOPICS, classifySection, findTopic, topicById } from "../../src/content/topics.js";
import type { TopicId } from "../../src/content/types.js";

describe("topic registry", () => {
  it("has the six topics in menu order, overview first", () => {
    expect(TOPICS.map((topic) => topic.id)).toEqual(["overview", "trade", "tech", "space", "orgs", "arctic"]);
  });

  it("uses valid, unique Telegram commands", () => {
    const commands = TOPICS.flatMap((topic) => [topic.command, ...topic.aliases]);
    for (const command of commands) expect(command).toMatch(TELEGRAM_COMMAND);
    expect(new Set(commands).size).toBe(commands.length);
    expect(findTopic("/ai")?.id).toBe("tech");
    expect(findTopic("/hitech")?.id).toBe("tech");
    expect(findTopic("/economy")?.id).toBe("trade");
    expect(findTopic("/brics")?.id).toBe("orgs");
    expect(findTopic("/sco")?.id).toBe("orgs");
    expect(findTopic("/cosmos")?.id).toBe("space");
    expect(findTopic("/north")?.id).toBe("arctic");
    expect(findTopic("/news")?.id).toBe("overview");
  });

  it("looks topics up by id", () => {
    expect(topicById("space").command).toBe("space");
    expect(topicById("nope")).toBeUndefined();
  });
});

describe("findTopic", () => {
  const cases: Array<[string, TopicId]> = [
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
    ["брикс", "orgs"],
    ["ШОС", "orgs"],
    ["торговля", "trade"],
    ["Экономика", "trade"],
    ["/overview", "overview"],
  ];
  it.each(cases)("%s → %s", (text, id) => {
    expect(findTopic(text)?.id).toBe(id);
  });

  it.each(["", "/", "погода", "/weather@SomeBot", "и"])("does not match %j", (text) => {
    expect(findTopic(text)).toBeUndefined();
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
