import type { Api } from "grammy";
import { getTasks } from "node-cron";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import type { ContentLibrary } from "../../src/content/library.js";
import { nextRunAt } from "../../src/digest/schedule.js";
import { createScheduler, type Scheduler, type SchedulerOptions } from "../../src/digest/scheduler.js";
import type { Store } from "../../src/store/index.js";
import type { Emulator } from "../../src/telegram-emulator/index.js";
import {
  article,
  fastDeliverer,
  groupWithBot,
  libraryWith,
  migratingFetch,
  openTempStore,
  silentLogger,
  startEmulator,
  startedUser,
  translate,
} from "./helpers.js";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** Midnight UTC on 4 November 2025; every test runs on this fake day. */
const DAY = Date.parse("2025-11-04T00:00:00Z");
const LEASE_MS = 10 * MINUTE_MS;

interface World {
  emulator: Emulator;
  api: Api;
  store: Store;
  openStore(): Promise<Store>;
  library: ContentLibrary;
  scheduler(overrides?: Partial<SchedulerOptions>): Scheduler;
  /** A chat (a started user unless told) with a subscription, scheduled from `createdAt`. */
  subscriber(options: { timeZone: string; deliveryTime: string; topics?: string[]; createdAt?: number; language?: string; chatId?: number }): Promise<number>;
}

async function setUp(): Promise<World> {
  const { emulator, api } = await startEmulator();
  onTestFinished(() => emulator.stop());
  const temp = await openTempStore();
  onTestFinished(temp.cleanup);
  const library = await libraryWith();
  const world: World = {
    emulator,
    api,
    store: temp.store,
    openStore: temp.open,
    library,
    scheduler(overrides = {}) {
      const scheduler = createScheduler({
        store: temp.store,
        library: () => world.library,
        deliverer: fastDeliverer(api, { retry: { initialBackoffMs: 5, maxBackoffMs: 10, giveUpAfterMs: 50, requestTimeoutMs: 2_000 } }),
        translate,
        instanceId: "test-1",
        logger: silentLogger,
        cron: false,
        leaseMs: LEASE_MS,
        ...overrides,
      });
      onTestFinished(() => scheduler.stop());
      return scheduler;
    },
    async subscriber({ timeZone, deliveryTime, topics = ["space", "arctic"], createdAt = DAY, language = "en", chatId = startedUser(emulator) }) {
      await temp.store.chats.upsert({ id: chatId, type: chatId > 0 ? "private" : "group", language, timeZone });
      await temp.store.subscriptions.save({
        chatId,
        topics,
        deliveryTime,
        timeZone,
        nextRunAt: nextRunAt(deliveryTime, timeZone, createdAt),
      });
      return chatId;
    },
  };
  return world;
}

const at = (iso: string): number => Date.parse(iso);

