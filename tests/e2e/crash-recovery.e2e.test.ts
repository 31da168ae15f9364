import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStore } from "../../src/store/index.js";
import { createEmulator, type Emulator } from "../../src/telegram-emulator/index.js";
import { startBotProcess, tempDir, waitFor, type BotProcess } from "./bot-process.js";

/** The six topics' commands and a phrase of each one's English briefing header. */
const TOPIC_COMMANDS = ["overview", "trade", "tech", "space", "orgs", "arctic"] as const;

/**
 * Long polling when the bot process dies or the Bot API fails: the real process, the emulator,
 * and a SQLite file that outlives the process.
 */
describe("crashes, restarts and a failing Bot API in long polling", () => {
  let emulator: Emulator;
  let apiRoot: string;
  let databasePath: string;
  let bot: BotProcess | undefined;

  const start = async (env: Record<string, string> = {}): Promise<BotProcess> => {
    const started = startBotProcess({
      BOT_TOKEN: emulator.bots[0]?.token ?? "",
      BOT_API_ROOT: apiRoot,
      DATABASE_PATH: databasePath,
      ...env,
    });
    bot = started;
    await started.started();
    return started;
  };

  const kill = async (process: BotProcess): Promise<void> => {
    process.child.kill("SIGKILL");
    await process.exited;
  };

  beforeEach(async () => {
    emulator = createEmulator();
    apiRoot = (await emulator.start()).url;
    databasePath = join(tempDir(), "bot.sqlite");
  });

  afterEach(async () => {
    if (bot !== undefined && bot.child.exitCode === null) bot.child.kill("SIGKILL");
    await emulator.stop();
  });

  it("answers every command sent before a kill -9, once the bot is back", async () => {
    let process = await start();
    // Every reply takes a second, so most commands are still waiting when the process dies.
    const slow = emulator.injectFault({ method: "sendMessage", kind: "slow", delayMs: 1_000 });
    const users = Array.from({ length: 5 }, (_, index) => emulator.createUser({ first_name: `User ${index}`, language_code: "en" }));
    for (const user of users) for (const command of TOPIC_COMMANDS) emulator.sendText(user.id, `/${command}`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await kill(process);
    const answeredBeforeKill = users.map((user) => emulator.messages(user.id).length);
    expect(Math.max(...answeredBeforeKill)).toBeLessThan(TOPIC_COMMANDS.length);
    emulator.removeFault(slow.id);

    process = await start();
    for (const user of users) {
      await waitFor(() => emulator.messages(user.id).length >= TOPIC_COMMANDS.length, `user ${user.id} has every answer`, 30_000);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const user of users) {
      const answers = emulator.messages(user.id);
      // At most the one reply in flight at the kill repeats: one chat's updates run one at a time.
      expect(answers.length).toBeLessThanOrEqual(TOPIC_COMMANDS.length + 1);
    }
    expect((await process.terminate()).code).toBe(0);
  }, 90_000);

  it("gets updates flowing within 3 s of the Bot API answering again after dropped connections and 500s", async () => {
    const process = await start();
    const user = emulator.createUser({ first_name: "Ann", language_code: "ru" });
    for (const fault of [{ kind: "drop" as const, times: 5 }, { kind: "server" as const, times: 5 }]) {
      const before = emulator.calls("getUpdates").length;
      emulator.injectFault({ method: "getUpdates", ...fault });
      // The held poll ends by itself; a message wakes it so the faults are met at once.
      emulator.sendText(user.id, "/space");
      await waitFor(() => emulator.calls("getUpdates").length >= before + 6, "the faults are spent", 30_000);
      const answered = emulator.messages(user.id).length;
      const sentAt = Date.now();
      emulator.sendText(user.id, "/arctic");
      await waitFor(() => emulator.messages(user.id).length >= answered + 1, "the answer after recovery", 10_000);
      expect(Date.now() - sentAt).toBeLessThan(3_000);
    }
    expect((await process.terminate()).code).toBe(0);
  }, 90_000);

  it("exits 0 within 10 s on SIGTERM while a reply waits out a 429, and sends that reply after the restart", async () => {
    let process = await start();
    const user = emulator.createUser({ first_name: "Ann", language_code: "en" });
    const flood = emulator.injectFault({ method: "sendMessage", chatId: user.id, kind: "flood", retryAfter: 30 });
    emulator.sendText(user.id, "/space");
    await waitFor(() => emulator.calls("sendMessage").some((call) => String(call.params.chat_id) === String(user.id)), "the 429", 10_000);
    const { code, ms } = await process.terminate();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(process.output()).toContain("update abandoned at shutdown");
    emulator.removeFault(flood.id);

    process = await start();
    const [reply] = await emulator.waitForMessages(user.id, 1, 15_000);
    expect(reply?.text).toContain("Международной научной лунной станции");
    expect((await process.terminate()).code).toBe(0);
  }, 60_000);

  it("resumes the scheduler and a digest it had claimed at once after a kill -9, not after the lease", async () => {
    // A tick every second; default lease (90 s) and claim (10 min): waiting those out would fail the test.
    let process = await start({ DIGEST_CRON: "* * * * * *" });
    const user = emulator.createUser({ first_name: "Ann", language_code: "en" });
    emulator.sendText(user.id, "/start");
    await emulator.waitForMessages(user.id, 1, 10_000);
    const store = createStore({ databasePath });
    try {
      // The digest's sends fail with 500s and are retried, so the process is killed while it holds the claim.
      emulator.injectFault({ method: "sendMessage", chatId: user.id, kind: "server" });
      await store.subscriptions.save({ chatId: user.id, topics: ["space"], deliveryTime: "00:00", timeZone: "UTC", nextRunAt: Date.now() });
      let claimed = 0;
      await waitFor(
        () => {
          void store.deliveries.countByStatusSince(0).then((counts) => (claimed = counts.pending));
          return claimed > 0;
        },
        "the digest is claimed and being sent",
        15_000,
      );
      await waitFor(() => emulator.calls("sendMessage").filter((call) => String(call.params.chat_id) === String(user.id)).length >= 2, "a failed send", 15_000);
      await kill(process);
      expect(emulator.messages(user.id).some((message) => message.text.startsWith("📬"))).toBe(false);
      emulator.clearFaults();
      const restartedAt = Date.now();
      process = await start({ DIGEST_CRON: "* * * * * *" });
      await waitFor(() => emulator.messages(user.id).some((message) => message.text.startsWith("📬")), "the digest after the restart", 20_000);
      expect(Date.now() - restartedAt).toBeLessThan(20_000);
    } finally {
      await store.close();
    }
    expect((await process.terminate()).code).toBe(0);
  }, 60_000);
});
