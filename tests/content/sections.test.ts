import { describe, expect, it } from "vitest";
import { looksLikeHeading, plainHeadingText, splitSections } from "../../src/content/sections.js";

describe("looksLikeHeading", () => {
  it.each(["Экономическое сотрудничество", "Область высоких технологий и ИИ", "Мир и стабильность в Арктике", "2026 год"])(
    "accepts %s",
    (line) => expect(looksLikeHeading(line)).toBe(true),
  );

  it.each([
    "Также Россия и Китай будут помогать друг другу.",
    "Итоги:",
    "Беларусь будет поставлять мясо индейки в Китай>>>",
    'Он назвал это "прорывом"',
    "строчная строка без точки",
    "Очень длинная строка без точки в конце, в которой больше десяти слов и которая поэтому не заголовок",
  ])("rejects %s", (line) => expect(looksLikeHeading(line)).toBe(false));
});

describe("splitSections", () => {
  it("puts text before the first subheading in the overview and splits at subheadings", () => {
    const lines = ["Вводный абзац.", "", "Экономика", "", "Первый абзац.", "Второй абзац.", "", "## Космос", "Третий абзац."];
    expect(splitSections(lines)).toEqual([
      { heading: null, paragraphs: ["Вводный абзац."] },
      { heading: "Экономика", paragraphs: ["Первый абзац.", "Второй абзац."] },
      { heading: "Космос", paragraphs: ["Третий абзац."] },
    ]);
  });

  it("keeps a document without subheadings as one section and drops a closing short line: a heading must head prose", () => {
    expect(splitSections(["Один абзац.", "Другой абзац.", "Пресс-служба МИД"])).toEqual([
      { heading: null, paragraphs: ["Один абзац.", "Другой абзац."] },
    ]);
  });

  it("starts with a headed section when there is no text before the first subheading", () => {
    expect(splitSections(["Космос", "Текст о космосе."])).toEqual([{ heading: "Космос", paragraphs: ["Текст о космосе."] }]);
  });

  it("joins wrapped lines of one paragraph", () => {
    expect(splitSections(["Строка, перенесенная", "посреди предложения.", "Новый абзац."])).toEqual([
      { heading: null, paragraphs: ["Строка, перенесенная посреди предложения.", "Новый абзац."] },
    ]);
  });
});

// Lines written for the test, in the style of copied news pages.
describe("splitSections: a heading must head prose", () => {
  it("drops heading candidates followed by no prose paragraph: menus, footers, link lists", () => {
    const lines = ["Текст статьи.", "", "Популярное", "Самое читаемое", "", "Редакция сайта", "Партнеры проекта"];
    expect(splitSections(lines)).toEqual([{ heading: null, paragraphs: ["Текст статьи."] }]);
  });

  it("keeps the last of a run of heading candidates when prose follows it", () => {
    const lines = ["Вводный абзац.", "", "Главное", "Экономика", "", "Товарооборот вырос на треть.", "", "## Ссылки", "", "## Космос", "Роскосмос запустит ракету."];
    expect(splitSections(lines)).toEqual([
      { heading: null, paragraphs: ["Вводный абзац."] },
      { heading: "Экономика", paragraphs: ["Товарооборот вырос на треть."] },
      { heading: "Космос", paragraphs: ["Роскосмос запустит ракету."] },
    ]);
  });

  it("counts a wrapped sentence that starts like a heading as prose", () => {
    expect(splitSections(["Экономика", "", "Новый завод", "построят в Казани."])).toEqual([
      { heading: "Экономика", paragraphs: ["Новый завод построят в Казани."] },
    ]);
  });

  it("keeps a closing line that reads as a sentence without its full stop", () => {
    expect(splitSections(["Первый абзац.", "Стороны обсудили сотрудничество в Арктике", "", "Мы в соцсетях"])).toEqual([
      { heading: null, paragraphs: ["Первый абзац.", "Стороны обсудили сотрудничество в Арктике"] },
    ]);
  });

  it("still joins a short line that runs on in lowercase and keeps other text lines", () => {
    expect(splitSections(["Новый завод", "построят в Казани.", "- пункт первый;", "строчная строка без точки"])).toEqual([
      { heading: null, paragraphs: ["Новый завод построят в Казани.", "- пункт первый;", "строчная строка без точки"] },
    ]);
  });
});

describe("plainHeadingText", () => {
  it.each([
    ["Заголовок <b>жирный</b> &amp; AT&T", "Заголовок жирный & AT&T"],
    ['<span class="title">Арктика</span>&nbsp;и&#160;Севморпуть', "Арктика и Севморпуть"],
    ["**Луна** и `МНЛС`", "Луна и МНЛС"],
    ["Цены &lt;5%&gt; &#x2014; рост", "Цены <5%> — рост"],
    ["3 < 5 и 7 > 2", "3 < 5 и 7 > 2"],
    ["&unknown; остаётся", "&unknown; остаётся"],
  ])("reads %j as %j", (text, plain) => {
    expect(plainHeadingText(text)).toBe(plain);
  });
});
