/**
 * /forget with a real SQLite store in a temp folder: it asks before deleting, only the confirm
 * button deletes, and in groups and channels only the chat's admins may ask and confirm.
 */
import type { Update } from "grammy/types";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeCallback, encodeCallback } from "../../src/bot/payloads.js";
import { loadLibrary, type ContentLibrary } from "../../src/content/library.js";
import {
  buttons,
  callbackUpdate,
  createRecordingBot,
  sent,
  texts,
  textUpdate,
  type RecordedCall,
  type Responder,
  type TestChat,
} from "../helpers/recording-bot.js";
import { useTempStore } from "../helpers/temp-store.js";

function messageId(call: RecordedCall | undefined): number {
  return (call?.result as { message_id: number }).message_id;
}

/** The callback data of the button labelled `label` under `message`. */
function dataOf(message: RecordedCall | undefined, label: string): string {
  const button = buttons(message).find((candidate) => candidate.text.includes(label));
  if (button?.callback_data === undefined) throw new Error(`no button "${label}": ${buttons(message).map((b) => b.text).join(" | ")}`);
  return button.callback_data;
}

let library: ContentLibrary;
const temp = useTempStore("briefing-forget-");

beforeAll(async () => {
  library = await loadLibrary("seeds");
});

/** A chat the store knows, with a subscription and a delivery history. */
async function seedChat(chatId: number, type: "private" | "supergroup" | "channel" = "private"): Promise<void> {
  await temp.store.chats.upsert({ id: chatId, type, language: "en", timeZone: "UTC" });
  await temp.store.subscriptions.save({ chatId, topics: ["space"], deliveryTime: "08:00", timeZone: "UTC", nextRunAt: 0 });
  await temp.store.receivedSections.markReceived(chatId, [{ sectionId: "doc:1", hash: "h" }]);
}

async function stillStored(chatId: number): Promise<boolean> {
  const [chat, subscription, received] = await Promise.all([
    temp.store.chats.get(chatId),
    temp.store.subscriptions.get(chatId),
    temp.store.receivedSections.receivedHashes(chatId),
  ]);
  return chat !== undefined && subscription !== undefined && received.size > 0;
}