describe("scheduler: when digests go out", () => {
  it("delivers at 08:00 local time in Europe/Moscow (UTC+3) and Asia/Kathmandu (UTC+5:45), then schedules tomorrow", async () => {
    const world = await setUp();
    const moscow = await world.subscriber({ timeZone: "Europe/Moscow", deliveryTime: "08:00" });
    const kathmandu = await world.subscriber({ timeZone: "Asia/Kathmandu", deliveryTime: "08:00" });
    const scheduler = world.scheduler();

    expect((await scheduler.tick(at("2025-11-04T02:14:00Z"))).sent).toBe(0);
    expect(await scheduler.tick(at("2025-11-04T02:15:00Z"))).toMatchObject({ sent: 1 });
    expect(world.emulator.messages(kathmandu)).toHaveLength(1);
    expect(world.emulator.messages(moscow)).toHaveLength(0);

    expect((await scheduler.tick(at("2025-11-04T04:59:00Z"))).sent).toBe(0);
    expect(await scheduler.tick(at("2025-11-04T05:00:00Z"))).toMatchObject({ sent: 1 });
    const [digest] = world.emulator.messages(moscow);
    expect(digest?.html).toContain("<b>Daily digest</b> · 4 November 2025");
    expect(digest?.html).toContain("<b>🚀 Space</b>");

    expect((await world.store.subscriptions.get(moscow))?.nextRunAt).toBe(at("2025-11-05T05:00:00Z"));
    expect((await world.store.subscriptions.get(kathmandu))?.nextRunAt).toBe(at("2025-11-05T02:15:00Z"));
    const delivery = await world.store.deliveries.find(`${moscow}:2025-11-04`);
    expect(delivery).toMatchObject({ status: "sent", attempts: 1, messageIds: [digest?.messageId] });
    expect([...(await world.store.receivedSections.receivedHashes(moscow)).keys()].sort()).toEqual([
      "000_0b443b57f3d4f16f:3",
      "000_0b443b57f3d4f16f:5",
    ]);
  });

  it("sends nothing when nothing is new, and only the news the next day", async () => {
    const world = await setUp();
    const chat = await world.subscriber({ timeZone: "Europe/Moscow", deliveryTime: "08:00" });
    const scheduler = world.scheduler();
    await scheduler.tick(at("2025-11-04T05:00:00Z"));
    expect(await scheduler.tick(at("2025-11-05T05:00:00Z"))).toMatchObject({ "nothing-new": 1, sent: 0 });
    expect(await world.store.deliveries.find(`${chat}:2025-11-05`)).toMatchObject({ status: "skipped", error: "nothing new" });

    world.library = await libraryWith([{ file: "zz_newer.txt", content: article("Новости", "2025-11-05") }]);
    expect(await scheduler.tick(at("2025-11-06T05:00:00Z"))).toMatchObject({ sent: 1 });
    const messages = world.emulator.messages(chat);
    expect(messages).toHaveLength(2);
    expect(messages[1]?.text).toContain("Космос и Арктика");
    expect(messages[1]?.text).not.toContain("Космические программы");
  });

  it("sends a digest missed earlier the same local day, but not one from an earlier day", async () => {
    const world = await setUp();
    const sameDay = await world.subscriber({ timeZone: "Europe/Moscow", deliveryTime: "08:00" });
    // Scheduled for yesterday 08:00 Moscow, and the bot was down since.
    const yesterday = await world.subscriber({ timeZone: "Europe/Moscow", deliveryTime: "08:00", createdAt: DAY - 24 * HOUR_MS });
    const scheduler = world.scheduler();

    // 15:00 in Moscow: both are overdue.
    expect(await scheduler.tick(at("2025-11-04T12:00:00Z"))).toMatchObject({ sent: 1, missed: 1 });
    expect(world.emulator.messages(sameDay)).toHaveLength(1);
    expect(world.emulator.messages(yesterday)).toHaveLength(0);
    expect((await world.store.subscriptions.get(yesterday))?.nextRunAt).toBe(at("2025-11-05T05:00:00Z"));
    expect(await world.store.deliveries.find(`${yesterday}:2025-11-03`)).toBeUndefined();

    expect(await scheduler.tick(at("2025-11-05T05:00:00Z"))).toMatchObject({ sent: 1, "nothing-new": 1 });
    expect(world.emulator.messages(yesterday)).toHaveLength(1);
  });
});

describe("scheduler: exactly once", () => {
  it("sends once when the same minute ticks twice, one after the other or at the same time", async () => {
    const world = await setUp();
    const chats = await Promise.all(
      Array.from({ length: 5 }, () => world.subscriber({ timeZone: "Europe/Moscow", deliveryTime: "08:00" })),
    );
    const scheduler = world.scheduler();
    const minute = at("2025-11-04T05:00:00Z");
    await Promise.all([scheduler.tick(minute), scheduler.tick(minute)]);
    await scheduler.tick(minute);
    await scheduler.tick(minute + 30_000);
    for (const chat of chats) expect(world.emulator.messages(chat)).toHaveLength(1);
  });

  it("sends once when two instances tick concurrently on the same database", async () => {
    const world = await setUp();
    const chats = await Promise.all(
      Array.from({ length: 20 }, () => world.subscriber({ timeZone: "Asia/Kathmandu", deliveryTime: "07:30" })),
    );
    const first = world.scheduler({ instanceId: "instance-a" });
    // Its own connection to the same file, as another process would have.
    const second = world.scheduler({ instanceId: "instance-b", store: await world.openStore() });
    const minute = at("2025-11-04T01:45:00Z");
    const reports = await Promise.all([first.tick(minute), second.tick(minute), first.tick(minute), second.tick(minute)]);
    expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(20);
    for (const chat of chats) expect(world.emulator.messages(chat)).toHaveLength(1);
    expect(world.emulator.calls("sendMessage")).toHaveLength(20);
  });

  it("re-sends once, after the lease, a digest whose instance crashed between claim and markSent", async () => {
    const world = await setUp();
    const chat = await world.subscriber({ timeZone: "Europe/Moscow", deliveryTime: "08:00" });
    const minute = at("2025-11-04T05:00:00Z");
    // The crashed instance wrote its claim and died before sending (or before recording the send).
    expect(await world.store.deliveries.claim(`${chat}:2025-11-04`, chat, "crashed", LEASE_MS, minute)).toBe("claimed");

    const survivor = world.scheduler({ instanceId: "survivor" });
    const other = world.scheduler({ instanceId: "other", store: await world.openStore() });
    expect(await survivor.tick(minute)).toMatchObject({ "in-progress": 1, sent: 0 });
    // Looked at again when the lease ends, not every minute before.
    expect(await survivor.tick(minute + 5 * MINUTE_MS)).toMatchObject({ "in-progress": 0, sent: 0 });
    expect(world.emulator.messages(chat)).toHaveLength(0);

    const afterLease = minute + LEASE_MS;
    const reports = await Promise.all([survivor.tick(afterLease), other.tick(afterLease)]);
    expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(1);
    await survivor.tick(afterLease + MINUTE_MS);
    expect(world.emulator.messages(chat)).toHaveLength(1);
    expect(await world.store.deliveries.find(`${chat}:2025-11-04`)).toMatchObject({ status: "sent", attempts: 2 });
  });
});

