/** The source line under each section: the publisher and date from the front matter, or none at all. */
import { describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n.js";
import { buildLibrary } from "../../src/content/library.js";
import { briefingFor, composeFullText, formatDate } from "../../src/format/briefing.js";

const i18n = createI18n();
const t = (key: string, variables?: Record<string, string | number>) => i18n.t("en", key, variables);

const BODY = "Роскосмос и CNSA подписали соглашение о лунной станции. Запуск намечен на 2030 год. Стороны обсудили орбиту.";

describe("the source line", () => {
  it("names the source and date from the front matter, linked to the URL", () => {
    const library = buildLibrary([
      { file: "known.md", content: `---\nsource: Agency & Co\ndate: 2025-11-04\nurl: https://example.org/a?b=1&c=2\n---\n# Луна\n\n${BODY}\n` },
    ]);
    const html = briefingFor(library, "space", t, "en")?.html ?? "";
    expect(html).toContain('<i>Source: <a href="https://example.org/a?b=1&amp;c=2">Agency &amp; Co</a>, 4 November 2025</i>');
  });

  it("is left out when the document names no source, and never shows the title's markup", () => {
    const library = buildLibrary([{ file: "plain.md", content: `# Заголовок <b>жирный</b> &amp; AT&T\n\n${BODY}\n` }]);
    const briefing = briefingFor(library, "space", t, "en");
    expect(briefing?.html).toContain("Роскосмос");
    expect(briefing?.html).not.toContain("Source:");
    expect(briefing?.html).toContain("<b>Заголовок жирный &amp; AT&amp;T</b>");
    expect(briefing?.html).not.toContain("&lt;b&gt;");
    const entry = briefing?.sections[0];
    expect(entry).toBeDefined();
    const fullText = composeFullText(entry!, t, "en").join("");
    expect(fullText).toContain("Роскосмос");
    expect(fullText).not.toContain("Source:");
    expect(fullText).not.toMatch(/<i>\s*<\/i>/u);
  });
});

describe("dates", () => {
  it.each([
    ["en", "4 November 2025"],
    ["ru", "4 ноября 2025 г."],
    ["zh", "2025年11月4日"],
    ["de", "4 November 2025"],
  ])("are written the %s way", (locale, written) => {
    expect(formatDate("2025-11-04", locale)).toBe(written);
    expect(formatDate("2025-11-04", locale)).toBe(written);
  });

  it("leave a date that is not one as it is", () => {
    expect(formatDate("2025-13-45", "en")).toBe("2025-13-45");
  });
});