describe("/forget in a private chat", () => {
  it("asks first, keeps everything on Cancel and while unanswered, and deletes only on confirm", async () => {
    const { send } = createRecordingBot(library, { store: temp.store });
    await send(textUpdate("/start", { userId: 10 }));
    await send(textUpdate("/start", { userId: 11 }));
    await seedChat(10);
    await seedChat(11);
    // A half-finished dialogue of chat 10.
    await send(textUpdate("/subscribe", { userId: 10 }));
    expect(await temp.store.keyValue.read("conversation:10")).toBeDefined();

    const asked = await send(textUpdate("/forget", { userId: 10 }));
    const [question] = sent(asked);
    expect(question?.payload.text).toContain("Delete everything I stored about you");
    expect(buttons(question).map((button) => button.text)).toEqual(["🗑 Delete my data", "Cancel"]);
    expect(decodeCallback(dataOf(question, "Delete"))).toEqual({ kind: "forget-confirm", chatId: 10 });
    expect(decodeCallback(dataOf(question, "Cancel"))).toEqual({ kind: "forget-cancel" });
    // Asking deletes nothing.
    expect(await stillStored(10)).toBe(true);
    expect(await temp.store.keyValue.read("conversation:10")).toBeDefined();

    const cancelled = await send(callbackUpdate(dataOf(question, "Cancel"), { userId: 10, messageId: messageId(question) }));
    expect(cancelled.map((call) => call.method)).toEqual(["answerCallbackQuery", "editMessageText"]);
    expect(cancelled[1]?.payload).toMatchObject({ message_id: messageId(question), text: "Cancelled: nothing was deleted." });
    expect(await stillStored(10)).toBe(true);

    const [again] = sent(await send(textUpdate("/forget", { userId: 10 })));
    const confirmed = await send(callbackUpdate(dataOf(again, "Delete my data"), { userId: 10, messageId: messageId(again) }));
    expect(confirmed.map((call) => call.method)).toEqual(["answerCallbackQuery", "editMessageText"]);
    expect(String(confirmed[1]?.payload.text)).toContain("everything I stored about this chat");
    expect(await temp.store.chats.get(10)).toBeUndefined();
    expect(await temp.store.subscriptions.get(10)).toBeUndefined();
    expect(await temp.store.receivedSections.receivedHashes(10)).toEqual(new Map());
    expect(await temp.store.keyValue.read("conversation:10")).toBeUndefined();
    // Nothing of anyone else.
    expect(await stillStored(11)).toBe(true);
    // The dialogue is gone too: a typed time is not taken as an answer to it.
    expect(texts(await send(textUpdate("08:30", { userId: 10 })))[0]).toContain("Found for «08:30»");
  });

  it("asks in Russian for a Russian user", async () => {
    const { send } = createRecordingBot(library, { store: temp.store });
    const [question] = sent(await send(textUpdate("/forget", { userId: 10, languageCode: "ru" })));
    expect(question?.payload.text).toContain("Удалить всё, что я храню о вас");
    expect(buttons(question).map((button) => button.text)).toEqual(["🗑 Удалить мои данные", "Отмена"]);
  });

  it("treats a confirmation naming another chat as expired and deletes nothing", async () => {
    const { send } = createRecordingBot(library, { store: temp.store });
    await seedChat(10);
    await seedChat(11);
    // User 11 presses a (forged) button that names chat 10, in their own chat.
    const pressed = await send(callbackUpdate(encodeCallback({ kind: "forget-confirm", chatId: 10 }), { userId: 11 }));
    expect(pressed.map((call) => call.method)).toEqual(["answerCallbackQuery"]);
    expect(pressed[0]?.payload).toMatchObject({ text: "This button has expired. Send /forget again.", show_alert: true });
    expect(await stillStored(10)).toBe(true);
    expect(await stillStored(11)).toBe(true);
  });
});

