import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/telegram-emulator/index.js";
import { startBotProcess, tempDir, type BotProcess } from "./bot-process.js";

/**
 * The real bot process, long polling the emulator over HTTP with a real SQLite file, driven the
 * way people use it.
 */
describe("the bot process against the emulator", () => {
  let emulator: Emulator;
  let bot: BotProcess;
  let token: string;

  beforeAll(async () => {
    emulator = createEmulator();
    const { url } = await emulator.start();
    token = emulator.bots[0]?.token ?? "";
    bot = startBotProcess({
      BOT_TOKEN: token,
      BOT_API_ROOT: url,
      DATABASE_PATH: join(tempDir(), "bot.sqlite"),
      LOG_LEVEL: "info",
    });
    await bot.started();
  });

  afterAll(async () => {
    if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
    await emulator.stop();
  });

  it("welcomes a Russian speaker and an English speaker in their languages", async () => {
    const ru = emulator.createUser({ first_name: "Аня", language_code: "ru" });
    const en = emulator.createUser({ first_name: "Ann", language_code: "en" });
    emulator.sendText(ru.id, "/start");
    emulator.sendText(en.id, "/start");
    const [ruWelcome] = await emulator.waitForMessages(ru.id, 1);
    const [enWelcome] = await emulator.waitForMessages(en.id, 1);
    expect(ruWelcome?.text).toContain("Здравствуйте, Аня!");
    expect(enWelcome?.text).toContain("Hello, Ann!");
    expect(ruWelcome?.replyMarkup?.inline_keyboard.flat().map((button) => button.text)).toContain("🧊 Арктика");
  });

  it("answers /space, /arctic and an alias with briefings, bold titles and the source", async () => {
    const user = emulator.createUser({ first_name: "Ann", language_code: "en" });
    emulator.sendText(user.id, "/space");
    emulator.sendText(user.id, "/arctic");
    emulator.sendText(user.id, "/cosmos");
    const [space, arctic, alias] = await emulator.waitForMessages(user.id, 3);
    expect(space?.html).toContain("<b>🚀 Space</b>");
    expect(space?.text).toContain("Международной научной лунной станции");
    expect(space?.text).toContain("Source: Sputnik Belarus, 4 November 2025");
    expect(arctic?.text).toContain("Арктического совета");
    expect(alias?.text).toBe(space?.text);
  });

  it("answers an unknown command with the topics, and plain text with a topic's briefing or a search", async () => {
    const user = emulator.createUser({ first_name: "Ann", language_code: "en" });
    emulator.sendText(user.id, "/weather");
    emulator.sendText(user.id, "hello?");
    emulator.sendText(user.id, "космос");
    emulator.sendText(user.id, "лунной станции");
    const [unknown, text, topic, search] = await emulator.waitForMessages(user.id, 4);
    expect(unknown?.text).toContain("I don't know that command");
    expect(text?.text).toContain("Nothing found for «hello?». Pick a topic:");
    expect(text?.replyMarkup?.inline_keyboard.flat()).toHaveLength(6);
    expect(topic?.html).toMatch(/^<b>🚀 Space<\/b>/u);
    expect(search?.html).toMatch(/^🔎 Found for «лунной станции»:\n\n<b>🚀 Space<\/b>/u);
    expect(search?.html).toContain("<b>лунной</b>");
    expect(unknown?.replyMarkup?.inline_keyboard.flat()).toHaveLength(6);
  });

  it("sends the full text on its button and shares through inline mode", async () => {
    const user = emulator.createUser({ first_name: "Ann", language_code: "ru" });
    emulator.sendText(user.id, "/space");
    const [briefing] = await emulator.waitForMessages(user.id, 1);
    const [fullText, share, sendToContact, copyLink] = briefing?.replyMarkup?.inline_keyboard.flat() ?? [];
    expect(fullText?.text).toBe("📄 Полный текст");
    // Sharing in one tap: a chat picked by the user, or the deep link on the clipboard.
    expect(sendToContact).toEqual({
      text: "👤 Отправить контакту",
      switch_inline_query_chosen_chat: { query: "space", allow_user_chats: true, allow_group_chats: true },
    });
    expect(copyLink).toEqual({ text: "🔗 Скопировать ссылку", copy_text: { text: `https://t.me/${emulator.bots[0]?.username}?start=space` } });
    const { callbackQueryId } = emulator.pressButton(
      user.id,
      briefing?.messageId ?? 0,
      fullText !== undefined && "callback_data" in fullText ? fullText.callback_data : "",
    );
    await emulator.waitForCallbackAnswer(callbackQueryId);
    const messages = await emulator.waitForMessages(user.id, 2);
    expect(messages[1]?.text).toContain("Премьеры двух стран выступили за расширение авиасообщения");

    const query = share !== undefined && "switch_inline_query" in share ? (share.switch_inline_query ?? "") : "";
    expect(query).toBe("space");
    const answer = await emulator.inlineQuery(user.id, query);
    expect(answer.results[0]?.id).toBe("topic:space");
    expect(answer.messages["topic:space"]?.text).toContain("Международной научной лунной станции");
    // The message a contact receives carries the deep link, so it works forwarded again.
    expect(answer.messages["topic:space"]?.html).toContain(`<a href="https://t.me/${emulator.bots[0]?.username}?start=space">`);
    emulator.chooseInlineResult(user.id, "topic:space", query);
  });

  it("still answers when Telegram says 429 and when it fails with a 5xx once", async () => {
    const user = emulator.createUser({ first_name: "Ann", language_code: "en" });
    emulator.injectFault({ method: "sendMessage", chatId: user.id, kind: "flood", retryAfter: 1, times: 1 });
    emulator.sendText(user.id, "/arctic");
    const [afterFlood] = await emulator.waitForMessages(user.id, 1, 10_000);
    expect(afterFlood?.text).toContain("Arctic");
    emulator.injectFault({ method: "sendMessage", chatId: user.id, kind: "server", times: 1 });
    emulator.sendText(user.id, "/space");
    const messages = await emulator.waitForMessages(user.id, 2, 10_000);
    expect(messages[1]?.text).toContain("Space");
  });

  it("keeps serving others when one user has blocked the bot or the API keeps failing for one chat", async () => {
    const blocked = emulator.createUser({ first_name: "Gone", language_code: "en" });
    const failing = emulator.createUser({ first_name: "Unlucky", language_code: "en" });
    const other = emulator.createUser({ first_name: "Other", language_code: "en" });
    emulator.injectFault({ method: "sendMessage", chatId: blocked.id, kind: "blocked" });
    emulator.injectFault({ method: "sendMessage", chatId: failing.id, kind: "server", times: 10 });
    emulator.sendText(blocked.id, "/space");
    emulator.sendText(failing.id, "/space");
    emulator.sendText(other.id, "/space");
    const [answer] = await emulator.waitForMessages(other.id, 1, 10_000);
    expect(answer?.text).toContain("Space");
    expect(emulator.messages(blocked.id)).toHaveLength(0);
    emulator.clearFaults();
    emulator.sendText(other.id, "/arctic");
    expect((await emulator.waitForMessages(other.id, 2, 10_000))[1]?.text).toContain("Arctic");
  });

  it("never prints the token", () => {
    expect(bot.output().length).toBeGreaterThan(0);
    expect(bot.output()).not.toContain(token.split(":")[1] ?? token);
  });

  it("stops cleanly on SIGTERM", async () => {
    const { code, ms } = await bot.terminate();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(bot.output()).toContain("stopped");
  });
});
