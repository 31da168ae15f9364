import { readFileSync } from "node:fs";
import type { InlineQueryResultArticle, Update } from "grammy/types";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeInlineResultId } from "../../src/bot/payloads.js";
import { buildLibrary, loadLibrary, type ContentLibrary } from "../../src/content/library.js";
import { shippedTopics } from "../../src/content/topics-file.js";
import { MESSAGE_TEXT_LIMIT } from "../../src/format/html.js";
import { createRecordingBot, type RecordedCall } from "../helpers/recording-bot.js";

function inlineQuery(query: string, options: { languageCode?: string; offset?: string } = {}): Omit<Update, "update_id"> {
  return {
    inline_query: {
      id: `q-${Math.random()}`,
      from: { id: 7, is_bot: false, first_name: "Ann", language_code: options.languageCode ?? "en" },
      query,
      offset: options.offset ?? "",
    },
  } as Omit<Update, "update_id">;
}

function answer(calls: RecordedCall[]) {
  const call = calls.find((candidate) => candidate.method === "answerInlineQuery");
  expect(call, "answerInlineQuery was called").toBeDefined();
  return {
    results: (call?.payload.results ?? []) as InlineQueryResultArticle[],
    payload: call?.payload ?? {},
  };
}

function messageText(result: InlineQueryResultArticle | undefined): string {
  return (result?.input_message_content as { message_text?: string } | undefined)?.message_text ?? "";
}

let library: ContentLibrary;
beforeAll(async () => {
  library = await loadLibrary("seeds");
});

describe("inline mode", () => {
  it("lists one result per topic for an empty query, in the user's language, personal and cached briefly", async () => {
    const { send } = createRecordingBot(library);
    const { results, payload } = answer(await send(inlineQuery("", { languageCode: "ru" })));
    expect(results.map((result) => decodeInlineResultId(result.id))).toEqual(
      shippedTopics().topics.map((topic) => ({ kind: "topic", topic: topic.id })),
    );
    expect(results.find((result) => result.id === "topic:space")?.title).toBe("🚀 Космос");
    expect(results.find((result) => result.id === "topic:space")?.description).toMatch(/^Также стороны договорились/);
    expect(payload.is_personal).toBe(true);
    expect(payload.cache_time).toBeGreaterThan(0);
    expect(payload.next_offset).toBe("");
  });

  it.each([
    ["space", "en", "topic:space"],
    ["космос", "ru", "topic:space"],
    ["арктика", "ru", "topic:arctic"],
    ["/arctic", "en", "topic:arctic"],
    ["ai", "en", "topic:tech"],
    ["брикс", "ru", "topic:orgs"],
  ])("puts the topic's briefing first for %s", async (query, languageCode, id) => {
    const { send } = createRecordingBot(library);
    const { results } = answer(await send(inlineQuery(query, { languageCode })));
    expect(results[0]?.id).toBe(id);
    const text = messageText(results[0]);
    expect(text).toContain(`https://t.me/briefing_test_bot?start=${id.split(":")[1] === "tech" ? "tech" : id.split(":")[1]}`);
    expect(text.length).toBeLessThanOrEqual(MESSAGE_TEXT_LIMIT);
    expect(text).toMatch(/Sputnik Belarus/);
  });

  it.each(["луна", "Луны", "лунной", "лунную станцию"])("finds the lunar station for %s, with the words in bold", async (query) => {
    const { send } = createRecordingBot(library);
    const { results } = answer(await send(inlineQuery(query)));
    const hit = results.find((result) => decodeInlineResultId(result.id)?.kind === "section");
    const text = messageText(hit);
    expect(text).toMatch(/Международной научной <b>лунной<\/b> (<b>станции<\/b>|станции)/);
    expect(text).toContain("исследованию <b>Луны</b>");
    // Words of the topic name may put the space briefing first; nothing else comes before the hit.
    expect(results.indexOf(hit as InlineQueryResultArticle)).toBeLessThanOrEqual(1);
  });

  it("finds the sanctions sentence", async () => {
    const { send } = createRecordingBot(library);
    const { results } = answer(await send(inlineQuery("санкции", { languageCode: "ru" })));
    // "санкции" names the trade topic too: its briefing first, then the matching sentence.
    expect(results[0]?.id).toBe("topic:trade");
    expect(messageText(results[1])).toContain("в борьбе с <b>санкциями</b>");
    // The message opens with the topic, as a briefing does, then the section's heading.
    expect(messageText(results[1])).toMatch(/^<b>💱 Торговля и экономика<\/b>\n<b>Экономическое сотрудничество<\/b>\n/u);
    expect(results[1]?.title).toBe("🔎 Экономическое сотрудничество");
  });

  it("escapes a query with tags and emoji and answers nothing-found with a button, never an error", async () => {
    const { send } = createRecordingBot(library);
    const { results, payload } = answer(await send(inlineQuery("<b>🚀 qwertyuiop</b>")));
    expect(results).toEqual([]);
    expect((payload.button as { text: string; start_parameter: string }).start_parameter).toBe("help");
  });

  it("pages through more than 50 results with next_offset, ids unique and stable", async () => {
    const seed = readFileSync("seeds/000_0b443b57f3d4f16f.txt");
    const files = Array.from({ length: 30 }, (_, index) => ({ file: `doc-${String(index).padStart(2, "0")}.txt`, content: seed }));
    const big = buildLibrary(files);
    const { send } = createRecordingBot(big);
    const first = answer(await send(inlineQuery("сотрудничество")));
    expect(first.results).toHaveLength(50);
    expect(first.payload.next_offset).toBe("50");
    const second = answer(await send(inlineQuery("сотрудничество", { offset: "50" })));
    expect(second.results.length).toBeGreaterThan(0);
    const ids = [...first.results, ...second.results].map((result) => result.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(Buffer.byteLength(id)).toBeLessThanOrEqual(64);
    const again = answer(await createRecordingBot(buildLibrary(files)).send(inlineQuery("сотрудничество")));
    expect(again.results.map((result) => result.id)).toEqual(first.results.map((result) => result.id));
  });

  it("cuts a query over 256 characters instead of failing", async () => {
    const { send } = createRecordingBot(library);
    const { results } = answer(await send(inlineQuery(`луна ${"x".repeat(400)}`)));
    expect(Array.isArray(results)).toBe(true);
  });
});
