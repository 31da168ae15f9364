import { describe, expect, it } from "vitest";
import { looksLikeHeading, splitSections } from "../../src/content/sections.js";

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

  it("keeps a document without subheadings as one section and a closing short line as text", () => {
    expect(splitSections(["Один абзац.", "Другой абзац.", "Пресс-служба МИД"])).toEqual([
      { heading: null, paragraphs: ["Один абзац.", "Другой абзац.", "Пресс-служба МИД"] },
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
