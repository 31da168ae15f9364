import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore, type Store } from "../../src/store/index.js";
import { createEmulator, type Emulator } from "../../src/telegram-emulator/index.js";
import { startBotProcess, tempDir, waitFor, type BotProcess } from "./bot-process.js";

const SUBSCRIBERS = 80;

function digestsOf(emulator: Emulator, userId: number): number {
  // The header in either language starts with the same mark.
  return emulator.messages(userId).filter((message) => message.text.startsWith("📬")).length;
}

/** The daily broadcast of the real bot process, stopped with SIGTERM halfway and started again. */
describe("a restart in the middle of a broadcast", () => {
  let emulator: Emulator;
  let apiRoot: string;
  let databasePath: string;
  let store: Store;
  let bot: BotProcess;
  const users: number[] = [];

  const start = async (): Promise<BotProcess> => {
    const process = startBotProcess({
      BOT_TOKEN: emulator.bots[0]?.token ?? "",
      BOT_API_ROOT: apiRoot,
      DATABASE_PATH: databasePath,
      // Looks for due digests every second, so the test needs no real minutes.
      DIGEST_CRON: "* * * * * *",
    });
    await process.started();
    return process;
  };

  beforeAll(async () => {
    emulator = createEmulator();
    apiRoot = (await emulator.start()).url;
    databasePath = join(tempDir(), "bot.sqlite");
    bot = await start();
    store = createStore({ databasePath });
  });

  afterAll(async () => {
    if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
    await store.close();
    await emulator.stop();
  });

  it("loses no digest and sends none twice", async () => {
    for (let index = 0; index < SUBSCRIBERS; index += 1) {
      const user = emulator.createUser({ first_name: `User ${index}`, language_code: index % 2 === 0 ? "ru" : "en" });
      users.push(user.id);
      emulator.sendText(user.id, "/start");
    }
    for (const userId of users) await emulator.waitForMessages(userId, 1, 20_000);
    const now = Date.now();
    for (const userId of users) {
      await store.subscriptions.save({ chatId: userId, topics: ["trade", "space"], deliveryTime: "00:00", timeZone: "UTC", nextRunAt: now });
    }
    const delivered = (): number => users.filter((userId) => digestsOf(emulator, userId) > 0).length;
    await waitFor(() => delivered() >= SUBSCRIBERS / 4, "the broadcast starts", 30_000);

    const { code } = await bot.terminate();
    expect(code).toBe(0);
    const deliveredAtStop = delivered();
    expect(deliveredAtStop).toBeLessThan(SUBSCRIBERS);

    bot = await start();
    await waitFor(() => delivered() === SUBSCRIBERS, "every subscriber gets a digest", 30_000, () => `delivered ${delivered()}`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(users.map((userId) => digestsOf(emulator, userId))).toEqual(users.map(() => 1));
    const russian = emulator.messages(users[0] ?? 0).find((message) => message.text.startsWith("📬"));
    expect(russian?.text).toContain("Международной научной лунной станции");
    expect((await bot.terminate()).code).toBe(0);
  }, 90_000);
});
