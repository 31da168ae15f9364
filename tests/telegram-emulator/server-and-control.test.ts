import type { Message } from "grammy/types";
import { describe, expect, it } from "vitest";
import { BOT_TOKEN_PATTERN, createEmulator, DEFAULT_BOT, type BotMessageEvent } from "../../src/telegram-emulator/index.js";
import { startEmulator, startedUser } from "./harness.js";

describe("the Bot API surface", () => {
  it("answers 404 Not Found for an unknown method and 401 Unauthorized for an unknown token", async () => {
    const harness = await startEmulator();
    expect(await harness.api("sendTelepathy", {})).toEqual({
      status: 404,
      body: { ok: false, error_code: 404, description: "Not Found" },
    });
    expect(await harness.api("getMe", {}, { token: "654321:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: "Unauthorized" },
    });
    const stray = await fetch(`${harness.url}/favicon.ico`);
    expect(stray.status).toBe(404);
    expect(harness.emulator.calls("sendTelepathy")).toMatchObject([{ status: 404, ok: false }]);
  });

  it("hosts a default bot whose token has grammY's shape and whose getMe is complete", async () => {
    expect(DEFAULT_BOT.token).toMatch(BOT_TOKEN_PATTERN);
    const harness = await startEmulator();
    expect(harness.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await harness.ok("getMe")).toMatchObject({
      id: DEFAULT_BOT.id,
      is_bot: true,
      username: DEFAULT_BOT.username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: true,
    });
  });

  it("hosts several bots, each with its own chats and updates", async () => {
    const second = { token: "777000:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", username: "second_test_bot", first_name: "Second" };
    const harness = await startEmulator({ bots: [DEFAULT_BOT, second] });
    const user = harness.emulator.createUser({ first_name: "Ann" });
    harness.emulator.bot("second_test_bot").sendText(user.id, "to the second bot");
    expect(harness.emulator.pendingUpdates()).toEqual([]);
    const secondUpdates = await harness.api("getUpdates", {}, { token: second.token });
    expect(secondUpdates.body.result).toMatchObject([{ message: { text: "to the second bot" } }]);
    expect((await harness.api("getMe", {}, { token: second.token })).body.result).toMatchObject({ id: 777000 });
  });

  it("refuses tokens of the wrong shape without echoing them", () => {
    expect(() => createEmulator({ bots: [{ token: "12:short-secret", username: "x_test_bot", first_name: "X" }] })).toThrow(
      /must look like/,
    );
    try {
      createEmulator({ bots: [{ token: "12:short-secret", username: "x_test_bot", first_name: "X" }] });
    } catch (error) {
      expect(String(error)).not.toContain("short-secret");
    }
  });

  it("never writes the token into its log lines", async () => {
    const lines: string[] = [];
    const harness = await startEmulator({ log: (line) => lines.push(line) });
    const userId = startedUser(harness);
    await harness.ok("sendMessage", { chat_id: userId, text: "hi" });
    await harness.api("getMe", {}, { token: "654321:CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC" });
    expect(lines.some((line) => line.includes("sendMessage -> 200"))).toBe(true);
    const secret = harness.token.split(":")[1] ?? "";
    expect(lines.join("\n")).not.toContain(secret);
    expect(lines.join("\n")).not.toContain("CCCCCCCC");
  });
});

describe("the control API", () => {
  it("drives a whole exchange over HTTP under /_emulator/", async () => {
    const harness = await startEmulator();
    const created = await harness.control("create-user", { first_name: "Ann", language_code: "en" });
    expect(created).toMatchObject({ status: 200, body: { ok: true, result: { first_name: "Ann", is_bot: false } } });
    const userId = (created.body.result as { id: number }).id;
    const sent = await harness.control("send-text", { userId, text: "/digest" });
    expect(sent.body.result).toMatchObject({ text: "/digest", entities: [{ type: "bot_command", offset: 0, length: 7 }] });

    const waiting = harness.control("wait-for-messages", { chatId: userId, count: 1, timeoutMs: 2_000 });
    await harness.ok("sendMessage", {
      chat_id: userId,
      text: "<b>Today</b>",
      parse_mode: "HTML",
      reply_markup: { inline_keyboard: [[{ text: "Open", callback_data: "open" }]] },
    });
    const [message] = (await waiting).body.result as Array<{ messageId: number; html: string }>;
    expect(message?.html).toBe("<b>Today</b>");

    const pressed = await harness.control("press-button", { chatId: userId, messageId: message?.messageId, callbackData: "open" });
    const { callbackQueryId } = pressed.body.result as { callbackQueryId: string };
    const answer = harness.control("wait-for-callback-answer", { callbackQueryId, timeoutMs: 2_000 });
    await harness.ok("answerCallbackQuery", { callback_query_id: callbackQueryId, text: "Opened" });
    expect((await answer).body.result).toEqual({ text: "Opened", showAlert: false, cacheTime: 0 });

    const viaGet = await fetch(`${harness.url}/_emulator/messages?chatId=${userId}`);
    expect(((await viaGet.json()) as { result: unknown[] }).result).toHaveLength(1);
    const calls = await harness.control("calls", { method: "answerCallbackQuery" });
    expect(calls.body.result).toMatchObject([{ method: "answerCallbackQuery", status: 200, ok: true }]);
  });

  it("answers misuse with 400 and a message, and unknown routes with 404", async () => {
    const harness = await startEmulator();
    const misuse = await harness.control("send-text", { userId: 42, text: "hi" });
    expect(misuse).toEqual({ status: 400, body: { ok: false, error: "no user 42; create it with createUser first" } });
    expect((await harness.control("teleport")).status).toBe(404);
    const fault = await harness.control("inject-fault", { method: "getMe", kind: "server", times: 1 });
    expect(fault.body.ok).toBe(true);
    expect((await harness.api("getMe")).status).toBe(500);
  });

  it("waitForMessages rejects with what the chat holds when too few messages arrive", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    await harness.ok("sendMessage", { chat_id: userId, text: "only one" });
    await expect(harness.emulator.waitForMessages(userId, 2, 50)).rejects.toThrow(
      'waitForMessages: expected at least 2 bot message(s) in chat ' + userId + ' within 50 ms, got 1: ["only one"]',
    );
  });

  it("tells onBotMessage listeners about sends, edits and deletes", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    const events: BotMessageEvent[] = [];
    const unsubscribe = harness.emulator.onBotMessage((event) => events.push(event));
    const sent = await harness.ok<Message>("sendMessage", { chat_id: userId, text: "v1" });
    await harness.ok("editMessageText", { chat_id: userId, message_id: sent.message_id, text: "v2" });
    await harness.ok("deleteMessage", { chat_id: userId, message_id: sent.message_id });
    unsubscribe();
    await harness.ok("sendMessage", { chat_id: userId, text: "unheard" });
    expect(events.map((event) => [event.kind, event.message.text])).toEqual([
      ["sent", "v1"],
      ["edited", "v2"],
      ["deleted", "v2"],
    ]);
  });
});
