/**
 * Button presses the bot cannot take at face value: without a message (an inline message, forged
 * data), with data it never produced, or with values no chat could have. Every press is answered,
 * nothing throws, and impossible values never reach the store (a real SQLite store in a temp folder).
 */
import type { Update } from "grammy/types";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeCallback, encodeCallback, sectionKey } from "../../src/bot/payloads.js";
import { loadLibrary, type ContentLibrary } from "../../src/content/library.js";
import {
  buttons,
  callbackUpdate,
  createRecordingBot,
  sent,
  texts,
  textUpdate,
  type Responder,
  type TestChat,
} from "../helpers/recording-bot.js";
import { useTempStore } from "../helpers/temp-store.js";

let counter = 0;

/** A press on a button of an inline message: `inline_message_id`, no `message`, so no chat. */
function inlineMessageCallback(data: string, userId = 1001): Omit<Update, "update_id"> {
  return {
    callback_query: {
      id: `inline-${++counter}`,
      from: { id: userId, is_bot: false, first_name: "Ann", language_code: "en" },
      chat_instance: "-5",
      inline_message_id: "AgAAAInlineMessage",
      data,
    },
  } as Omit<Update, "update_id">;
}

let library: ContentLibrary;
const temp = useTempStore("briefing-callbacks-");

beforeAll(async () => {
  library = await loadLibrary("seeds");
});

describe("a button press without a message", () => {
  it("is answered once and never fails, whatever its data", async () => {
    const { send, logLines } = createRecordingBot(library, { store: temp.store });
    const section = library.sectionsForTopic("space")[0];
    if (section === undefined) throw new Error("the seed has no space section");
    const all = [
      encodeCallback({ kind: "topic", topic: "space" }),
      encodeCallback({ kind: "topic", topic: "weather" }),
      encodeCallback({ kind: "full", sectionKey: sectionKey(section.id) }),
      encodeCallback({ kind: "full", sectionKey: "AAAAAAAAAAAA" }),
      encodeCallback({ kind: "subscribe" }),
      encodeCallback({ kind: "settings", field: "time", chatId: 1001 }),
      encodeCallback({ kind: "settings", field: "zone", chatId: -1001234567890 }),
      encodeCallback({ kind: "subscribe-topic", topic: "space" }),
      encodeCallback({ kind: "subscribe-done" }),
      encodeCallback({ kind: "subscribe-time", time: "08:00" }),
      encodeCallback({ kind: "subscribe-zone", timeZone: "UTC" }),
      encodeCallback({ kind: "forget-confirm", chatId: 1001 }),
      encodeCallback({ kind: "forget-cancel" }),
      "settings:time:99999999999999999",
      "garbage",
      "",
    ];
    await temp.store.chats.upsert({ id: 1001, type: "private", language: "en", timeZone: "UTC" });
    await temp.store.subscriptions.save({ chatId: 1001, topics: ["space"], deliveryTime: "08:00", timeZone: "UTC", nextRunAt: 0 });
    for (const [index, data] of all.entries()) {
      // One user per press: flood protection is not what this test is about.
      const calls = await send(inlineMessageCallback(data, 5000 + index));
      expect(calls.map((call) => call.method), data).toEqual(["answerCallbackQuery"]);
    }
    expect(logLines.filter((line) => line.includes("update failed"))).toEqual([]);
    // Nothing was deleted or changed.
    expect(await temp.store.subscriptions.get(1001)).toMatchObject({ topics: ["space"], deliveryTime: "08:00" });
  });

  it("opens the bot on the topic for a topic or Full text button, and explains the rest", async () => {
    const { send } = createRecordingBot(library, { store: temp.store });
    const [topic] = await send(inlineMessageCallback(encodeCallback({ kind: "topic", topic: "arctic" })));
    expect(topic?.payload).toMatchObject({ url: "https://t.me/briefing_test_bot?start=arctic" });
    const section = library.sectionsForTopic("space").find((candidate) => candidate.topics[0] === "space");
    const [full] = await send(inlineMessageCallback(encodeCallback({ kind: "full", sectionKey: sectionKey(section?.id ?? "") }), 1002));
    expect(full?.payload).toMatchObject({ url: "https://t.me/briefing_test_bot?start=space" });
    const [settings] = await send(inlineMessageCallback(encodeCallback({ kind: "settings", field: "time", chatId: 1003 }), 1003));
    expect(settings?.payload).toMatchObject({ text: "This button has expired. Send /subscribe to start again.", show_alert: true });
    const [forget] = await send(inlineMessageCallback(encodeCallback({ kind: "forget-confirm", chatId: 1004 }), 1004));
    expect(forget?.payload).toMatchObject({ text: "This button has expired. Send /forget again.", show_alert: true });
  });
});

