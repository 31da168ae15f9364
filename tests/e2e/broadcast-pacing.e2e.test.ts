/**
 * The daily broadcast at Telegram's real limits, unscaled, through the real bot process and the
 * emulator's strict limiter (30 a second in any one-second window, 1 a second per chat, 20 a
 * minute per group): no 429, a long digest's parts in order and a second apart; and paid
 * broadcasts, every message with allow_paid_broadcast, faster than the free rate.
 */
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createStore, type Store } from "../../src/store/index.js";
import { createEmulator, type Emulator } from "../../src/telegram-emulator/index.js";
import { startBotProcess, tempDir, waitFor, type BotProcess } from "./bot-process.js";

/** The seeds plus long space articles, so a digest of every topic needs several messages. */
function seedsWithLongDigests(): string {
  const folder = join(tempDir("briefing-pacing-seeds-"), "seeds");
  mkdirSync(folder);
  for (const file of readdirSync("seeds")) copyFileSync(join("seeds", file), join(folder, file));
  for (let index = 0; index < 8; index += 1) {
    const sentences = Array.from(
      { length: 6 },
      (_, sentence) =>
        `Роскосмос сообщил о ${sentence + 2}-м этапе подготовки лунной миссии номер ${index + 1}, которая должна вывести на орбиту Луны новый спутник связи и научные приборы для изучения полярных кратеров.`,
    );
    writeFileSync(join(folder, `space-${index}.md`), `---\nsource: Тест\ndate: 2025-11-0${index + 1}\n---\n# Лунная миссия ${index + 1}\n\n${sentences.join(" ")}\n`);
  }
  return folder;
}

