/**
 * What a new user sees, through the real bot process and the emulator: /help naming every
 * command, /digest without a subscription, a settings change that says "changed" and "next
 * digest", one Russian word for the digest, a city typed in Russian, and the bot in Chinese.
 */
import { join } from "node:path";
import type { InlineKeyboardButton } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/telegram-emulator/index.js";
import { startBotProcess, tempDir, type BotProcess } from "./bot-process.js";

function dataOf(buttons: InlineKeyboardButton[] | undefined, text: string): string {
  const button = buttons?.find((candidate) => candidate.text.includes(text));
  return button !== undefined && "callback_data" in button ? button.callback_data : "";
}

describe("a newcomer's first hour", () => {
  let emulator: Emulator;
  let bot: BotProcess;

  beforeAll(async () => {
    emulator = createEmulator();
    const { url } = await emulator.start();
    bot = startBotProcess({ BOT_TOKEN: emulator.bots[0]?.token ?? "", BOT_API_ROOT: url, DATABASE_PATH: join(tempDir(), "db.sqlite") });
    await bot.started();
  });
  afterAll(async () => {
    await bot.terminate();
    await emulator.stop();
  });

  /** Sends `text` and resolves with the bot's next message in that chat. */
  async function say(userId: number, text: string) {
    const before = emulator.messages(userId).length;
    emulator.sendText(userId, text);
    const messages = await emulator.waitForMessages(userId, before + 1);
    return messages[before];
  }

  /** Presses `label` under `message` and resolves with the bot's next message. */
  async function press(userId: number, message: { messageId: number; replyMarkup?: { inline_keyboard: InlineKeyboardButton[][] } } | undefined, label: string) {
    const before = emulator.messages(userId).length;
    const { callbackQueryId } = emulator.pressButton(userId, message?.messageId ?? 0, dataOf(message?.replyMarkup?.inline_keyboard.flat(), label));
    await emulator.waitForCallbackAnswer(callbackQueryId);
    return (await emulator.waitForMessages(userId, before + 1))[before];
  }

  it("lists every command in /help", async () => {
    const user = emulator.createUser({ first_name: "Ann", language_code: "en" });
    const help = await say(user.id, "/help");
    for (const command of ["topics", "subscribe", "settings", "digest", "pause", "resume", "unsubscribe", "forget", "cancel", "start", "help"]) {
      expect(help?.text, command).toContain(`/${command}`);
    }
  });

  it("answers /digest without a subscription with Daily digest and Everything now", async () => {
    const user = emulator.createUser({ first_name: "Ann", language_code: "en" });
    const offer = await say(user.id, "/digest");
    expect(offer?.text).toMatch(/^There is no daily digest here yet/u);
    expect(offer?.replyMarkup?.inline_keyboard.flat().map((button) => button.text)).toEqual(["🔔 Daily digest", "📨 Everything now"]);
    const digest = await press(user.id, offer, "Everything now");
    expect(digest?.html).toMatch(/^📬 <b>Daily digest<\/b>/u);
  });

  it("says which field a settings button changes, then 'changed' and the next digest, in Russian with one word for the digest", async () => {
    const user = emulator.createUser({ first_name: "Аня", language_code: "ru" });
    const saved = await say(user.id, "/subscribe space 8:00 Москва");
    expect(saved?.text).toContain("Ежедневный дайджест настроен.");
    expect(saved?.text).toContain("Каждый день в 08:00 (Europe/Moscow)");
    expect(saved?.text).not.toMatch(/сводк/iu);
    const settings = await say(user.id, "/settings");
    const question = await press(user.id, settings, "Время");
    expect(question?.text).toMatch(/^Настройки дайджеста: время/u);
    expect(question?.text).not.toContain("Шаг");
    const changed = await press(user.id, question, "09:00");
    expect(changed?.text).toContain("Ежедневный дайджест изменён.");
    expect(changed?.text).toContain("Следующий дайджест:");
    expect(changed?.text).not.toContain("Первый");
  });

  it("speaks Chinese to a zh-hans user, guessing Beijing time and reading 上海 as a zone", async () => {
    const user = emulator.createUser({ first_name: "小明", language_code: "zh-hans" });
    expect((await say(user.id, "/start"))?.text).toContain("小明，您好！");
    const saved = await say(user.id, "/subscribe space 08:00 上海");
    expect(saved?.text).toContain("每日摘要已设置好。");
    expect(saved?.text).toContain("每天 08:00（Asia/Shanghai）");
    const briefing = await say(user.id, "/space");
    expect(briefing?.text).toMatch(/来源：.*2025年/u);
  });
});
