import { describe, expect, it } from "vitest";
import { buildLibrary } from "../../src/content/library.js";
import { parseTopics, RESERVED_COMMANDS, shippedTopics, TopicsFileError } from "../../src/content/topics-file.js";

/** A newsroom's own topics: sport and culture, English and Russian. */
const NEWSROOM_TOPICS = `
- id: sport
  command: sport
  aliases: [football]
  name: { en: "⚽ Sport", ru: "⚽ Спорт" }
  description: { en: "football, hockey, the Olympics", ru: "футбол, хоккей, Олимпиада" }
  keywords: [матч, турнир, чемпионат, сборная, match, tournament, championship]
- id: culture
  command: culture
  name: { en: Culture }
  keywords: [театр, выставка, музей, премьера, theatre, exhibition, museum]
`;

function errorOf(source: string): string {
  try {
    parseTopics(source, "seeds/topics.yaml");
  } catch (error) {
    if (error instanceof TopicsFileError) return error.message;
    throw error;
  }
  throw new Error("the topics were accepted");
}

describe("reading topics.yaml", () => {
  it("reads a newsroom's own topics with their defaults", () => {
    const catalog = parseTopics(NEWSROOM_TOPICS, "seeds/topics.yaml");
    expect(catalog.topics.map((topic) => topic.id)).toEqual(["sport", "culture"]);
    expect(catalog.byId("culture")).toEqual({
      id: "culture",
      command: "culture",
      aliases: [],
      name: { en: "Culture" },
      description: {},
      keywords: ["театр", "выставка", "музей", "премьера", "theatre", "exhibition", "museum"],
      overview: false,
    });
    expect(catalog.overview).toBeUndefined();
    expect(catalog.find("/football")?.id).toBe("sport");
    expect(catalog.find("Спорт")?.id).toBe("sport");
    expect(catalog.find("хоккей")?.id).toBe("sport");
  });

  it("sorts sections by the topic's keywords, name and description, and files nothing off-topic without an overview", () => {
    const catalog = parseTopics(NEWSROOM_TOPICS, "seeds/topics.yaml");
    // "хоккей" and "Олимпиада" are only in the description, "спорт" only in the name.
    const sport = catalog.classify({
      index: 0,
      heading: null,
      paragraphs: ["Хоккейный клуб готовится к Олимпиаде.", "Спорт вернулся на главную арену страны.", "Хоккеисты провели сбор."],
      title: "Хоккей: подготовка к Олимпиаде",
      sectionCount: 1,
    });
    expect(sport).toEqual(["sport"]);
    expect(catalog.classify({ index: 0, heading: null, paragraphs: ["Курс рубля не изменился."], title: "Рынки", sectionCount: 1 })).toEqual([]);
  });

  it("changes the fingerprint with the content only", () => {
    expect(parseTopics(NEWSROOM_TOPICS, "a").fingerprint).toBe(parseTopics(NEWSROOM_TOPICS, "b").fingerprint);
    expect(parseTopics(`${NEWSROOM_TOPICS}\n# edited\n`, "a").fingerprint).not.toBe(parseTopics(NEWSROOM_TOPICS, "a").fingerprint);
    expect(shippedTopics().fingerprint).toMatch(/^[0-9a-f]{16}$/u);
  });
});

