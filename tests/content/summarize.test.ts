import { describe, expect, it } from "vitest";
import { SUMMARY_MAX_CHARS, SUMMARY_MAX_SENTENCES, rankSentences, summarize, summaryLength } from "../../src/content/summarize.js";

const overview = [
  "Москва и Пекин продолжат укреплять сотрудничество во всех сферах, об этом говорится в совместном коммюнике по итогам 30-й регулярной встречи руководителей правительств двух стран.",
  "В понедельник российский премьер-министр Михаил Мишустин прибыл в Китай с двухдневным визитом и вместе с премьером Госсовета КНР Ли Цяном принял участие в 30-й регулярной встрече глав правительств двух стран.",
  '"Стороны продолжат укреплять сотрудничество во всех сферах и надлежащим образом отвечать на внешние вызовы", - говорится в подписанном премьерами коммюнике.',
  "Также Россия и Китай будут помогать друг другу по вопросам, которые затрагивают их ключевые интересы.",
  "В документе также говорится, что Пекин поддерживает усилия Москвы по обеспечению безопасности и стабильности, национального развития и процветания, суверенитета и территориальной целостности.",
  "Кроме того, китайская сторона выступает против внешних вмешательств во внутренние дела России.",
  "Помимо этого, стороны договорились активизировать сотрудничество по защите граждан в третьих странах, в том числе по их эвакуации при ЧС и вооруженных конфликтах.",
];

describe("summarize", () => {
  it("keeps text that fits the budget whole", () => {
    const short = overview.slice(0, 2);
    expect(summarize(short)).toEqual(short);
  });

  it("picks whole sentences within the budget, in original order, deterministically", () => {
    const summary = summarize(overview);
    expect(summary.length).toBeGreaterThan(0);
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX_SENTENCES);
    expect(summaryLength(summary)).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
    const positions = summary.map((sentence) => overview.indexOf(sentence));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(summarize(overview)).toEqual(summary);
  });

  it("leads with the opening sentence of a news section", () => {
    expect(summarize(overview)[0]).toBe(overview[0]);
  });

  it("respects a smaller budget and falls back to the best sentence when none fits", () => {
    const tight = summarize(overview, { maxSentences: 2, maxChars: 300 });
    expect(tight.length).toBeLessThanOrEqual(2);
    expect(summaryLength(tight)).toBeLessThanOrEqual(300);
    expect(summarize(overview, { maxChars: 10 })).toHaveLength(1);
    expect(summarize([])).toEqual([]);
  });

  it("ranks a sentence that shares words with many others above an isolated one at the same position", () => {
    const sentences = [
      "Вводная фраза без общих слов.",
      "Арктика и сотрудничество в Арктике важны для Москвы и Пекина.",
      "Самолет приземлился по расписанию.",
      "Москва и Пекин обсудили сотрудничество в Арктике.",
      "Пекин и Москва будут развивать сотрудничество в Арктике.",
    ];
    const scores = rankSentences(sentences);
    expect(scores[3]).toBeGreaterThan(scores[2] ?? 0);
  });
});
