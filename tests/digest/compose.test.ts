import { describe, expect, it } from "vitest";
import { shippedTopics } from "../../src/content/topics-file.js";
import { composeDigest, type DigestRequest } from "../../src/digest/compose.js";
import { MESSAGE_TEXT_LIMIT } from "../../src/format/html.js";
import { parseTelegramHtml } from "../../src/telegram-emulator/index.js";
import { article, libraryWith, translatorFor } from "./helpers.js";

const ALL_TOPICS = shippedTopics().topics.map((topic) => topic.id);
/** 09:00 in Moscow on the seed's publication day. */
const NOW = Date.parse("2025-11-04T06:00:00Z");

async function request(overrides: Partial<DigestRequest> = {}): Promise<DigestRequest> {
  return {
    library: await libraryWith(),
    topics: ALL_TOPICS,
    received: new Map(),
    t: translatorFor("en"),
    locale: "en",
    nowMs: NOW,
    timeZone: "Europe/Moscow",
    ...overrides,
  };
}

const receivedAll = (sections: ReadonlyArray<{ sectionId: string; hash: string }>): Map<string, string> =>
  new Map(sections.map((section) => [section.sectionId, section.hash]));

describe("composeDigest", () => {
  it("gives the first digest every current section of the subscribed topics, once each, under topic titles", async () => {
    const input = await request();
    const digest = composeDigest(input);
    expect(digest).toBeDefined();
    const sections = input.library.sections();
    expect(digest?.sections.map((entry) => entry.sectionId).sort()).toEqual(sections.map((section) => section.id).sort());
    expect(digest?.sections).toEqual(expect.arrayContaining(sections.map((section) => ({ sectionId: section.id, hash: section.hash }))));
    const html = digest?.parts.join("\n\n") ?? "";
    expect(html).toContain("📬 <b>Daily digest</b> · 4 November 2025");
    expect(html).toContain("6 new or updated sections");
    expect(html).toContain("<b>🚀 Space</b>");
    expect(html).toContain("<b>Космические программы</b>");
    expect(html).toContain("Source: Sputnik Belarus, 4 November 2025");
    // Topics in menu order.
    expect(html.indexOf("Overview")).toBeLessThan(html.indexOf("Trade and economy"));
    expect(html.indexOf("Trade and economy")).toBeLessThan(html.indexOf("🧊 Arctic"));
  });

  it("keeps to the subscribed topics and speaks the chat's language", async () => {
    const digest = composeDigest(await request({ topics: ["space", "retired-topic"], t: translatorFor("ru"), locale: "ru" }));
    expect(digest?.sections.map((entry) => entry.sectionId)).toEqual(["000_0b443b57f3d4f16f:3"]);
    const html = digest?.parts.join("") ?? "";
    expect(html).toContain("<b>Дайджест</b> · 4 ноября 2025");
    expect(html).toContain("1 новый или обновлённый раздел");
    expect(html).not.toContain("Экономическое сотрудничество");
  });

  it("dates the digest in the chat's time zone", async () => {
    const lateEvening = Date.parse("2025-11-04T21:30:00Z");
    expect(composeDigest(await request({ nowMs: lateEvening, timeZone: "UTC" }))?.parts[0]).toContain("4 November 2025");
    expect(composeDigest(await request({ nowMs: lateEvening, timeZone: "Europe/Moscow" }))?.parts[0]).toContain("5 November 2025");
  });

  it("has nothing to say the second time", async () => {
    const input = await request();
    const first = composeDigest(input);
    expect(composeDigest({ ...input, received: receivedAll(first?.sections ?? []) })).toBeUndefined();
  });

  it("brings back only a section whose text changed, marked as updated", async () => {
    const input = await request();
    const received = receivedAll(composeDigest(input)?.sections ?? []);
    received.set("000_0b443b57f3d4f16f:5", "an older hash");
    const digest = composeDigest({ ...input, received });
    expect(digest?.sections.map((entry) => entry.sectionId)).toEqual(["000_0b443b57f3d4f16f:5"]);
    expect(digest?.parts).toHaveLength(1);
    expect(digest?.parts[0]).toContain("<i>✏️ Updated</i>\n<b>Мир и стабильность в Арктике</b>");
    expect(digest?.parts[0]).toContain("1 new or updated section");
  });

  it("brings a new seed document, newest first, and files a section of several topics once", async () => {
    const before = await request();
    const received = receivedAll(composeDigest(before)?.sections ?? []);
    const library = await libraryWith([{ file: "zz_newer.txt", content: article("Новости космоса и Арктики", "2025-11-20") }]);
    const shared = library.section("zz_newer:1");
    expect(shared?.topics).toEqual(["arctic", "space"]);

    const digest = composeDigest({ ...before, library, received, topics: ["space", "arctic", "trade"] });
    expect(digest?.sections.map((entry) => entry.sectionId).sort()).toEqual(["zz_newer:1", "zz_newer:2"]);
    const html = digest?.parts.join("") ?? "";
    expect(html.match(/Космос и Арктика/g)).toHaveLength(1);
    // Under its best topic (arctic), not under space, which is first in the menu.
    expect(html).toContain("<b>🧊 Arctic</b>\n\n<b>Космос и Арктика</b>");
    expect(html).not.toContain("🚀 Space");

    const fresh = composeDigest({ ...before, library, topics: ["space"] });
    const spaceHtml = fresh?.parts.join("") ?? "";
    expect(spaceHtml.indexOf("Космос и Арктика")).toBeLessThan(spaceHtml.indexOf("Космические программы"));
  });

  it("splits a long digest into valid messages under the limit, cutting between sections", async () => {
    const many = Array.from({ length: 40 }, (_, index) => ({
      file: `bulk_${String(index).padStart(2, "0")}.txt`,
      content: article(`Выпуск номер ${index}`, `2025-11-${String(5 + (index % 20)).padStart(2, "0")}`, ` Выпуск ${index}.`),
    }));
    const input = await request({ library: await libraryWith(many) });
    const digest = composeDigest(input);
    expect(digest?.parts.length).toBeGreaterThan(2);
    expect(digest?.sections).toHaveLength(input.library.sections().length);
    for (const part of digest?.parts ?? []) {
      expect(part.length).toBeLessThanOrEqual(MESSAGE_TEXT_LIMIT);
      const parsed = parseTelegramHtml(part);
      expect([...parsed.text].length).toBeLessThanOrEqual(MESSAGE_TEXT_LIMIT);
      // Every part ends with a whole section: its source line.
      expect(part.endsWith("</i>")).toBe(true);
    }
    // Every section is in exactly one part.
    const all = digest?.parts.join("\n\n") ?? "";
    for (let index = 0; index < 40; index++) expect(all.split(`Выпуск ${index}.`)).toHaveLength(2);
  });
});
