import { describe, expect, it } from "vitest";
import { decodeText } from "../../src/content/decode-text.js";
import { detectLanguage, isoDate, mergeMeta, parseFrontMatter, parseSidecar } from "../../src/content/metadata.js";

describe("parseFrontMatter", () => {
  it("reads the header and returns the text after it", () => {
    const text = "---\nsource: Sputnik Belarus\ndate: 2025-11-04\nurl: https://sputnik.by/x.html\nlanguage: ru\n---\nЗаголовок\n\nТекст.";
    expect(parseFrontMatter(text)).toEqual({
      ok: true,
      meta: { source: "Sputnik Belarus", date: "2025-11-04", url: "https://sputnik.by/x.html", language: "ru" },
      body: "Заголовок\n\nТекст.",
    });
  });

  it("leaves text without a header unchanged", () => {
    expect(parseFrontMatter("Заголовок\nТекст.")).toEqual({ ok: true, meta: {}, body: "Заголовок\nТекст." });
  });

  it.each([
    ["---\nsource: X\nЗаголовок без конца", /never closed/u],
    ["---\nsource X\n---\nТекст", /line 2 is not "key: value"/u],
    ["---\ndate: 2025-02-30\n---\nТекст", /date "2025-02-30"/u],
    ["---\nurl: ftp://example.org\n---\nТекст", /not an http\(s\) URL/u],
    ["---\nlanguage: Russian\n---\nТекст", /language "Russian"/u],
  ])("rejects a malformed header: %s", (text, reason) => {
    const result = parseFrontMatter(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe("parseSidecar", () => {
  it("reads the seed's sidecar fields", () => {
    expect(parseSidecar('{"source": "Sputnik Belarus", "date": "2025-11-04", "language": "ru"}', "a.meta.json")).toEqual({
      ok: true,
      meta: { source: "Sputnik Belarus", date: "2025-11-04", language: "ru" },
    });
  });

  it.each([
    ['{"source": "X",', /a\.meta\.json is not valid JSON/u],
    ['["ru"]', /must hold a JSON object/u],
    ['{"date": 20251104}', /"date" must be a string/u],
    ['{"date": "4 ноября"}', /not a real YYYY-MM-DD date/u],
  ])("rejects %s", (json, reason) => {
    const result = parseSidecar(json, "a.meta.json");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe("mergeMeta", () => {
  const dateline = { place: "МИНСК", day: 4, month: 11, agency: "Sputnik" };

  it("prefers the sidecar, then the header, then the dateline", () => {
    expect(
      mergeMeta({ sidecar: { source: "Sputnik Belarus" }, header: { source: "Header", date: "2025-11-05" }, dateline, detectedLanguage: "ru" }),
    ).toEqual({ source: "Sputnik Belarus", date: "2025-11-05", place: "МИНСК", language: "ru" });
  });

  it("takes the agency as source and dates the dateline only when a year is known", () => {
    expect(mergeMeta({ dateline, detectedLanguage: "ru" })).toEqual({ source: "Sputnik", place: "МИНСК", language: "ru" });
    expect(mergeMeta({ header: { year: 2025 }, dateline, detectedLanguage: "ru" }).date).toBe("2025-11-04");
  });

  it("dates a dateline without a year at or before today, a declared year and date still first", () => {
    expect(mergeMeta({ dateline, detectedLanguage: "ru", today: "2026-01-15" }).date).toBe("2025-11-04");
    expect(mergeMeta({ dateline, detectedLanguage: "ru", today: "2026-11-20" }).date).toBe("2026-11-04");
    expect(mergeMeta({ header: { year: 2024 }, dateline, detectedLanguage: "ru", today: "2026-11-20" }).date).toBe("2024-11-04");
    expect(mergeMeta({ sidecar: { date: "2025-11-05" }, dateline, detectedLanguage: "ru", today: "2026-11-20" }).date).toBe("2025-11-05");
  });

  it("takes the agency of a dateline without a place, and no place", () => {
    expect(mergeMeta({ dateline: { day: 10, month: 8, agency: "ТАСС" }, detectedLanguage: "ru", today: "2026-09-01" })).toEqual({
      source: "ТАСС",
      date: "2026-08-10",
      language: "ru",
    });
    expect(mergeMeta({ dateline: { place: "LONDON", agency: "AP" }, detectedLanguage: "en", today: "2026-09-01" })).toEqual({
      source: "AP",
      place: "LONDON",
      language: "en",
    });
  });
});

describe("small helpers", () => {
  it("validates calendar dates", () => {
    expect(isoDate(2025, 11, 4)).toBe("2025-11-04");
    expect(isoDate(2025, 2, 29)).toBeUndefined();
  });

  it("detects the language by script", () => {
    expect(detectLanguage("Москва и Пекин, BRICS")).toBe("ru");
    expect(detectLanguage("Moscow and Beijing")).toBe("en");
  });

  it("detects the language by its function words, not by the letters of brand names", () => {
    expect(detectLanguage("iPhone 17 Pro Max и Samsung Galaxy S25 Ultra подешевели в России")).toBe("ru");
    expect(detectLanguage("12:30")).toBe("und");
  });
});

describe("decodeText", () => {
  it("strips a BOM, normalizes line ends and non-breaking spaces", () => {
    expect(decodeText(Buffer.from("\uFEFFЗаголовок\r\nТекст\u00a0здесь.\r\n", "utf8"))).toEqual({ ok: true, text: "Заголовок\nТекст здесь.\n" });
  });

  it.each([
    [Buffer.from(""), /empty/u],
    [Buffer.from(" \n\t\n"), /empty/u],
    [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), /NUL/u],
    [Buffer.from([0xc7, 0xe0, 0xe3, 0xee, 0xeb]), /not valid UTF-8/u],
    [Buffer.from("\u0001\u0002\u0003\u0004abc", "utf8"), /control characters/u],
  ])("rejects unusable content %#", (content, reason) => {
    const result = decodeText(content);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