describe("broadcasts at Telegram's limits", () => {
  let emulator: Emulator | undefined;
  let bot: BotProcess | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    if (bot?.child.exitCode === null) await bot.terminate();
    await store?.close();
    await emulator?.stop();
    emulator = undefined;
  });

  /** Starts the bot against a rate-limited emulator; `users` private chats have started it. */
  async function setUp(env: Record<string, string>, users: number, admin?: number) {
    emulator ??= createEmulator({ rateLimit: { enabled: true } });
    const { url } = emulator.url === undefined ? await emulator.start() : { url: emulator.url };
    const databasePath = join(tempDir(), "bot.sqlite");
    bot = startBotProcess({
      BOT_TOKEN: emulator.bots[0]?.token ?? "",
      BOT_API_ROOT: url,
      DATABASE_PATH: databasePath,
      SEEDS_DIR: seedsWithLongDigests(),
      DIGEST_CRON: "* * * * * *",
      ...(admin === undefined ? {} : { ADMIN_IDS: String(admin) }),
      ...env,
    });
    await bot.started();
    if (admin !== undefined) emulator.sendText(admin, "/start");
    store = createStore({ databasePath });
    const ids: number[] = [];
    for (let index = 0; index < users; index += 1) {
      const user = emulator.createUser({ first_name: `User ${index}`, language_code: "ru" });
      emulator.sendText(user.id, "/start");
      ids.push(user.id);
    }
    for (const id of ids) await emulator.waitForMessages(id, 1, 20_000);
    // The welcomes' own 429s (the bot answers sixty /start at once) are over before the broadcast starts.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    return { emulator, store, ids };
  }

  /** The chat's messages from its digest's header on. */
  const digestMessages = (emulator: Emulator, chatId: number) => {
    const messages = emulator.messages(chatId);
    const header = messages.findIndex((message) => message.text.startsWith("📬"));
    return header < 0 ? [] : messages.slice(header);
  };

  it("paces 60 private chats and a group at the free rate with no 429, a long digest's parts in order a second apart", async () => {
    const { emulator, store, ids } = await setUp({}, 60);
    const owner = emulator.createUser({ first_name: "Owner", language_code: "ru" });
    const group = emulator.createGroup({ title: "Редакция", members: [{ userId: owner.id, status: "creator" }] });
    emulator.addBotToGroup(group.id, { byUserId: owner.id });
    await store.chats.upsert({ id: group.id, type: "supergroup", language: "ru", timeZone: "UTC" });
    const before = emulator.rateLimitStats().tooManyRequests.total;

    const now = Date.now();
    const everything = ["overview", "trade", "tech", "space", "orgs", "arctic"];
    const [longReader, ...others] = ids;
    for (const chatId of [longReader ?? 0, group.id]) {
      await store.subscriptions.save({ chatId, topics: everything, deliveryTime: "00:00", timeZone: "UTC", nextRunAt: now });
    }
    for (const chatId of others) await store.subscriptions.save({ chatId, topics: ["trade"], deliveryTime: "00:00", timeZone: "UTC", nextRunAt: now });

    const delivered = () => [...ids, group.id].filter((chatId) => digestMessages(emulator, chatId).length > 0).length;
    await waitFor(() => delivered() === ids.length + 1, "every chat gets its digest", 30_000, () => `delivered ${delivered()}`);
    await waitFor(() => digestMessages(emulator, longReader ?? 0).length >= 2, "the long digest's parts", 15_000);
    await waitFor(() => digestMessages(emulator, group.id).length >= 2, "the group's long digest", 15_000);
    const long = digestMessages(emulator, longReader ?? 0);

    expect(emulator.rateLimitStats().tooManyRequests.total - before).toBe(0);
    // The parts of one digest: the header first, in order, each at least about a second after the one before.
    expect(long[0]?.text.startsWith("📬")).toBe(true);
    const calls = emulator
      .calls("sendMessage")
      .filter((call) => call.ok && Number(call.params.chat_id) === longReader)
      .slice(-long.length);
    expect(calls.map((call) => (call.result as { message_id: number }).message_id)).toEqual(long.map((message) => message.messageId));
    expect(long.length).toBeGreaterThanOrEqual(2);
    for (let index = 1; index < calls.length; index += 1) {
      expect((calls[index]?.at ?? 0) - (calls[index - 1]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    }
  }, 60_000);

  it("sends paid broadcasts with allow_paid_broadcast at BROADCAST_RATE, with no 429", async () => {
    const { emulator, store, ids } = await setUp({ BROADCAST_PAID: "true", BROADCAST_RATE: "200" }, 120);
    const before = emulator.rateLimitStats();
    const now = Date.now();
    for (const chatId of ids) await store.subscriptions.save({ chatId, topics: ["trade"], deliveryTime: "00:00", timeZone: "UTC", nextRunAt: now });

    const delivered = () => ids.filter((chatId) => digestMessages(emulator, chatId).length > 0).length;
    await waitFor(() => delivered() === ids.length, "every chat gets its digest", 30_000, () => `delivered ${delivered()}`);

    const digests = emulator.calls("sendMessage").filter((call) => call.ok && ids.includes(Number(call.params.chat_id)) && String(call.params.text).startsWith("📬"));
    expect(digests).toHaveLength(ids.length);
    expect(digests.every((call) => call.params.allow_paid_broadcast === true)).toBe(true);
    const after = emulator.rateLimitStats();
    expect(after.tooManyRequests.total - before.tooManyRequests.total).toBe(0);
    expect(after.paidMessages - before.paidMessages).toBe(ids.length);
    // 120 messages at up to 200 a second: more than the free 30 in some second, so some were paid for.
    expect(after.chargedMessages - before.chargedMessages).toBeGreaterThan(0);
  }, 60_000);

  it("goes on free and tells the operators when the Star balance cannot pay", async () => {
    emulator = createEmulator({ rateLimit: { enabled: true } });
    const operator = emulator.createUser({ first_name: "Operator", language_code: "en" });
    const { store, ids } = await setUp({ BROADCAST_PAID: "true", BROADCAST_RATE: "1000" }, 60, operator.id);
    emulator.setStarBalance(0);
    const now = Date.now();
    for (const chatId of ids) await store.subscriptions.save({ chatId, topics: ["trade"], deliveryTime: "00:00", timeZone: "UTC", nextRunAt: now });

    const delivered = () => ids.filter((chatId) => digestMessages(emulator as Emulator, chatId).length > 0).length;
    await waitFor(() => delivered() === ids.length, "every chat gets its digest", 30_000, () => `delivered ${delivered()}`);
    const told = await emulator.waitForMessages(operator.id, 2, 10_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${bot?.output() ?? ""}`);
    });
    expect(told[1]?.text).toContain("Paid broadcast refused");
    expect(told[1]?.text).toContain("BALANCE_TOO_LOW");
    expect(emulator.starBalance().spentStars).toBe(0);
  }, 60_000);
});
