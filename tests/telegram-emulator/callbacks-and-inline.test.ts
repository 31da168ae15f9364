import type { Message, Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { startEmulator, startedUser, type Harness } from "./harness.js";

async function sendMenu(harness: Harness, userId: number): Promise<Message> {
  return harness.ok<Message>("sendMessage", {
    chat_id: userId,
    text: "Pick a topic",
    reply_markup: { inline_keyboard: [[{ text: "Economy", callback_data: "topic:economy" }]] },
  });
}

const article = (id: string, text = "Body") => ({
  type: "article",
  id,
  title: `Result ${id}`,
  input_message_content: { message_text: text, parse_mode: "HTML" },
});

describe("callback queries", () => {
  it("turns a button press into a callback_query update and hands the bot's answer to the test", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    const menu = await sendMenu(harness, userId);
    const { callbackQueryId } = harness.emulator.pressButton(userId, menu.message_id, "topic:economy");

    const updates = await harness.ok<Update[]>("getUpdates", { offset: -1 });
    expect(updates[0]?.callback_query).toMatchObject({
      id: callbackQueryId,
      from: { id: userId },
      data: "topic:economy",
      message: { message_id: menu.message_id, text: "Pick a topic" },
    });

    const answer = harness.emulator.waitForCallbackAnswer(callbackQueryId, 2_000);
    await harness.ok("answerCallbackQuery", { callback_query_id: callbackQueryId, text: "Loading…", show_alert: true });
    expect(await answer).toEqual({ text: "Loading…", showAlert: true, cacheTime: 0 });
  });

  it("rejects unknown, repeated and over-long answers", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    const menu = await sendMenu(harness, userId);
    const tooOld = "Bad Request: query is too old and response timeout expired or query ID is invalid";
    expect((await harness.api("answerCallbackQuery", { callback_query_id: "nope" })).body.description).toBe(tooOld);

    const { callbackQueryId } = harness.emulator.pressButton(userId, menu.message_id, "topic:economy");
    expect((await harness.api("answerCallbackQuery", { callback_query_id: callbackQueryId, text: "x".repeat(201) })).status).toBe(400);
    await harness.ok("answerCallbackQuery", { callback_query_id: callbackQueryId, text: "x".repeat(200) });
    expect((await harness.api("answerCallbackQuery", { callback_query_id: callbackQueryId })).body.description).toBe(tooOld);
  });

  it("refuses to press a button that is not there, and times out a wait clearly", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    const menu = await sendMenu(harness, userId);
    expect(() => harness.emulator.pressButton(userId, menu.message_id, "topic:sports")).toThrow(/has no button with callback_data "topic:sports"/);
    const { callbackQueryId } = harness.emulator.pressButton(userId, menu.message_id, "topic:economy");
    await expect(harness.emulator.waitForCallbackAnswer(callbackQueryId, 50)).rejects.toThrow(/did not answer callback query/);
  });
});