describe("scheduler: unreachable chats and failures", () => {
  it("deactivates a chat that blocked the bot, and does not try it again", async () => {
    const world = await setUp();
    const chat = await world.subscriber({ timeZone: "Europe/Moscow", deliveryTime: "08:00" });
    world.emulator.blockBot(chat);
    const scheduler = world.scheduler();
    expect(await scheduler.tick(at("2025-11-04T05:00:00Z"))).toMatchObject({ blocked: 1 });
    expect((await world.store.chats.get(chat))?.status).toBe("blocked");
    expect(await world.store.deliveries.find(`${chat}:2025-11-04`)).toMatchObject({ status: "failed" });
    expect(await scheduler.tick(at("2025-11-05T05:00:00Z"))).toMatchObject({ blocked: 0, sent: 0 });
    expect(world.emulator.calls("sendMessage")).toHaveLength(1);
  });

  it("moves a group that became a supergroup, with its subscription and what it received", async () => {
    const world = await setUp();
    const { chatId: supergroup } = groupWithBot(world.emulator);
    const oldGroupId = -4_777_000;
    const { fetch } = migratingFetch(oldGroupId, supergroup);
    await world.subscriber({ chatId: oldGroupId, topics: ["space"], timeZone: "Europe/Moscow", deliveryTime: "08:00" });
    const scheduler = world.scheduler({
      deliverer: fastDeliverer(world.api, { client: { ...world.api.options, fetch } }),
    });
    expect(await scheduler.tick(at("2025-11-04T05:00:00Z"))).toMatchObject({ migrated: 1 });
    expect(world.emulator.messages(supergroup)).toHaveLength(1);
    expect(await world.store.chats.get(oldGroupId)).toBeUndefined();
    expect(await world.store.chats.get(supergroup)).toMatchObject({ type: "supergroup", status: "active" });
    expect(await world.store.subscriptions.get(supergroup)).toMatchObject({ topics: ["space"], nextRunAt: at("2025-11-05T05:00:00Z") });
    expect([...(await world.store.receivedSections.receivedHashes(supergroup)).keys()]).toEqual(["000_0b443b57f3d4f16f:3"]);
    expect(await world.store.deliveries.find(`${oldGroupId}:2025-11-04`)).toMatchObject({ status: "sent", chatId: supergroup });
  });

  it("retries a failed delivery later the same day, and marks nothing received until it goes out", async () => {
    const world = await setUp();
    const chat = await world.subscriber({ timeZone: "Europe/Moscow", deliveryTime: "08:00" });
    world.emulator.injectFault({ method: "sendMessage", kind: "server" });
    const scheduler = world.scheduler({ retryDelayMs: 5 * MINUTE_MS });
    const minute = at("2025-11-04T05:00:00Z");
    expect(await scheduler.tick(minute)).toMatchObject({ failed: 1 });
    expect((await world.store.subscriptions.get(chat))?.nextRunAt).toBe(minute + 5 * MINUTE_MS);
    expect((await world.store.receivedSections.receivedHashes(chat)).size).toBe(0);

    world.emulator.clearFaults();
    expect(await scheduler.tick(minute + 5 * MINUTE_MS)).toMatchObject({ sent: 1 });
    expect(await world.store.deliveries.find(`${chat}:2025-11-04`)).toMatchObject({ status: "sent", attempts: 2 });
    expect((await world.store.subscriptions.get(chat))?.nextRunAt).toBe(at("2025-11-05T05:00:00Z"));
  });
});