describe("/forget in a group", () => {
  const GROUP: TestChat = { id: -100600, type: "supergroup", title: "Team" };
  const ADMIN = 7;
  const MEMBER = 8;
  const answersMembers: Responder = (call) =>
    call.method === "getChatMember" && call.payload.user_id === ADMIN
      ? { ok: true, result: { status: "administrator", user: { id: ADMIN, is_bot: false, first_name: "Admin" } } }
      : undefined;

  it("refuses a member and deletes nothing", async () => {
    const { send } = createRecordingBot(library, { store: temp.store, responder: answersMembers });
    await seedChat(GROUP.id, "supergroup");
    const refused = await send(textUpdate("/forget", { chat: GROUP, userId: MEMBER }));
    expect(refused.map((call) => call.method)).toEqual(["getChatMember", "sendMessage"]);
    expect(texts(refused)).toEqual(["Only the admins of this chat can delete what I stored about it."]);
    expect(buttons(sent(refused)[0])).toEqual([]);
    expect(await stillStored(GROUP.id)).toBe(true);
    // The same wording in Russian as /unsubscribe's refusal.
    expect(texts(await send(textUpdate("/forget@briefing_test_bot", { chat: GROUP, userId: MEMBER, languageCode: "ru" })))).toEqual([
      "Удалять то, что я храню об этом чате, могут только его администраторы.",
    ]);
    expect(await stillStored(GROUP.id)).toBe(true);
  });

  it("lets an admin delete the group's data after confirming, and checks again who presses", async () => {
    const { send } = createRecordingBot(library, { store: temp.store, responder: answersMembers });
    await seedChat(GROUP.id, "supergroup");
    await seedChat(ADMIN);
    const [question] = sent(await send(textUpdate("/forget", { chat: GROUP, userId: ADMIN })));
    expect(question?.payload).toMatchObject({ chat_id: GROUP.id });
    expect(question?.payload.text).toContain("Delete everything I stored about this chat");
    expect(buttons(question).map((button) => button.text)).toEqual(["🗑 Delete this chat's data", "Cancel"]);
    expect(await stillStored(GROUP.id)).toBe(true);

    // A member pressing the admin's buttons is refused, both Delete and Cancel.
    for (const label of ["Delete", "Cancel"]) {
      const refused = await send(callbackUpdate(dataOf(question, label), { chat: GROUP, userId: MEMBER, messageId: messageId(question) }));
      expect(refused.map((call) => call.method), label).toEqual(["getChatMember", "answerCallbackQuery"]);
      expect(refused[1]?.payload, label).toMatchObject({ show_alert: true, text: "Only the admins of this chat can delete what I stored about it." });
    }
    expect(await stillStored(GROUP.id)).toBe(true);

    const confirmed = await send(callbackUpdate(dataOf(question, "Delete"), { chat: GROUP, userId: ADMIN, messageId: messageId(question) }));
    expect(confirmed.map((call) => call.method)).toEqual(["getChatMember", "answerCallbackQuery", "editMessageText"]);
    expect(confirmed[2]?.payload).toMatchObject({ chat_id: GROUP.id, message_id: messageId(question) });
    expect(await temp.store.chats.get(GROUP.id)).toBeUndefined();
    expect(await temp.store.subscriptions.get(GROUP.id)).toBeUndefined();
    // The admin's own private data stays.
    expect(await stillStored(ADMIN)).toBe(true);
  });

  it("lets an anonymous admin ask without a membership lookup", async () => {
    const { send } = createRecordingBot(library, { store: temp.store, responder: answersMembers });
    const asked = await send(textUpdate("/forget", { chat: GROUP, anonymousAdmin: true }));
    expect(asked.map((call) => call.method)).toEqual(["sendMessage"]);
    expect(buttons(sent(asked)[0])).toHaveLength(2);
  });
});

describe("/forget in a channel", () => {
  const CHANNEL = { id: -100777, type: "channel" as const, title: "News" };
  const ADMIN = 7;
  const SUBSCRIBER = 9;
  const answersMembers: Responder = (call) =>
    call.method === "getChatMember" && call.payload.user_id === ADMIN
      ? { ok: true, result: { status: "creator", user: { id: ADMIN, is_bot: false, first_name: "Admin" } } }
      : undefined;
  /** A channel post: signed by the channel, without `from`; only admins can post. */
  const channelPost = (text: string): Omit<Update, "update_id"> =>
    ({
      channel_post: {
        message_id: 5,
        date: 0,
        chat: CHANNEL,
        sender_chat: CHANNEL,
        text,
        entities: [{ type: "bot_command", offset: 0, length: text.length }],
      },
    }) as Omit<Update, "update_id">;

  it("asks in the channel and deletes only when one of its admins presses Delete", async () => {
    const { send } = createRecordingBot(library, { store: temp.store, responder: answersMembers });
    await seedChat(CHANNEL.id, "channel");
    const [question] = sent(await send(channelPost("/forget")));
    expect(question?.payload).toMatchObject({ chat_id: CHANNEL.id });
    const data = dataOf(question, "Delete");
    const channel: TestChat = CHANNEL as unknown as TestChat;
    const refused = await send(callbackUpdate(data, { chat: channel, userId: SUBSCRIBER, messageId: messageId(question) }));
    expect(refused.at(-1)?.payload).toMatchObject({ show_alert: true });
    expect(await stillStored(CHANNEL.id)).toBe(true);
    await send(callbackUpdate(data, { chat: channel, userId: ADMIN, messageId: messageId(question) }));
    expect(await temp.store.chats.get(CHANNEL.id)).toBeUndefined();
  });
});
