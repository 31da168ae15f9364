import { describe, expect, it } from "vitest";
import { datelineYear, parseDateline, todayIso } from "../../src/content/dateline.js";
import { createContentLibrary } from "../../src/content/library.js";
import { parseDocument, parseDocuments, type ParseResult } from "../../src/content/parse-document.js";
import type { BriefingDocument } from "../../src/content/types.js";

// Every text here is written for the test, in the style of agency copy.
describe("parseDateline: Russian agencies", () => {
  it.each([
    [
      "ХАНЧЖОУ /Китай/, 3 ноября /ТАСС/. Стороны обсудили поставки оборудования.",
      { place: "ХАНЧЖОУ", day: 3, month: 11, agency: "ТАСС" },
      "Стороны обсудили поставки оборудования.",
    ],
    [
      "ТЯНЬЦЗИНЬ (Китай), 1 сен — РИА Новости. Лидеры стран ШОС собрались на саммит.",
      { place: "ТЯНЬЦЗИНЬ", day: 1, month: 9, agency: "РИА Новости" },
      "Лидеры стран ШОС собрались на саммит.",
    ],
    [
      "Москва. 9 мая. INTERFAX.RU - Парад прошел на Красной площади.",
      { place: "Москва", day: 9, month: 5, agency: "INTERFAX.RU" },
      "Парад прошел на Красной площади.",
    ],
    [
      "С.-ПЕТЕРБУРГ, 18 июня /ТАСС/. Форум откроется в среду.",
      { place: "С.-ПЕТЕРБУРГ", day: 18, month: 6, agency: "ТАСС" },
      "Форум откроется в среду.",
    ],
    [
      "Н.НОВГОРОД, 2 апреля - Интерфакс. Завод увеличил выпуск.",
      { place: "Н.НОВГОРОД", day: 2, month: 4, agency: "Интерфакс" },
      "Завод увеличил выпуск.",
    ],
    ["ТАСС, 10 августа. Минфин разместил облигации.", { day: 10, month: 8, agency: "ТАСС" }, "Минфин разместил облигации."],
    ["РИА Новости, 5 мая. Курс рубля укрепился.", { day: 5, month: 5, agency: "РИА Новости" }, "Курс рубля укрепился."],
    ["МОСКВА, 30 ноя (Рейтер) - Банк сохранил ставку.", { place: "МОСКВА", day: 30, month: 11, agency: "Рейтер" }, "Банк сохранил ставку."],
  ])("reads %s", (paragraph, dateline, rest) => {
    expect(parseDateline(paragraph)).toEqual({ dateline, rest });
  });
});

describe("parseDateline: English agencies", () => {
  it.each([
    [
      "MURMANSK, Nov 30 (Reuters) - A nuclear icebreaker left port on Sunday.",
      { place: "MURMANSK", day: 30, month: 11, agency: "Reuters" },
      "A nuclear icebreaker left port on Sunday.",
    ],
    ["LONDON (AP) — British officials met on Monday.", { place: "LONDON", agency: "AP" }, "British officials met on Monday."],
    [
      "CHENNAI, India, Sept 21 (Reuters) - A young grandmaster won the tournament.",
      { place: "CHENNAI", day: 21, month: 9, agency: "Reuters" },
      "A young grandmaster won the tournament.",
    ],
    [
      "BEIJING, Dec. 2, 2025 (Xinhua) -- Trade between the two countries grew.",
      { place: "BEIJING", day: 2, month: 12, year: 2025, agency: "Xinhua" },
      "Trade between the two countries grew.",
    ],
    [
      "ST. PETERSBURG, June 18 (Reuters) - The forum opened.",
      { place: "ST. PETERSBURG", day: 18, month: 6, agency: "Reuters" },
      "The forum opened.",
    ],
    ["NEW YORK (Reuters) - Oil prices rose.", { place: "NEW YORK", agency: "Reuters" }, "Oil prices rose."],
  ])("reads %s", (paragraph, dateline, rest) => {
    expect(parseDateline(paragraph)).toEqual({ dateline, rest });
  });
});

describe("parseDateline leaves text alone", () => {
  it.each([
    "Москва. 9 мая. Парад прошел на Красной площади.",
    "ТАСС сообщил, что 10 августа Минфин разместил облигации.",
    "NATO (North Atlantic Treaty Organization) — an alliance of 32 states.",
    "Reuters reported on Nov 30 that talks had stalled.",
    "US, 5 percent - that is a lot.",
    "ООН (Организация Объединенных Наций) - крупнейшая организация.",
  ])("%s", (paragraph) => {
    expect(parseDateline(paragraph)).toBeUndefined();
  });
});