describe("inline mode", () => {
  it("delivers an inline query and resolves with the bot's answer", async () => {
    const harness = await startEmulator();
    const user = harness.emulator.createUser({ first_name: "Ann" });
    const answer = harness.emulator.inlineQuery(user.id, "econ", { timeoutMs: 3_000 });
    const [update] = await harness.ok<Update[]>("getUpdates", { offset: -1 });
    expect(update?.inline_query).toMatchObject({ from: { id: user.id }, query: "econ", offset: "" });
    await harness.ok("answerInlineQuery", {
      inline_query_id: update?.inline_query?.id,
      results: [article("a1", "<b>Economy</b> digest")],
      cache_time: 0,
      is_personal: true,
      next_offset: "10",
    });
    const result = await answer;
    expect(result).toMatchObject({ cacheTime: 0, isPersonal: true, nextOffset: "10" });
    expect(result.results.map((item) => item.id)).toEqual(["a1"]);
    expect(result.messages.a1).toMatchObject({ text: "Economy digest", html: "<b>Economy</b> digest" });
  });

  it("enforces the result count, id and offset limits, and parse-checks message text", async () => {
    const harness = await startEmulator();
    const user = harness.emulator.createUser({ first_name: "Ann" });
    const attempt = async (params: Record<string, unknown>) => {
      void harness.emulator.inlineQuery(user.id, "q", { timeoutMs: 1_000 }).catch(() => undefined);
      const [update] = await harness.ok<Update[]>("getUpdates", { offset: -1 });
      return (await harness.api("answerInlineQuery", { inline_query_id: update?.inline_query?.id, ...params })).body.description;
    };
    const fifty = Array.from({ length: 50 }, (_, index) => article(`r${index}`));
    expect(await attempt({ results: fifty })).toBeUndefined();
    expect(await attempt({ results: [...fifty, article("r50")] })).toBe("Bad Request: RESULTS_TOO_MUCH");
    expect(await attempt({ results: [article("same"), article("same")] })).toBe("Bad Request: RESULT_ID_DUPLICATE");
    expect(await attempt({ results: [article("я".repeat(33))] })).toBe("Bad Request: RESULT_ID_INVALID");
    expect(await attempt({ results: [article("")] })).toBe("Bad Request: RESULT_ID_INVALID");
    expect(await attempt({ results: [], next_offset: "x".repeat(65) })).toBe("Bad Request: NEXT_OFFSET_INVALID");
    expect(await attempt({ results: [article("bad", "<b>open")] })).toBe(
      'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"',
    );
    expect(await attempt({ results: [article("long", "x".repeat(4097))] })).toBe("Bad Request: message is too long");
  });

  it("records a chosen result as an inline message that the bot can edit by inline_message_id", async () => {
    const harness = await startEmulator();
    const user = harness.emulator.createUser({ first_name: "Ann" });
    const answer = harness.emulator.inlineQuery(user.id, "share", { timeoutMs: 3_000 });
    const [queryUpdate] = await harness.ok<Update[]>("getUpdates", { offset: -1 });
    const withButton = { ...article("s1", "Shared <i>digest</i>"), reply_markup: { inline_keyboard: [[{ text: "More", callback_data: "more" }]] } };
    await harness.ok("answerInlineQuery", { inline_query_id: queryUpdate?.inline_query?.id, results: [withButton] });
    await answer;

    const record = harness.emulator.chooseInlineResult(user.id, "s1", "share", { chatId: 777 });
    expect(record).toMatchObject({ resultId: "s1", text: "Shared digest", chatId: 777 });
    const [chosenUpdate] = await harness.ok<Update[]>("getUpdates", { offset: (queryUpdate?.update_id ?? 0) + 1 });
    expect(chosenUpdate?.chosen_inline_result).toMatchObject({ result_id: "s1", query: "share", inline_message_id: record.inlineMessageId });

    const edit = { inline_message_id: record.inlineMessageId, text: "Updated", reply_markup: withButton.reply_markup };
    expect(await harness.ok("editMessageText", edit)).toBe(true);
    expect(harness.emulator.inlineMessages()[0]).toMatchObject({ text: "Updated", editDate: expect.any(Number) });
    expect((await harness.api("editMessageText", edit)).body.description).toMatch(/^Bad Request: message is not modified/);
    const press = harness.emulator.pressInlineButton(record.inlineMessageId ?? "", user.id, "more");
    const updates = await harness.ok<Update[]>("getUpdates", { offset: -1 });
    expect(updates[0]?.callback_query).toMatchObject({ id: press.callbackQueryId, inline_message_id: record.inlineMessageId });
  });

  it("rejects the wait when the bot never answers", async () => {
    const harness = await startEmulator();
    const user = harness.emulator.createUser({ first_name: "Ann" });
    await expect(harness.emulator.inlineQuery(user.id, "silence", { timeoutMs: 50 })).rejects.toThrow(
      /did not answer inline query "silence"/,
    );
  });
});