describe("a topics file that cannot be used names the file, the topic and the field", () => {
  it.each([
    ["a bad command", `- { id: space, command: "Space!", name: { en: Space } }`, 'seeds/topics.yaml: topic "space" (#1), field command: must be a Telegram command'],
    ["a bad alias", `- { id: space, command: space, aliases: [ok, "no way"], name: { en: Space } }`, 'topic "space" (#1), field aliases.1: must be a Telegram command'],
    ["a missing name", `- { id: space, command: space }`, 'topic "space" (#1), field name: is required'],
    ["a name without the default language", `- { id: space, command: space, name: { ru: Космос } }`, 'topic "space" (#1), field name: needs a name in en'],
    ["an empty name", `- { id: space, command: space, name: { en: "  " } }`, 'topic "space" (#1), field name.en: must not be empty'],
    ["a misspelt field", `- { id: space, command: space, name: { en: Space }, keyword: [moon] }`, 'topic "space" (#1), field keyword: is not a topic field'],
    ["a topic without an id", `- { command: space, name: { en: Space } }`, "topic #1, field id:"],
    ["no topic at all", `[]`, "must list at least one topic"],
    ["not a list", `space: { command: space }`, 'seeds/topics.yaml: must be a list of topics, each starting with "- id:"'],
  ])("%s", (_what, source, expected) => {
    expect(errorOf(source)).toContain(expected);
  });

  it("refuses a command or alias two topics share", () => {
    const message = errorOf(`
- { id: space, command: space, aliases: [moon], name: { en: Space } }
- { id: moon, command: moon, name: { en: Moon } }
- { id: luna, command: luna, aliases: [space], name: { en: Luna } }
`);
    expect(message).toContain('seeds/topics.yaml: topic "moon" (#2), field command: /moon is already a command of topic "space"');
    expect(message).toContain('topic "luna" (#3), field aliases.0: /space is already a command of topic "space"');
  });

  it("refuses the bot's own commands", () => {
    expect(RESERVED_COMMANDS.has("start")).toBe(true);
    expect(errorOf(`- { id: help_desk, command: help, name: { en: Help desk } }`)).toContain(
      'topic "help_desk" (#1), field command: /help is one of the bot\'s own commands',
    );
    expect(errorOf(`- { id: news, command: news, aliases: [start], name: { en: News } }`)).toContain("field aliases.0: /start is one of the bot's own commands");
  });

  it("refuses two topics with one id, and two overviews", () => {
    const message = errorOf(`
- { id: all, command: all, overview: true, name: { en: All } }
- { id: all, command: everything, overview: true, name: { en: Everything } }
`);
    expect(message).toContain('topic "all" (#2), field id: "all" is already the id of topic #1');
    expect(message).toContain('field overview: topic "all" is already the overview');
  });

  it("reports YAML syntax errors with their line", () => {
    expect(errorOf(`- id: space\n  command: [unclosed\n`)).toMatch(/^seeds\/topics\.yaml: .*line/mu);
  });

  it("lists every problem, one per line", () => {
    const message = errorOf(`
- { id: a, command: "A", name: { en: A } }
- { id: b, command: b }
`);
    expect(message.split("\n")).toHaveLength(2);
  });
});

describe("the library and its topics file", () => {
  const article = { file: "001_match.txt", content: "Сборная выиграла турнир\n\nМатч чемпионата завершился победой сборной. Турнир собрал рекордную аудиторию. Чемпионат продолжится в мае.\n" };

  it("sorts the folder's documents into the folder's topics", () => {
    const library = buildLibrary([{ file: "topics.yaml", content: NEWSROOM_TOPICS }, article]);
    expect(library.topics.topics.map((topic) => topic.id)).toEqual(["sport", "culture"]);
    expect(library.sectionsForTopic("sport").map((section) => section.documentId)).toEqual(["001_match"]);
    expect(library.problems).toEqual([]);
  });

  it("uses the shipped topics when the folder has none", () => {
    expect(buildLibrary([article]).topics.fingerprint).toBe(shippedTopics().fingerprint);
  });

  it("throws on a broken topics file, or keeps the fallback topics and reports the file", () => {
    const broken = { file: "topics.yaml", content: "- { id: sport, command: help, name: { en: Sport } }" };
    expect(() => buildLibrary([broken, article], { folder: "news" })).toThrow(/news\/topics\.yaml: topic "sport" \(#1\), field command/u);
    const fallback = parseTopics(NEWSROOM_TOPICS, "old");
    const library = buildLibrary([broken, article], { fallbackTopics: fallback });
    expect(library.topics).toBe(fallback);
    expect(library.problems).toEqual([{ file: "topics.yaml", reason: expect.stringContaining("/help is one of the bot's own commands") }]);
    expect(library.sectionsForTopic("sport")).toHaveLength(1);
  });
});

describe("the README's example topics file", () => {
  it("is a valid topics file", async () => {
    const { readFile } = await import("node:fs/promises");
    const readme = await readFile("README.md", "utf8");
    const section = readme.slice(readme.indexOf("### Your own topics and documents"));
    const example = /```yaml\n([\s\S]*?)```/u.exec(section)?.[1];
    expect(example).toBeDefined();
    const catalog = parseTopics(example ?? "", "README.md");
    expect(catalog.topics.map((topic) => topic.command)).toEqual(["overview", "sport", "culture"]);
    expect(catalog.find("/hockey")?.id).toBe("sport");
  });
});
