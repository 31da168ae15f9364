/** The subscription rules without Telegram: the real service over a real SQLite store in a temp folder and a pinned clock. */
import { beforeEach, describe, expect, it } from "vitest";
import { createTopicCatalog, type TopicCatalog } from "../../src/content/topics.js";
import { shippedTopics } from "../../src/content/topics-file.js";
import { createSubscriptionService, unexpectedWords, type SubscriptionService } from "../../src/subscriptions/index.js";
import { buildLibrary } from "../../src/content/library.js";
import { createDeliverer } from "../../src/digest/deliver.js";
import { createScheduler } from "../../src/digest/scheduler.js";
import { createLogger } from "../../src/logger.js";
import { useTempStore } from "../helpers/temp-store.js";

const silent = createLogger({ level: "silent", pretty: false, secrets: [] });

/** Tuesday 4 November 2025, 12:00 UTC (15:00 in Moscow). */
const NOW = Date.UTC(2025, 10, 4, 12, 0);
const ANN = { chatId: 1001, chatType: "private", language: "en", messageThreadId: null } as const;

const temp = useTempStore("briefing-subscription-service-");
let now: number;
let catalog: TopicCatalog;
let service: SubscriptionService;

beforeEach(() => {
  now = NOW;
  catalog = shippedTopics();
  // The real scheduler; no test here sends a digest, so its Bot API is never reached.
  const digest = createScheduler({
    store: temp.store,
    library: () => buildLibrary([]),
    deliverer: createDeliverer({ token: "1:unused", client: { apiRoot: "http://127.0.0.1:9" }, logger: silent }),
    translate: (_locale, key) => key,
    instanceId: "test",
    logger: silent,
    cron: false,
  });
  service = createSubscriptionService({ store: temp.store, topics: () => catalog, now: () => now, digest });
});

const subscribeAnn = () => service.subscribe({ ...ANN, topics: ["arctic", "space"], deliveryTime: "08:00", timeZone: "Europe/Moscow" });

describe("the one-line form", () => {
  it("reads topics, time, zone and channel in any order", () => {
    expect(service.parse("space arctic 08:00 Europe/Moscow")).toEqual({ topics: ["space", "arctic"], deliveryTime: "08:00", timeZone: "Europe/Moscow", unknown: [] });
    expect(service.parse("Asia/Kathmandu 7:05 @news_channel Космос /ai space")).toEqual({
      topics: ["space", "tech"],
      deliveryTime: "07:05",
      timeZone: "Asia/Kathmandu",
      channel: "@news_channel",
      unknown: [],
    });
    expect(service.parse("-1001234567890").channel).toBe("-1001234567890");
  });

  it("collects what it does not understand, and what a management command does not take", () => {
    expect(service.parse("space weather 25:00").unknown).toEqual(["weather", "25:00"]);
    expect(service.parse("")).toEqual({ topics: [], unknown: [] });
    expect(unexpectedWords(service.parse("@news_channel space 08:00 UTC"), { topics: false })).toEqual(["space", "08:00", "UTC"]);
    expect(unexpectedWords(service.parse("@news_channel space"), { topics: true })).toEqual([]);
  });
});

describe("the rules", () => {
  it("starts from the zone the locale suggests, then from the chat's subscription", async () => {
    expect(await service.startingPoint(1001, "ru")).toEqual({ topics: undefined, timeZone: "Europe/Moscow" });
    await subscribeAnn();
    expect(await service.startingPoint(1001, "zh")).toEqual({ topics: ["arctic", "space"], timeZone: "Europe/Moscow" });
  });

  it("schedules the first digest from now, and gives the chat the setup's language and zone", async () => {
    await temp.store.chats.upsert({ id: 1001, type: "private", language: "ru", timeZone: "UTC" });
    expect(await subscribeAnn()).toMatchObject({ paused: false, nextRunAt: Date.UTC(2025, 10, 5, 5, 0) });
    expect(await temp.store.chats.get(1001)).toMatchObject({ language: "en", timeZone: "Europe/Moscow" });
  });

  it("keeps only the topics that still exist", async () => {
    const subscription = await subscribeAnn();
    catalog = createTopicCatalog(shippedTopics().topics.filter((topic) => topic.id !== "arctic"), "without arctic");
    expect(service.liveTopics(subscription)).toEqual(["space"]);
  });

  it("records a channel in its admin's language and the zone it suggests", async () => {
    await service.recordChannel(-100777, "zh");
    expect(await temp.store.chats.get(-100777)).toMatchObject({ type: "channel", language: "zh", timeZone: "Asia/Shanghai" });
  });

  it("pauses once, and resuming skips the digests missed while paused", async () => {
    expect(await service.pause(1001)).toBe("none");
    expect(await service.resume(1001)).toEqual({ status: "none" });
    await subscribeAnn();
    expect(await service.resume(1001)).toMatchObject({ status: "not-paused" });
    expect(await service.pause(1001)).toBe("paused");
    expect(await service.pause(1001)).toBe("already-paused");
    now = Date.UTC(2025, 10, 7, 10, 0);
    expect(await service.resume(1001)).toMatchObject({ status: "resumed", subscription: { nextRunAt: Date.UTC(2025, 10, 8, 5, 0) } });
    expect(await temp.store.subscriptions.get(1001)).toMatchObject({ paused: false, nextRunAt: Date.UTC(2025, 10, 8, 5, 0) });
  });
  it("removes some topics, and the whole subscription with the last one or when none is named", async () => {
    expect(await service.unsubscribe(1001, [])).toEqual({ status: "none" });
    await subscribeAnn();
    expect(await service.unsubscribe(1001, ["trade"])).toEqual({ status: "not-subscribed", current: ["arctic", "space"] });
    expect(await service.unsubscribe(1001, ["space", "trade"])).toEqual({ status: "removed", removed: ["space"], left: ["arctic"] });
    expect(await service.unsubscribe(1001, ["arctic"])).toEqual({ status: "ended" });
    expect(await temp.store.subscriptions.get(1001)).toBeUndefined();
    // No topic named: all of it.
    await subscribeAnn();
    expect(await service.unsubscribe(1001, [])).toEqual({ status: "ended" });
    expect(await temp.store.subscriptions.get(1001)).toBeUndefined();
  });
});