describe("datelineYear", () => {
  it("puts a dateline without a year at or before the reference date", () => {
    expect(datelineYear({ day: 3, month: 11 }, "2026-12-01")).toBe(2026);
    expect(datelineYear({ day: 30, month: 12 }, "2026-12-01")).toBe(2025);
    expect(datelineYear({ day: 5, month: 1 }, "2026-01-10")).toBe(2026);
    expect(datelineYear({ day: 20, month: 12 }, "2026-01-10")).toBe(2025);
  });

  it("allows one day ahead (a Moscow or Beijing morning is still yesterday in UTC)", () => {
    expect(datelineYear({ day: 2, month: 12 }, "2026-12-01")).toBe(2026);
    expect(datelineYear({ day: 3, month: 12 }, "2026-12-01")).toBe(2025);
  });

  it("finds the last leap year for 29 February, and nothing for impossible dates", () => {
    expect(datelineYear({ day: 29, month: 2 }, "2026-03-01")).toBe(2024);
    expect(datelineYear({ day: 31, month: 4 }, "2026-05-01")).toBeUndefined();
  });

  it("formats today's UTC date", () => {
    expect(todayIso(new Date(Date.UTC(2026, 0, 5, 23, 59)))).toBe("2026-01-05");
  });
});

function document(result: ParseResult): BriefingDocument {
  if (!result.ok) throw new Error(result.problem.reason);
  return result.document;
}

describe("dating documents by a dateline without a year", () => {
  const text = (dateline: string): string => `Заголовок\n\n${dateline} Стороны обсудили планы на следующий год.`;

  it("takes the year that puts the dateline at or before today", () => {
    const parsed = document(parseDocument("a.txt", text("ПЕКИН, 20 декабря - Интерфакс."), undefined, { today: "2026-01-10" }));
    expect(parsed.meta).toEqual({ source: "Интерфакс", place: "ПЕКИН", date: "2025-12-20", language: "ru" });
  });

  it("keeps a declared year and a declared date first, and leaves the date out without a reference", () => {
    const withYear = document(parseDocument("a.txt", `---\nyear: 2024\n---\n${text("ПЕКИН, 20 декабря - Интерфакс.")}`, undefined, { today: "2026-01-10" }));
    expect(withYear.meta.date).toBe("2024-12-20");
    const withDate = document(parseDocument("a.txt", text("ПЕКИН, 20 декабря - Интерфакс."), '{"date": "2025-12-21"}', { today: "2026-01-10" }));
    expect(withDate.meta.date).toBe("2025-12-21");
    expect(document(parseDocument("a.txt", text("ПЕКИН, 20 декабря - Интерфакс."))).meta.date).toBeUndefined();
  });

  it("keeps newest first across the turn of the year", () => {
    const results = parseDocuments(
      [
        { file: "a_december.txt", content: text("ПЕКИН, 20 декабря - Интерфакс.") },
        { file: "b_january.txt", content: text("ПЕКИН, 5 января - Интерфакс.") },
        { file: "c_english.txt", content: "Headline\n\nBEIJING, Jan 7 (Reuters) - The two sides discussed their plans for the next year." },
      ],
      { today: "2026-01-10" },
    );
    const documents = results.map(document);
    expect(documents.map((each) => each.meta.date)).toEqual(["2025-12-20", "2026-01-05", "2026-01-07"]);
    const library = createContentLibrary(documents, []);
    expect(library.sectionsForTopic("overview").map((section) => section.documentId)).toEqual(["c_english", "b_january", "a_december"]);
  });

  it("dates by today's clock when no reference is given to parseDocuments", () => {
    const [result] = parseDocuments([{ file: "a.txt", content: text("ПЕКИН, 1 января - Интерфакс.") }]);
    const date = result && document(result).meta.date;
    expect(date).toMatch(/^\d{4}-01-01$/u);
    expect((date ?? "") <= todayIso(new Date(Date.now() + 86_400_000))).toBe(true);
  });

  it("strips the new dateline forms from the lead", () => {
    const parsed = document(parseDocument("a.txt", "Заголовок\n\nТАСС, 10 августа. Минфин разместил облигации на 20 млрд руб.", undefined, { today: "2026-09-01" }));
    expect(parsed.sections[0]?.paragraphs).toEqual(["Минфин разместил облигации на 20 млрд руб."]);
    expect(parsed.meta).toEqual({ source: "ТАСС", date: "2026-08-10", language: "ru" });
    const english = document(parseDocument("b.txt", "Headline\n\nLONDON (AP) — British officials met on Monday to discuss the plan."));
    expect(english.sections[0]?.sentences).toEqual(["British officials met on Monday to discuss the plan."]);
    expect(english.meta).toEqual({ source: "AP", place: "LONDON", language: "en" });
  });
});
