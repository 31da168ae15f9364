import type { Message } from "grammy/types";
import { describe, expect, it } from "vitest";
import { startEmulator, startedUser } from "./harness.js";

describe("sendMessage", () => {
  it("returns a Message from the bot with per-chat increasing ids, and stores it", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    const first = await harness.ok<Message>("sendMessage", { chat_id: userId, text: "one" });
    const second = await harness.ok<Message>("sendMessage", { chat_id: userId, text: "two" });
    // The user's /start was message 1 of this chat.
    expect([first.message_id, second.message_id]).toEqual([2, 3]);
    expect(first.from).toMatchObject({ id: harness.emulator.botInfo.id, is_bot: true });
    expect(first.chat).toEqual({ id: userId, type: "private", first_name: "Ann" });
    expect(first.date).toBeGreaterThan(0);
    expect(harness.emulator.messages(userId).map((message) => message.text)).toEqual(["one", "two"]);
  });

  it("parses HTML into text and UTF-16 entities, and renders it back", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    const message = await harness.ok<Message>("sendMessage", {
      chat_id: userId,
      text: "👋 <b>Morning</b> brief: <a href=\"https://example.com/\">source</a>",
      parse_mode: "HTML",
    });
    expect(message.text).toBe("👋 Morning brief: source");
    expect(message.entities).toEqual([
      { type: "bold", offset: 3, length: 7 },
      { type: "text_link", offset: 18, length: 6, url: "https://example.com/" },
    ]);
    expect(harness.emulator.messages(userId)[0]?.html).toBe('👋 <b>Morning</b> brief: <a href="https://example.com/">source</a>');
  });

  it("rejects malformed HTML with Telegram's description", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    const unsupported = await harness.api("sendMessage", { chat_id: userId, text: "a <p>b</p>", parse_mode: "HTML" });
    expect(unsupported).toEqual({
      status: 400,
      body: {
        ok: false,
        error_code: 400,
        description: 'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 2',
      },
    });
    const unclosed = await harness.api("sendMessage", { chat_id: userId, text: "<b>bold", parse_mode: "HTML" });
    expect(unclosed.body.description).toBe('Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"');
  });

  it("measures the 4096 limit after entity parsing, in characters", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    const longest = "x".repeat(4096);
    expect((await harness.api("sendMessage", { chat_id: userId, text: `<b>${longest}</b>`, parse_mode: "HTML" })).status).toBe(200);
    expect((await harness.api("sendMessage", { chat_id: userId, text: "&lt;".repeat(4096), parse_mode: "HTML" })).status).toBe(200);
    // 4096 emoji are 8192 UTF-16 units but 4096 characters, which Telegram accepts.
    expect((await harness.api("sendMessage", { chat_id: userId, text: "😀".repeat(4096) })).status).toBe(200);
    const tooLong = await harness.api("sendMessage", { chat_id: userId, text: `${longest}y` });
    expect(tooLong).toMatchObject({ status: 400, body: { description: "Bad Request: message is too long" } });
  });

  it("rejects empty text, also when only tags or whitespace remain", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    for (const params of [{}, { text: "" }, { text: " \n " }, { text: "<b></b>", parse_mode: "HTML" }]) {
      const answer = await harness.api("sendMessage", { chat_id: userId, ...params });
      expect(answer.body.description).toBe("Bad Request: message text is empty");
    }
  });

  it("trims surrounding whitespace and keeps entities aligned", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    const message = await harness.ok<Message>("sendMessage", { chat_id: userId, text: "\n  <i>hi</i> there \n", parse_mode: "HTML" });
    expect(message.text).toBe("hi there");
    expect(message.entities).toEqual([{ type: "italic", offset: 0, length: 2 }]);
  });

  it("knows which chats it may write to", async () => {
    const harness = await startEmulator();
    expect((await harness.api("sendMessage", { chat_id: 999_999, text: "hi" })).body).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: chat not found",
    });
    const stranger = harness.emulator.createUser({ first_name: "Bob" });
    expect((await harness.api("sendMessage", { chat_id: stranger.id, text: "hi" })).body).toMatchObject({
      error_code: 403,
      description: "Forbidden: bot can't initiate conversation with a user",
    });
    expect((await harness.api("sendMessage", { text: "hi" })).body.description).toBe("Bad Request: chat_id is empty");
  });

  it("validates inline keyboards: callback_data is 1-64 bytes, buttons need an action", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    const send = (button: Record<string, unknown>) =>
      harness.api("sendMessage", { chat_id: userId, text: "menu", reply_markup: { inline_keyboard: [[{ text: "b", ...button }]] } });
    // 32 Cyrillic letters are 64 bytes: the most that fits.
    expect((await send({ callback_data: "я".repeat(32) })).status).toBe(200);
    expect((await send({ callback_data: `${"я".repeat(32)}x` })).body.description).toBe("Bad Request: BUTTON_DATA_INVALID");
    expect((await send({ callback_data: "" })).body.description).toBe("Bad Request: BUTTON_DATA_INVALID");
    expect((await send({})).body.description).toBe("Bad Request: text buttons are unallowed in the inline keyboard");
    expect((await send({ url: "https://example.com", callback_data: "x" })).status).toBe(400);
    expect((await send({ url: "https://example.com" })).status).toBe(200);
  });

  it("stores reply keyboards beside the message, which does not echo them", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    const keyboard = { keyboard: [["Yes", "No"]], one_time_keyboard: true };
    const message = await harness.ok<Message>("sendMessage", { chat_id: userId, text: "ok?", reply_markup: keyboard });
    expect(message.reply_markup).toBeUndefined();
    expect(harness.emulator.messages(userId)[0]?.keyboard).toEqual(keyboard);
    await harness.ok("sendMessage", { chat_id: userId, text: "bye", reply_markup: { remove_keyboard: true } });
    expect(harness.emulator.messages(userId)[1]?.keyboard).toEqual({ remove_keyboard: true });
  });

  it("answers replies with reply_to_message, and fails for a missing one unless allowed", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    const reply = await harness.ok<Message>("sendMessage", { chat_id: userId, text: "re", reply_parameters: { message_id: 1 } });
    expect(reply.reply_to_message?.text).toBe("/start");
    expect((await harness.api("sendMessage", { chat_id: userId, text: "re", reply_parameters: { message_id: 99 } })).body.description).toBe(
      "Bad Request: message to be replied not found",
    );
    const allowed = await harness.api("sendMessage", {
      chat_id: userId,
      text: "re",
      reply_parameters: { message_id: 99, allow_sending_without_reply: true },
      link_preview_options: { is_disabled: true },
    });
    expect(allowed.body.result).toMatchObject({ link_preview_options: { is_disabled: true } });
  });

  it("reads urlencoded, multipart and query-string parameters too", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    const markup = JSON.stringify({ inline_keyboard: [[{ text: "Go", callback_data: "go" }]] });
    const form = new URLSearchParams({ chat_id: String(userId), text: "<b>form</b>", parse_mode: "HTML", reply_markup: markup });
    const urlencoded = await fetch(`${harness.url}/bot${harness.token}/sendMessage`, { method: "POST", body: form });
    expect(((await urlencoded.json()) as { result: Message }).result.reply_markup).toEqual(JSON.parse(markup));

    const multipart = new FormData();
    multipart.set("chat_id", String(userId));
    multipart.set("text", "multipart");
    multipart.set("reply_markup", markup);
    const multipartAnswer = await fetch(`${harness.url}/bot${harness.token}/sendMessage`, { method: "POST", body: multipart });
    expect(((await multipartAnswer.json()) as { result: Message }).result.text).toBe("multipart");

    const viaGet = await fetch(`${harness.url}/bot${harness.token}/sendMessage?chat_id=${userId}&text=get`);
    expect(((await viaGet.json()) as { result: Message }).result.text).toBe("get");
    // Method names are case-insensitive on Telegram.
    expect((await harness.api("SENDMESSAGE", { chat_id: userId, text: "caps" })).status).toBe(200);
    expect(harness.emulator.calls("sendMessage").at(0)?.params.reply_markup).toEqual(JSON.parse(markup));
  });
});

