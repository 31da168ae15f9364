import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InlineKeyboardButton } from "grammy/types";
import { createStore } from "../../src/store/index.js";
import { createEmulator, type Emulator } from "../../src/telegram-emulator/index.js";
import { startBotProcess, tempDir, type BotProcess } from "./bot-process.js";

function callbackData(button: InlineKeyboardButton | undefined): string {
  return button !== undefined && "callback_data" in button ? button.callback_data : "";
}

/**
 * Subscribing through the real bot process: the dialogue by buttons and typed answers, a restart
 * of the process in the middle of it, and /digest.
 */
describe("subscribing through the bot process", () => {
  let emulator: Emulator;
  let apiRoot: string;
  let databasePath: string;
  let bot: BotProcess;

  const start = async (): Promise<BotProcess> => {
    const process = startBotProcess({ BOT_TOKEN: emulator.bots[0]?.token ?? "", BOT_API_ROOT: apiRoot, DATABASE_PATH: databasePath });
    await process.started();
    return process;
  };

  beforeAll(async () => {
    emulator = createEmulator();
    apiRoot = (await emulator.start()).url;
    databasePath = join(tempDir(), "bot.sqlite");
    bot = await start();
  });

  afterAll(async () => {
    if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
    await emulator.stop();
  });

  /** Presses the button whose callback data starts with `prefix` on the bot's latest message that has one. */
  async function press(userId: number, prefix: string): Promise<void> {
    const message = [...emulator.messages(userId)]
      .reverse()
      .find((candidate) => candidate.replyMarkup?.inline_keyboard.flat().some((button) => callbackData(button).startsWith(prefix)));
    const button = message?.replyMarkup?.inline_keyboard.flat().find((candidate) => callbackData(candidate).startsWith(prefix));
    expect(button, `a button ${prefix}`).toBeDefined();
    const { callbackQueryId } = emulator.pressButton(userId, message?.messageId ?? 0, callbackData(button));
    await emulator.waitForCallbackAnswer(callbackQueryId, 10_000);
  }

  it("walks a Russian speaker through topics, a typed time and a zone, across a restart", async () => {
    const user = emulator.createUser({ first_name: "Аня", language_code: "ru" });
    emulator.sendText(user.id, "/subscribe");
    await emulator.waitForMessages(user.id, 1);
    await press(user.id, "sub-done");
    await emulator.waitForMessages(user.id, 2);
    emulator.sendText(user.id, "25:99");
    const [, , invalid] = await emulator.waitForMessages(user.id, 3);
    expect(invalid?.text).toContain("25:99");

    // The process goes down in the middle of the dialogue and comes back.
    expect((await bot.terminate()).code).toBe(0);
    bot = await start();

    emulator.sendText(user.id, "7:30");
    const zonePrompt = (await emulator.waitForMessages(user.id, 4))[3];
    expect(zonePrompt?.text).toContain("07:30");
    emulator.sendText(user.id, "Asia/Kathmandu");
    const saved = (await emulator.waitForMessages(user.id, 5))[4];
    expect(saved?.text).toContain("Asia/Kathmandu");
    expect(saved?.text).toContain("07:30");

    const store = createStore({ databasePath });
    try {
      const subscription = await store.subscriptions.get(user.id);
      expect(subscription?.deliveryTime).toBe("07:30");
      expect(subscription?.timeZone).toBe("Asia/Kathmandu");
      expect(subscription?.topics.length).toBe(6);
      // 07:30 in Kathmandu (+05:45) is 01:45 UTC.
      expect(new Date(subscription?.nextRunAt ?? 0).toISOString().slice(11, 16)).toBe("01:45");
    } finally {
      await store.close();
    }
  });

  it("subscribes in one line and sends the digest on /digest, then says nothing is new", async () => {
    const user = emulator.createUser({ first_name: "Ann", language_code: "en" });
    emulator.sendText(user.id, "/subscribe space arctic 08:00 Europe/Moscow");
    const [saved] = await emulator.waitForMessages(user.id, 1);
    expect(saved?.text).toContain("Daily digest is set up");
    emulator.sendText(user.id, "/digest");
    const digest = (await emulator.waitForMessages(user.id, 2))[1];
    expect(digest?.text).toContain("Daily digest");
    expect(digest?.text).toContain("Международной научной лунной станции");
    expect(digest?.text).toContain("Арктического совета");
    expect(digest?.text).not.toContain("санкциями");
    emulator.sendText(user.id, "/digest");
    const nothing = (await emulator.waitForMessages(user.id, 3))[2];
    expect(nothing?.text).toContain("Nothing new since the last digest");
  });
});