describe("a button the bot does not know", () => {
  it("is answered with a short note in a chat too", async () => {
    const { send } = createRecordingBot(library, { store: temp.store });
    for (const data of ["garbage", "sub:extra", "forget-no:1", "forget:0", "forget:abc", "settings:time:1001:2"]) {
      const calls = await send(callbackUpdate(data, { userId: 1001 }));
      expect(calls.map((call) => call.method), data).toEqual(["answerCallbackQuery"]);
      expect(calls[0]?.payload, data).toMatchObject({ text: "This button no longer works. Send /start to see the topics." });
    }
  });
});

describe("impossible values in buttons and updates", () => {
  it("decodes no chat id Telegram could not have handed out", () => {
    for (const data of [
      "settings:time:0",
      "settings:time:-0",
      "settings:time:007",
      "settings:time:99999999999999999",
      "settings:time:9999999999999999",
      "settings:time:1001:extra",
      "forget:0",
      "forget:1.5",
      "forget:",
    ]) {
      expect(decodeCallback(data), data).toBeUndefined();
    }
    expect(decodeCallback("settings:time:-1001234567890")).toEqual({ kind: "settings", field: "time", chatId: -1001234567890 });
    expect(decodeCallback("forget:1001")).toEqual({ kind: "forget-confirm", chatId: 1001 });
  });

  it("refuses a settings button naming a chat that is neither this one nor a channel", async () => {
    const { send, calls } = createRecordingBot(library, { store: temp.store });
    await send(textUpdate("/subscribe space 08:00 UTC", { userId: 1001 }));
    // Another person's private chat, and a basic group, named in a button in chat 1001.
    for (const chatId of [1002, -4242]) {
      const pressed = await send(callbackUpdate(encodeCallback({ kind: "settings", field: "time", chatId }), { userId: 1001 }));
      expect(pressed.map((call) => call.method), String(chatId)).toEqual(["answerCallbackQuery"]);
      expect(pressed[0]?.payload).toMatchObject({ text: "This button has expired. Send /subscribe to start again.", show_alert: true });
    }
    expect(calls.some((call) => call.method === "getChat")).toBe(false);
  });

  it("stores the main thread for a message whose forum topic id cannot exist", async () => {
    const group: TestChat = { id: -100700, type: "supergroup", title: "Team", is_forum: true };
    const admin: Responder = (call) =>
      call.method === "getChatMember" ? { ok: true, result: { status: "creator", user: { id: 7, is_bot: false, first_name: "A" } } } : undefined;
    const { send } = createRecordingBot(library, { store: temp.store, responder: admin });
    await send(textUpdate("/subscribe space 08:00 UTC", { chat: group, userId: 7, threadId: -5 }));
    expect(await temp.store.subscriptions.get(group.id)).toMatchObject({ topics: ["space"], messageThreadId: null });
    await send(textUpdate("/subscribe arctic 09:00 UTC", { chat: group, userId: 7, threadId: 12 }));
    expect(await temp.store.subscriptions.get(group.id)).toMatchObject({ topics: ["arctic"], messageThreadId: 12 });
  });

  it("does not save a retired topic again when a settings button changes another field", async () => {
    const { send } = createRecordingBot(library, { store: temp.store, now: () => Date.UTC(2025, 10, 4, 12, 0) });
    await send(textUpdate("/start", { userId: 1001 }));
    await temp.store.subscriptions.save({ chatId: 1001, topics: ["retired", "space"], deliveryTime: "08:00", timeZone: "UTC", nextRunAt: 0 });
    const [settings] = sent(await send(textUpdate("/settings", { userId: 1001 })));
    const time = buttons(settings).find((button) => button.text.includes("Time"));
    const [question] = sent(await send(callbackUpdate(time?.callback_data ?? "", { userId: 1001 })));
    expect(question?.payload.text).toContain("Daily digest settings: time");
    const pick = buttons(question).find((button) => button.text === "09:00");
    const saved = await send(callbackUpdate(pick?.callback_data ?? "", { userId: 1001, messageId: (question?.result as { message_id: number }).message_id }));
    expect(texts(saved)[0]).toContain("Every day at 09:00 (UTC)");
    expect(await temp.store.subscriptions.get(1001)).toMatchObject({ topics: ["space"], deliveryTime: "09:00" });
  });

  it("echoes unknown words back short, so the answer always fits in a message", async () => {
    const { send } = createRecordingBot(library, { store: temp.store });
    const [answer] = texts(await send(textUpdate(`/subscribe ${"x".repeat(5000)}`, { userId: 1001 })));
    expect(answer).toContain("I didn't understand");
    expect(answer?.length).toBeLessThan(300);
    expect(await temp.store.subscriptions.get(1001)).toBeUndefined();
  });
});