describe("editing and deleting", () => {
  it("edits text and keyboard, and refuses an edit that changes nothing", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    const keyboard = { inline_keyboard: [[{ text: "More", callback_data: "more" }]] };
    const sent = await harness.ok<Message>("sendMessage", { chat_id: userId, text: "<b>v1</b>", parse_mode: "HTML", reply_markup: keyboard });
    const same = await harness.api("editMessageText", {
      chat_id: userId,
      message_id: sent.message_id,
      text: "<b>v1</b>",
      parse_mode: "HTML",
      reply_markup: { inline_keyboard: [[{ callback_data: "more", text: "More" }]] },
    });
    expect(same.body.description).toBe(
      "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    );
    const edited = await harness.ok<Message>("editMessageText", {
      chat_id: userId,
      message_id: sent.message_id,
      text: "<i>v2</i>",
      parse_mode: "HTML",
      reply_markup: keyboard,
    });
    expect(edited).toMatchObject({ text: "v2", entities: [{ type: "italic", offset: 0, length: 2 }], reply_markup: keyboard });
    expect(edited.edit_date).toBeGreaterThan(0);
    // An edit without reply_markup removes the keyboard, as on Telegram.
    await harness.ok("editMessageText", { chat_id: userId, message_id: sent.message_id, text: "v3" });
    const [view] = harness.emulator.messages(userId);
    expect(view).toMatchObject({ text: "v3", html: "v3" });
    expect(view?.replyMarkup).toBeUndefined();

    await harness.ok("editMessageReplyMarkup", { chat_id: userId, message_id: sent.message_id, reply_markup: keyboard });
    expect(harness.emulator.messages(userId)[0]?.replyMarkup).toEqual(keyboard);
    const unchanged = await harness.api("editMessageReplyMarkup", { chat_id: userId, message_id: sent.message_id, reply_markup: keyboard });
    expect(unchanged.body.description).toMatch(/^Bad Request: message is not modified/);
  });

  it("fails edits of unknown or foreign messages", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    expect((await harness.api("editMessageText", { chat_id: userId, message_id: 50, text: "x" })).body.description).toBe(
      "Bad Request: message to edit not found",
    );
    expect((await harness.api("editMessageText", { chat_id: userId, message_id: 1, text: "x" })).body.description).toBe(
      "Bad Request: message can't be edited",
    );
  });

  it("deletes messages, which then vanish from messages() and cannot be edited", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    const sent = await harness.ok<Message>("sendMessage", { chat_id: userId, text: "temporary" });
    expect(await harness.ok("deleteMessage", { chat_id: userId, message_id: sent.message_id })).toBe(true);
    expect(harness.emulator.messages(userId)).toEqual([]);
    expect((await harness.api("deleteMessage", { chat_id: userId, message_id: sent.message_id })).body.description).toBe(
      "Bad Request: message to delete not found",
    );
    expect((await harness.api("editMessageText", { chat_id: userId, message_id: sent.message_id, text: "x" })).body.description).toBe(
      "Bad Request: message to edit not found",
    );
  });

  it("records chat actions and rejects unknown ones", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    await harness.ok("sendChatAction", { chat_id: userId, action: "typing" });
    expect(harness.emulator.chatActions(userId).map((entry) => entry.action)).toEqual(["typing"]);
    expect((await harness.api("sendChatAction", { chat_id: userId, action: "dancing" })).status).toBe(400);
  });
});
