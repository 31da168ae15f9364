import { describe, expect, it } from "vitest";
import { contentLanguageOfTag, detectContentLanguage, measureLanguage } from "../../src/content/language.js";
import { parseDocument, type ParsedDocument } from "../../src/content/parse-document.js";

// Every text here is written for the test, in the style of agency copy.
const RUSSIAN_LEAD =
  "Правительство России и Китая договорилось расширить поставки сельскохозяйственной продукции. Об этом сообщили в министерстве по итогам переговоров, которые прошли в Пекине во вторник.";
const ENGLISH_LEAD =
  "Russia and China agreed on Tuesday to expand deliveries of farm products, the ministry said after the talks in Beijing. The deal is expected to take effect next year.";

describe("measureLanguage", () => {
  it("measures the share of each language's function words", () => {
    const russian = measureLanguage(RUSSIAN_LEAD);
    expect(russian.language).toBe("ru");
    expect(russian.shares.ru).toBeGreaterThan(0.15);
    expect(russian.shares.en).toBe(0);
    const english = measureLanguage(ENGLISH_LEAD);
    expect(english.language).toBe("en");
    expect(english.shares.en).toBeGreaterThan(0.25);
    expect(english.shares.ru).toBe(0);
    expect(english.words).toBeGreaterThan(20);
  });

  it("has no opinion on text without letters", () => {
    expect(measureLanguage("2025 — 12:30, 5%").language).toBeUndefined();
  });
});

describe("detectContentLanguage", () => {
  it.each([
    [RUSSIAN_LEAD, "ru"],
    [ENGLISH_LEAD, "en"],
    // Short texts: a headline or a one-line lead.
    ["Путин прибыл в Пекин", "ru"],
    ["Putin arrives in Beijing", "en"],
    ["Стороны подписали соглашение.", "ru"],
    ["The sides signed a deal.", "en"],
    // Russian text dominated by Latin brand names: most letters are Latin, the grammar is Russian.
    ["iPhone 17 Pro Max и Samsung Galaxy S25 Ultra подешевели в России", "ru"],
    ["Компания Yandex и VK Group представили YandexGPT Pro и GigaChat Max на выставке", "ru"],
    ["Rosatom и CNNC подписали roadmap по проекту Tianwan NPP", "ru"],
    // English text with Russian names in Latin letters and one Cyrillic quote.
    ["Rosatom chief Alexei Likhachev said the «Академик Ломоносов» plant was in good shape", "en"],
    // No function words at all: the script decides.
    ["Роскосмос", "ru"],
    ["Rosatom", "en"],
  ])("%s → %s", (text, language) => {
    expect(detectContentLanguage(text)).toBe(language);
  });

  it("falls back to the given language when the text has no letters", () => {
    expect(detectContentLanguage("12:30", "en")).toBe("en");
    expect(detectContentLanguage("12:30")).toBe("ru");
  });
});

describe("contentLanguageOfTag", () => {
  it.each([
    ["ru", "ru"],
    ["ru-RU", "ru"],
    ["en", "en"],
    ["en-GB", "en"],
    ["EN-us", "en"],
  ])("%s → %s", (tag, language) => {
    expect(contentLanguageOfTag(tag)).toBe(language);
  });

  it("knows only the languages the pipeline has rules for", () => {
    expect(contentLanguageOfTag("de")).toBeUndefined();
    expect(contentLanguageOfTag(undefined)).toBeUndefined();
  });
});

describe("the language of a parsed document", () => {
  const parsed = (text: string, sidecar?: string): ParsedDocument => {
    const result = parseDocument("a.txt", text, sidecar);
    if (!result.ok) throw new Error(result.problem.reason);
    return result.document;
  };

  it("is detected from the text when nothing declares it", () => {
    expect(parsed(`Заголовок\n\n${RUSSIAN_LEAD}`).language).toBe("ru");
    expect(parsed(`Headline\n\n${ENGLISH_LEAD}`).language).toBe("en");
    const brands = parsed("Apple iPhone Pro Max\n\niPhone 17 Pro Max и Samsung Galaxy S25 Ultra подешевели в России.");
    expect(brands.language).toBe("ru");
    expect(brands.meta.language).toBe("ru");
  });

  it("comes from the front matter or the sidecar when they name it", () => {
    expect(parsed(`---\nlanguage: en\n---\nЗаголовок\n\n${RUSSIAN_LEAD}`).language).toBe("en");
    expect(parsed(`Headline\n\n${ENGLISH_LEAD}`, '{"language": "ru-RU"}').language).toBe("ru");
    const declared = parsed(`Headline\n\n${ENGLISH_LEAD}`, '{"language": "en-GB"}');
    expect(declared.language).toBe("en");
    expect(declared.meta.language).toBe("en-GB");
  });

  it("is detected when the declared tag is one the pipeline has no rules for, which meta still keeps", () => {
    const document = parsed(`---\nlanguage: de\n---\nHeadline\n\n${ENGLISH_LEAD}`);
    expect(document.language).toBe("en");
    expect(document.meta.language).toBe("de");
  });
});