describe("sendNow (/digest)", () => {
  it("sends what is new at once, then says nothing is new, and the daily digest does not repeat it", async () => {
    const world = await setUp();
    const chat = await world.subscriber({ timeZone: "Europe/Moscow", deliveryTime: "08:00", language: "ru" });
    const scheduler = world.scheduler();
    const morning = at("2025-11-04T03:00:00Z");
    expect(await scheduler.sendNow(chat, morning)).toBe("sent");
    expect(world.emulator.messages(chat)[0]?.html).toContain("<b>Дайджест</b> · 4 ноября 2025");
    expect(await scheduler.sendNow(chat, morning + MINUTE_MS)).toBe("nothing-new");
    // Each /digest has a ledger entry of its own, not the day's.
    expect(await world.store.deliveries.find(`${chat}:2025-11-04`)).toBeUndefined();
    expect(await world.store.deliveries.countByStatusSince(0)).toMatchObject({ sent: 1, skipped: 1, pending: 0 });

    expect(await scheduler.tick(at("2025-11-04T05:00:00Z"))).toMatchObject({ "nothing-new": 1 });
    expect(world.emulator.messages(chat)).toHaveLength(1);
  });

  it("covers every topic for a chat without a subscription, and fails for an unknown chat", async () => {
    const world = await setUp();
    const chat = startedUser(world.emulator);
    await world.store.chats.upsert({ id: chat, type: "private", language: "en", timeZone: "UTC" });
    const scheduler = world.scheduler();
    expect(await scheduler.sendNow(chat, DAY)).toBe("sent");
    expect((await world.store.receivedSections.receivedHashes(chat)).size).toBe(world.library.sections().length);
    expect(await scheduler.sendNow(424_242, DAY)).toBe("failed");
  });

  it("fails for a chat that blocked the bot, and deactivates it as the daily digest does", async () => {
    const world = await setUp();
    const chat = await world.subscriber({ timeZone: "UTC", deliveryTime: "08:00" });
    world.emulator.blockBot(chat);
    const scheduler = world.scheduler();
    expect(await scheduler.sendNow(chat, DAY)).toBe("failed");
    expect((await world.store.chats.get(chat))?.status).toBe("blocked");
    expect(await world.store.deliveries.countByStatusSince(0)).toMatchObject({ failed: 1, pending: 0 });
  });
});

describe("scheduler lifecycle", () => {
  it("starts no timer on creation, and ticks with node-cron only between start() and stop()", async () => {
    const world = await setUp();
    const tasksBefore = getTasks().size;
    const scheduler = world.scheduler({ cron: true, instanceId: "lifecycle" });
    expect(getTasks().size).toBe(tasksBefore);
    scheduler.start();
    expect([...getTasks().values()].map((task) => [task.name, task.getPattern()])).toContainEqual(["digests-lifecycle", "* * * * *"]);
    await scheduler.stop();
    expect(getTasks().size).toBe(tasksBefore);
  });

  it("stop() lets the digest being sent finish and record itself, and starts no other", async () => {
    const world = await setUp();
    const chats = await Promise.all(Array.from({ length: 3 }, () => world.subscriber({ timeZone: "UTC", deliveryTime: "08:00" })));
    world.emulator.injectFault({ method: "sendMessage", kind: "slow", delayMs: 300 });
    const scheduler = world.scheduler({ concurrency: 1 });
    const minute = at("2025-11-04T08:00:00Z");
    const ticking = scheduler.tick(minute);
    // Stop once the first digest is claimed, while the emulator holds its answer back.
    await vi.waitUntil(async () => (await world.store.deliveries.countByStatusSince(0)).pending === 1);
    await scheduler.stop();

    const deliveries = await Promise.all(chats.map((chat) => world.store.deliveries.find(`${chat}:2025-11-04`)));
    expect(deliveries.map((delivery) => delivery?.status)).toEqual(["sent", undefined, undefined]);
    expect(await ticking).toMatchObject({ sent: 1 });
    // The two it did not start are still due, for the next start or another instance.
    expect((await world.store.subscriptions.findDue(minute, 10)).map((due) => due.chatId)).toEqual(chats.slice(1));
    expect(await scheduler.tick(minute)).toMatchObject({ sent: 0 });

    // Started again (as after a restart), it sends those two and nothing twice.
    world.emulator.clearFaults();
    scheduler.start();
    expect(await scheduler.tick(minute + MINUTE_MS)).toMatchObject({ sent: 2, "already-sent": 0 });
    for (const chat of chats) expect(world.emulator.messages(chat)).toHaveLength(1);
  });
});
