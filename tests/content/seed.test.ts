// The real seed through the whole pipeline: what a reader of the briefings will actually get.
import { beforeAll, describe, expect, it } from "vitest";
import { loadLibrary, type ContentLibrary } from "../../src/content/library.js";
import { SUMMARY_MAX_CHARS, SUMMARY_MAX_SENTENCES, summaryLength } from "../../src/content/summarize.js";
import type { BriefingDocument, Section } from "../../src/content/types.js";
import { SEED_FILE, SEED_ID, SEEDS_DIR } from "./seed-paths.js";

let library: ContentLibrary;
let seed: BriefingDocument;

beforeAll(async () => {
  library = await loadLibrary(SEEDS_DIR);
  const document = library.document(SEED_ID);
  if (!document) throw new Error(`seed ${SEED_ID} did not load: ${JSON.stringify(library.problems)}`);
  seed = document;
});

function sectionByHeading(heading: string | null): Section {
  const section = seed.sections.find((candidate) => candidate.heading === heading);
  if (!section) throw new Error(`no section ${String(heading)}`);
  return section;
}

function allText(section: Section): string {
  return [section.heading ?? "", ...section.paragraphs, ...section.sentences, ...section.summary].join("\n");
}

describe("the seed document", () => {
  it("loads without problems, with title and file", () => {
    expect(library.problems).toEqual([]);
    expect(library.documents.map((document) => document.id)).toEqual([SEED_ID]);
    expect(seed.file).toBe(SEED_FILE);
    expect(seed.title).toBe("Торговля, космос, Арктика, ИИ: итоги встречи глав правительств России и КНР");
  });

  it("takes source and date from the sidecar and the place from the dateline", () => {
    expect(seed.meta).toEqual({ source: "Sputnik Belarus", date: "2025-11-04", place: "МИНСК", language: "ru" });
  });

  it("has the overview and five subheaded sections with stable ids", () => {
    expect(seed.sections.map((section) => section.heading)).toEqual([
      null,
      "Экономическое сотрудничество",
      "Область высоких технологий и ИИ",
      "Космические программы",
      "Сотрудничество в рамках организаций",
      "Мир и стабильность в Арктике",
    ]);
    expect(seed.sections.map((section) => section.id)).toEqual([0, 1, 2, 3, 4, 5].map((index) => `${SEED_ID}:${index}`));
    for (const section of seed.sections) expect(section.hash).toMatch(/^[0-9a-f]{16}$/u);
    expect(new Set(seed.sections.map((section) => section.hash)).size).toBe(6);
  });

  it("removes subscribe calls, teasers and the dateline from every section", () => {
    for (const section of seed.sections) {
      const text = allText(section);
      expect(text).not.toMatch(/Подписывайтесь/u);
      expect(text).not.toMatch(/>>>/u);
      expect(text).not.toMatch(/Sputnik\./u);
      expect(text).not.toMatch(/МИНСК, 4 ноя/u);
      expect(text).not.toMatch(/Telegram-канал/u);
      expect(text).not.toMatch(/Viber|Дзен/u);
    }
  });

  it("starts the overview with the dateline's paragraph and keeps only the fuller copy of the lead", () => {
    const overview = sectionByHeading(null);
    expect(overview.paragraphs[0]).toMatch(/^Москва и Пекин продолжат укреплять сотрудничество во всех сферах/u);
    const visits = overview.paragraphs.filter((paragraph) => paragraph.includes("Мишустин прибыл в Китай"));
    expect(visits).toEqual([
      "В понедельник российский премьер-министр Михаил Мишустин прибыл в Китай с двухдневным визитом и вместе с премьером Госсовета КНР Ли Цяном принял участие в 30-й регулярной встрече глав правительств двух стран.",
    ]);
  });

  it("splits the seed's sentences where a reader would", () => {
    expect(sectionByHeading(null).sentences).toHaveLength(7);
    expect(sectionByHeading("Сотрудничество в рамках организаций").sentences).toHaveLength(3);
    expect(sectionByHeading("Мир и стабильность в Арктике").sentences).toEqual([
      "Москва и Пекин приняли решение содействовать сохранению мира и стабильности в Арктике, а также устойчивому развитию этого региона.",
      "Кроме того, согласно коммюнике, стороны будут продвигать конструктивное сотрудничество на профильных международных площадках, в том числе в рамках Арктического совета.",
    ]);
  });
});

describe("topics of the seed", () => {
  it("gives each subheaded section its topic first and the overview section overview", () => {
    expect(seed.sections.map((section) => section.topics[0])).toEqual(["overview", "trade", "tech", "space", "orgs", "arctic"]);
  });

  it("finds sections by topic", () => {
    expect(library.sectionsForTopic("space").map((section) => section.heading)).toEqual(["Космические программы"]);
    expect(library.sectionsForTopic("overview")[0]?.id).toBe(`${SEED_ID}:0`);
    expect(library.section(`${SEED_ID}:5`)?.heading).toBe("Мир и стабильность в Арктике");
    expect(library.section(`${SEED_ID}:6`)).toBeUndefined();
    expect(library.sections()).toHaveLength(6);
  });
});

describe("summaries of the seed", () => {
  it("are whole sentences of the section, in order, within the budget", () => {
    for (const section of seed.sections) {
      expect(section.summary.length).toBeGreaterThan(0);
      expect(section.summary.length).toBeLessThanOrEqual(SUMMARY_MAX_SENTENCES);
      expect(summaryLength(section.summary)).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
      const positions = section.summary.map((sentence) => section.sentences.indexOf(sentence));
      expect(positions.every((position) => position >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it("keep the space programme facts", () => {
    const summary = sectionByHeading("Космические программы").summary.join(" ");
    expect(summary).toContain("Роскосмосом");
    expect(summary).toContain("Китайской национальной космической администрацией");
    expect(summary).toContain("Международной научной лунной станции");
  });

  it("keep every fact of the high-tech section: the roadmap, the expert council on AI, the world AI organisation", () => {
    const summary = sectionByHeading("Область высоких технологий и ИИ").summary.join(" ");
    expect(summary).toContain("Дорожную карту");
    expect(summary).toContain("Экспертный совет по сотрудничеству в области искусственного интеллекта");
    expect(summary).toContain("Всемирной организации по сотрудничеству в области искусственного интеллекта");
  });

  it("keep the Arctic Council", () => {
    expect(sectionByHeading("Мир и стабильность в Арктике").summary.join(" ")).toContain("Арктического совета");
  });

  it("keep BRICS and SCO for the organizations section", () => {
    const summary = sectionByHeading("Сотрудничество в рамках организаций").summary.join(" ");
    expect(summary).toContain("БРИКС");
    expect(summary).toContain("ШОС");
  });
});
