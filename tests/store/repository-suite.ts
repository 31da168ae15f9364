/**
 * The one repository test suite every `Store` implementation must pass. Each implementation's
 * test file supplies a fixture factory: a fresh, empty database per test, and a way to open any
 * number of stores over it (to test reopening and several instances).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { typedStorage } from "../../src/store/index.js";
import type { ChatSighting, Store, SubscriptionDraft } from "../../src/store/index.js";

/** One empty database for one test. */
export interface StoreFixture {
  /** Opens another store over this fixture's database (not yet migrated). */
  open(now: () => number): Store;
  /** Closes what `open` returned and removes the database. */
  destroy(): Promise<void>;
}

/** Makes a fresh fixture; called before every test. */
export type StoreFixtureFactory = () => Promise<StoreFixture>;

/** Options of `defineStoreSuite`. */
export interface StoreSuiteOptions {
  /** A reason to skip the whole suite (shown in the suite's name), or undefined to run it. */
  skipReason?: string;
}

const HOUR_MS = 3_600_000;
const START_MS = Date.parse("2026-03-01T00:00:00Z");
/** A supergroup id: negative and beyond 2^31, as Telegram issues them. */
const SUPERGROUP_ID = -1_001_234_567_890;
const BIG_PRIVATE_ID = 7_123_456_789;

function sighting(id: number, overrides: Partial<ChatSighting> = {}): ChatSighting {
  return { id, type: "private", language: "ru", timeZone: "Europe/Moscow", ...overrides };
}

function draft(chatId: number, overrides: Partial<SubscriptionDraft> = {}): SubscriptionDraft {
  return {
    chatId,
    topics: ["overview"],
    deliveryTime: "08:00",
    timeZone: "Europe/Moscow",
    nextRunAt: START_MS + HOUR_MS,
    ...overrides,
  };
}

/** Registers the shared suite for one implementation. */
export function defineStoreSuite(name: string, makeFixture: StoreFixtureFactory, options: StoreSuiteOptions = {}): void {
  const title = options.skipReason === undefined ? name : `${name} (skipped: ${options.skipReason})`;

  describe.skipIf(options.skipReason !== undefined)(title, () => {
    let fixture: StoreFixture;
    let clock: number;
    let store: Store;
    const now = (): number => clock;

    beforeEach(async () => {
      clock = START_MS;
      fixture = await makeFixture();
      store = fixture.open(now);
      await store.migrate();
    });

    afterEach(async () => {
      await fixture.destroy();
    });

    describe("lifecycle", () => {
      it("applies the migrations once, however often the store is reopened", async () => {
        const fresh = await makeFixture();
        try {
          const first = fresh.open(now);
          expect(await first.migrate()).toEqual(["001_initial", "002_leases", "003_inbox"]);
          expect(await first.migrate()).toEqual([]);
          await first.chats.upsert(sighting(1));
          await first.close();

          const second = fresh.open(now);
          expect(await second.migrate()).toEqual([]);
          expect(await second.chats.get(1)).toMatchObject({ id: 1 });
        } finally {
          await fresh.destroy();
        }
      });

      it("lets several instances migrate an empty database at the same time", async () => {
        const fresh = await makeFixture();
        try {
          const instances = [fresh.open(now), fresh.open(now), fresh.open(now)];
          const applied = await Promise.all(instances.map((instance) => instance.migrate()));
          expect(applied.flat()).toEqual(["001_initial", "002_leases", "003_inbox"]);
          await instances[2]?.chats.upsert(sighting(1));
          expect(await instances[0]?.chats.get(1)).toBeDefined();
        } finally {
          await fresh.destroy();
        }
      });

      it("answers ping while open, rejects after close, and closes twice without error", async () => {
        const other = fixture.open(now);
        await expect(other.ping()).resolves.toBeUndefined();
        await other.close();
        await other.close();
        await expect(other.ping()).rejects.toThrow();
      });
    });

    describe("chats", () => {
      it("creates a chat on first sight with its defaults and status active", async () => {
        const chat = await store.chats.upsert(sighting(SUPERGROUP_ID, { type: "supergroup", language: "en" }));
        expect(chat).toEqual({
          id: SUPERGROUP_ID,
          type: "supergroup",
          language: "en",
          timeZone: "Europe/Moscow",
          status: "active",
          createdAt: START_MS,
          updatedAt: START_MS,
        });
        expect(await store.chats.get(SUPERGROUP_ID)).toEqual(chat);
        expect(await store.chats.get(42)).toBeUndefined();
      });

      it("keeps preferences and status of a known chat, refreshing only its type", async () => {
        await store.chats.upsert(sighting(BIG_PRIVATE_ID));
        await store.chats.setLanguage(BIG_PRIVATE_ID, "en");
        await store.chats.setTimeZone(BIG_PRIVATE_ID, "Asia/Kathmandu");
        await store.chats.setStatus(BIG_PRIVATE_ID, "blocked");
        clock += 1000;
        const again = await store.chats.upsert(sighting(BIG_PRIVATE_ID, { language: "de", timeZone: "UTC" }));
        expect(again).toMatchObject({ id: BIG_PRIVATE_ID, language: "en", timeZone: "Asia/Kathmandu", status: "blocked" });
        expect(again.updatedAt).toBe(START_MS);

        const retyped = await store.chats.upsert(sighting(BIG_PRIVATE_ID, { type: "group" }));
        expect(retyped).toMatchObject({ type: "group", createdAt: START_MS, updatedAt: START_MS + 1000 });
      });

      it("counts chats by status, listing every status", async () => {
        expect(await store.chats.countByStatus()).toEqual({ active: 0, blocked: 0, left: 0 });
        for (const id of [1, 2, 3, 4]) await store.chats.upsert(sighting(id));
        await store.chats.setStatus(2, "blocked");
        await store.chats.setStatus(3, "blocked");
        expect(await store.chats.countByStatus()).toEqual({ active: 2, blocked: 2, left: 0 });
      });

      it("moves everything from a group to its new supergroup id", async () => {
        const groupId = -4_000_123;
        await store.chats.upsert(sighting(groupId, { type: "group", language: "en", timeZone: "Europe/Berlin" }));
        await store.subscriptions.save(draft(groupId, { topics: ["space", "tech"] }));
        await store.deliveries.claim(`${groupId}:2026-03-01`, groupId, "a", 60_000, START_MS);
        await store.receivedSections.markReceived(groupId, [{ sectionId: "doc:0", hash: "h0" }]);
        clock += 5000;

        expect(await store.chats.migrate(groupId, SUPERGROUP_ID)).toBe(true);

        expect(await store.chats.get(groupId)).toBeUndefined();
        expect(await store.chats.get(SUPERGROUP_ID)).toEqual({
          id: SUPERGROUP_ID,
          type: "supergroup",
          language: "en",
          timeZone: "Europe/Berlin",
          status: "active",
          createdAt: START_MS,
          updatedAt: START_MS + 5000,
        });
        expect(await store.subscriptions.get(groupId)).toBeUndefined();
        expect(await store.subscriptions.get(SUPERGROUP_ID)).toMatchObject({ topics: ["space", "tech"] });
        expect(await store.deliveries.find(`${groupId}:2026-03-01`)).toMatchObject({ chatId: SUPERGROUP_ID });
        expect(await store.receivedSections.receivedHashes(SUPERGROUP_ID)).toEqual(new Map([["doc:0", "h0"]]));
        expect(await store.receivedSections.receivedHashes(groupId)).toEqual(new Map());
      });

      it("merges into a supergroup the bot already saw: the group's settings win, sections are merged", async () => {
        const groupId = -4_000_124;
        await store.chats.upsert(sighting(groupId, { type: "group", language: "en" }));
        await store.subscriptions.save(draft(groupId, { topics: ["arctic"] }));
        await store.receivedSections.markReceived(groupId, [{ sectionId: "a", hash: "old-a" }]);
        await store.chats.upsert(sighting(SUPERGROUP_ID, { type: "supergroup", language: "ru" }));
        await store.subscriptions.save(draft(SUPERGROUP_ID, { topics: ["trade"] }));
        await store.receivedSections.markReceived(SUPERGROUP_ID, [
          { sectionId: "a", hash: "new-a" },
          { sectionId: "b", hash: "new-b" },
        ]);

        expect(await store.chats.migrate(groupId, SUPERGROUP_ID)).toBe(true);

        expect(await store.chats.get(SUPERGROUP_ID)).toMatchObject({ type: "supergroup", language: "en" });
        expect(await store.subscriptions.get(SUPERGROUP_ID)).toMatchObject({ topics: ["arctic"] });
        expect(await store.receivedSections.receivedHashes(SUPERGROUP_ID)).toEqual(
          new Map([
            ["a", "new-a"],
            ["b", "new-b"],
          ]),
        );
        expect(await store.chats.countByStatus()).toEqual({ active: 1, blocked: 0, left: 0 });
      });

      it("keeps the supergroup's own subscription when the group had none", async () => {
        await store.chats.upsert(sighting(-5, { type: "group" }));
        await store.chats.upsert(sighting(SUPERGROUP_ID, { type: "supergroup" }));
        await store.subscriptions.save(draft(SUPERGROUP_ID, { topics: ["trade"] }));
        expect(await store.chats.migrate(-5, SUPERGROUP_ID)).toBe(true);
        expect(await store.subscriptions.get(SUPERGROUP_ID)).toMatchObject({ topics: ["trade"] });
      });

      it("reports an unknown group as not migrated", async () => {
        expect(await store.chats.migrate(-6, SUPERGROUP_ID)).toBe(false);
        expect(await store.chats.get(SUPERGROUP_ID)).toBeUndefined();
      });

      it("forgets a chat with its subscription, deliveries and received sections, and nothing else", async () => {
        for (const id of [1, 2]) {
          await store.chats.upsert(sighting(id));
          await store.subscriptions.save(draft(id));
          await store.deliveries.claim(`${id}:2026-03-01`, id, "a", 60_000, START_MS);
          await store.receivedSections.markReceived(id, [{ sectionId: "s", hash: "h" }]);
        }

        await store.chats.forget(1);

        expect(await store.chats.get(1)).toBeUndefined();
        expect(await store.subscriptions.get(1)).toBeUndefined();
        expect(await store.deliveries.find("1:2026-03-01")).toBeUndefined();
        expect((await store.receivedSections.receivedHashes(1)).size).toBe(0);
        expect(await store.chats.get(2)).toBeDefined();
        expect(await store.subscriptions.get(2)).toBeDefined();
        expect(await store.deliveries.find("2:2026-03-01")).toBeDefined();
        expect((await store.receivedSections.receivedHashes(2)).size).toBe(1);
        // The claim key is free again for a chat that comes back.
        await store.chats.upsert(sighting(1));
        expect(await store.deliveries.claim("1:2026-03-01", 1, "a", 60_000, START_MS)).toBe("claimed");
      });
    });

    describe("subscriptions", () => {
      beforeEach(async () => {
        await store.chats.upsert(sighting(SUPERGROUP_ID, { type: "supergroup" }));
      });

      it("saves and reads back a subscription with topics as a sorted set and defaults", async () => {
        const saved = await store.subscriptions.save(
          draft(SUPERGROUP_ID, { topics: ["tech", "arctic", "tech"], messageThreadId: 12345, timeZone: "Asia/Kathmandu" }),
        );
        expect(saved).toEqual({
          chatId: SUPERGROUP_ID,
          topics: ["arctic", "tech"],
          deliveryTime: "08:00",
          timeZone: "Asia/Kathmandu",
          paused: false,
          messageThreadId: 12345,
          nextRunAt: START_MS + HOUR_MS,
          createdAt: START_MS,
          updatedAt: START_MS,
        });
        expect(await store.subscriptions.get(SUPERGROUP_ID)).toEqual(saved);
        expect(await store.subscriptions.get(99)).toBeUndefined();
      });

      it("replaces a subscription on save, keeping its creation time", async () => {
        await store.subscriptions.save(draft(SUPERGROUP_ID, { messageThreadId: 7 }));
        clock += 1000;
        const replaced = await store.subscriptions.save(
          draft(SUPERGROUP_ID, { topics: ["space"], deliveryTime: "21:30", paused: true, nextRunAt: START_MS + 2 * HOUR_MS }),
        );
        expect(replaced).toMatchObject({
          topics: ["space"],
          deliveryTime: "21:30",
          paused: true,
          messageThreadId: null,
          nextRunAt: START_MS + 2 * HOUR_MS,
          createdAt: START_MS,
          updatedAt: START_MS + 1000,
        });
      });

      it("requires the chat to exist", async () => {
        await expect(store.subscriptions.save(draft(404))).rejects.toThrow();
      });

      it("pauses, resumes, reschedules and deletes", async () => {
        await store.subscriptions.save(draft(SUPERGROUP_ID));
        await store.subscriptions.setPaused(SUPERGROUP_ID, true);
        expect(await store.subscriptions.get(SUPERGROUP_ID)).toMatchObject({ paused: true });
        await store.subscriptions.setPaused(SUPERGROUP_ID, false);
        await store.subscriptions.setNextRun(SUPERGROUP_ID, START_MS + 30 * HOUR_MS);
        expect(await store.subscriptions.get(SUPERGROUP_ID)).toMatchObject({
          paused: false,
          nextRunAt: START_MS + 30 * HOUR_MS,
        });
        await store.subscriptions.delete(SUPERGROUP_ID);
        expect(await store.subscriptions.get(SUPERGROUP_ID)).toBeUndefined();
        expect(await store.chats.get(SUPERGROUP_ID)).toBeDefined();
      });

      it("removes topics and keeps an emptied subscription", async () => {
        await store.subscriptions.save(draft(SUPERGROUP_ID, { topics: ["arctic", "space", "tech"] }));
        expect(await store.subscriptions.removeTopics(SUPERGROUP_ID, ["space", "unknown"])).toMatchObject({
          topics: ["arctic", "tech"],
        });
        expect(await store.subscriptions.removeTopics(SUPERGROUP_ID, ["arctic", "tech"])).toMatchObject({ topics: [] });
        expect(await store.subscriptions.get(SUPERGROUP_ID)).toMatchObject({ topics: [] });
        expect(await store.subscriptions.removeTopics(99, ["space"])).toBeUndefined();
      });

      it("finds due subscriptions of active chats, earliest first, within the limit", async () => {
        const cases: Array<{ id: number; nextRunAt: number; paused?: boolean; status?: "blocked" | "left"; language?: string }> = [
          { id: 10, nextRunAt: START_MS - 3 * HOUR_MS, language: "en" },
          { id: 11, nextRunAt: START_MS - 1 * HOUR_MS },
          { id: 12, nextRunAt: START_MS - 2 * HOUR_MS, paused: true },
          { id: 13, nextRunAt: START_MS - 2 * HOUR_MS, status: "blocked" },
          { id: 14, nextRunAt: START_MS - 2 * HOUR_MS, status: "left" },
          { id: 15, nextRunAt: START_MS },
          { id: 16, nextRunAt: START_MS + 1 },
          { id: 9, nextRunAt: START_MS - 1 * HOUR_MS },
        ];
        for (const entry of cases) {
          await store.chats.upsert(sighting(entry.id, { language: entry.language ?? "ru" }));
          if (entry.status !== undefined) await store.chats.setStatus(entry.id, entry.status);
          await store.subscriptions.save(draft(entry.id, { nextRunAt: entry.nextRunAt, paused: entry.paused }));
        }

        const due = await store.subscriptions.findDue(START_MS, 100);
        expect(due.map((subscription) => subscription.chatId)).toEqual([10, 9, 11, 15]);
        expect(due[0]).toMatchObject({ chatId: 10, language: "en", topics: ["overview"], deliveryTime: "08:00" });
        expect(due[1]).toMatchObject({ language: "ru" });

        expect((await store.subscriptions.findDue(START_MS, 2)).map((subscription) => subscription.chatId)).toEqual([10, 9]);
        expect(await store.subscriptions.findDue(START_MS - 4 * HOUR_MS, 100)).toEqual([]);

        await store.subscriptions.setNextRun(10, START_MS + 24 * HOUR_MS);
        await store.chats.setStatus(13, "active");
        expect((await store.subscriptions.findDue(START_MS, 100)).map((subscription) => subscription.chatId)).toEqual([
          13, 9, 11, 15,
        ]);
      });

      it("counts subscriptions of active chats by topic and by language, paused included", async () => {
        const entries = [
          { id: 1, topics: ["tech", "space"], language: "ru" },
          { id: 2, topics: ["tech"], language: "en", paused: true },
          { id: 3, topics: ["tech", "arctic"], language: "ru" },
          { id: 4, topics: ["space", "arctic"], language: "en", blocked: true },
          { id: 5, topics: ["trade"], language: "de" },
        ];
        for (const entry of entries) {
          await store.chats.upsert(sighting(entry.id, { language: entry.language }));
          if (entry.blocked === true) await store.chats.setStatus(entry.id, "blocked");
          await store.subscriptions.save(draft(entry.id, { topics: entry.topics, paused: entry.paused }));
        }
        expect(await store.subscriptions.countByTopic()).toEqual([
          { topic: "tech", count: 3 },
          { topic: "arctic", count: 1 },
          { topic: "space", count: 1 },
          { topic: "trade", count: 1 },
        ]);
        expect(await store.subscriptions.countByLanguage()).toEqual([
          { language: "ru", count: 2 },
          { language: "de", count: 1 },
          { language: "en", count: 1 },
        ]);
      });
    });

    describe("deliveries", () => {
      const key = `${SUPERGROUP_ID}:2026-03-01`;
      const LEASE_MS = 60_000;

      beforeEach(async () => {
        await store.chats.upsert(sighting(SUPERGROUP_ID, { type: "supergroup" }));
      });

      it("claims a new digest once; a second claim while the lease runs is in progress", async () => {
        expect(await store.deliveries.claim(key, SUPERGROUP_ID, "instance-a", LEASE_MS, START_MS)).toBe("claimed");
        expect(await store.deliveries.claim(key, SUPERGROUP_ID, "instance-b", LEASE_MS, START_MS + 1)).toBe("in-progress");
        expect(await store.deliveries.claim(key, SUPERGROUP_ID, "instance-a", LEASE_MS, START_MS + 2)).toBe("in-progress");
        expect(await store.deliveries.find(key)).toEqual({
          key,
          chatId: SUPERGROUP_ID,
          status: "pending",
          attempts: 1,
          messageIds: [],
          error: null,
          claimedBy: "instance-a",
          claimUntil: START_MS + LEASE_MS,
          createdAt: START_MS,
          updatedAt: START_MS,
        });
      });

      it("lets an instance restarted after a crash take back its own pending claims at once", async () => {
        const other = `${SUPERGROUP_ID}:2026-03-02`;
        expect(await store.deliveries.claim(key, SUPERGROUP_ID, "instance-a", LEASE_MS, START_MS)).toBe("claimed");
        expect(await store.deliveries.claim(other, SUPERGROUP_ID, "instance-b", LEASE_MS, START_MS)).toBe("claimed");
        expect(await store.deliveries.releaseClaimsOf("instance-a", START_MS + 1)).toBe(1);
        expect(await store.deliveries.claim(key, SUPERGROUP_ID, "instance-a", LEASE_MS, START_MS + 1)).toBe("claimed");
        expect(await store.deliveries.claim(other, SUPERGROUP_ID, "instance-a", LEASE_MS, START_MS + 1)).toBe("in-progress");
        await store.deliveries.markSent(key, [5]);
        expect(await store.deliveries.releaseClaimsOf("instance-a", START_MS + 2)).toBe(0);
        expect((await store.deliveries.find(key))?.status).toBe("sent");
      });

      it("records a delivered digest, its sections and the next run in one call", async () => {
        await store.subscriptions.save(draft(SUPERGROUP_ID, { topics: ["trade"] }));
        await store.receivedSections.markReceived(SUPERGROUP_ID, [{ sectionId: "a", hash: "old-a" }]);
        await store.deliveries.claim(key, SUPERGROUP_ID, "instance-a", LEASE_MS, START_MS);
        clock += 1000;
        await store.deliveries.markDelivered(key, {
          messageIds: [31, 32],
          chatId: SUPERGROUP_ID,
          sections: [
            { sectionId: "a", hash: "new-a" },
            { sectionId: "b", hash: "b" },
            { sectionId: "b", hash: "b" },
          ],
          nextRunAt: START_MS + 25 * HOUR_MS,
        });
        expect(await store.deliveries.find(key)).toMatchObject({ status: "sent", messageIds: [31, 32], claimUntil: null, updatedAt: START_MS + 1000 });
        expect(await store.receivedSections.receivedHashes(SUPERGROUP_ID)).toEqual(new Map([["a", "new-a"], ["b", "b"]]));
        expect(await store.subscriptions.get(SUPERGROUP_ID)).toMatchObject({ nextRunAt: START_MS + 25 * HOUR_MS, updatedAt: START_MS + 1000 });
        expect(await store.deliveries.claim(key, SUPERGROUP_ID, "instance-b", LEASE_MS, START_MS + 10 * LEASE_MS)).toBe("already-sent");
      });

      it("leaves the schedule alone when a delivered digest has no next run (/digest)", async () => {
        const saved = await store.subscriptions.save(draft(SUPERGROUP_ID, { topics: ["trade"] }));
        await store.deliveries.claim(key, SUPERGROUP_ID, "instance-a", LEASE_MS, START_MS);
        clock += 1000;
        await store.deliveries.markDelivered(key, { messageIds: [7], chatId: SUPERGROUP_ID, sections: [] });
        expect((await store.deliveries.find(key))?.status).toBe("sent");
        expect(await store.subscriptions.get(SUPERGROUP_ID)).toEqual(saved);
        expect(await store.receivedSections.receivedHashes(SUPERGROUP_ID)).toEqual(new Map());
      });

      it("never claims a sent digest again, not even after the lease", async () => {
        await store.deliveries.claim(key, SUPERGROUP_ID, "instance-a", LEASE_MS, START_MS);
        clock += 2000;
        await store.deliveries.markSent(key, [101, 102]);
        expect(await store.deliveries.claim(key, SUPERGROUP_ID, "instance-b", LEASE_MS, START_MS + 3000)).toBe("already-sent");
        expect(await store.deliveries.claim(key, SUPERGROUP_ID, "instance-b", LEASE_MS, START_MS + 10 * LEASE_MS)).toBe(
          "already-sent",
        );
        expect(await store.deliveries.find(key)).toMatchObject({
          status: "sent",
          attempts: 1,
          messageIds: [101, 102],
          claimUntil: null,
          updatedAt: START_MS + 2000,
        });
      });

      it("lets another instance re-claim a pending digest whose lease expired (crash recovery)", async () => {
        await store.deliveries.claim(key, SUPERGROUP_ID, "instance-a", LEASE_MS, START_MS);
        expect(await store.deliveries.claim(key, SUPERGROUP_ID, "instance-b", LEASE_MS, START_MS + LEASE_MS - 1)).toBe(
          "in-progress",
        );
        expect(await store.deliveries.claim(key, SUPERGROUP_ID, "instance-b", LEASE_MS, START_MS + LEASE_MS)).toBe("claimed");
        expect(await store.deliveries.find(key)).toMatchObject({
          status: "pending",
          attempts: 2,
          claimedBy: "instance-b",
          claimUntil: START_MS + 2 * LEASE_MS,
          createdAt: START_MS,
        });
      });

      it("retries a failed digest and keeps the last error until it is sent", async () => {
        await store.deliveries.claim(key, SUPERGROUP_ID, "instance-a", LEASE_MS, START_MS);
        await store.deliveries.markFailed(key, "429: Too Many Requests");
        expect(await store.deliveries.find(key)).toMatchObject({ status: "failed", error: "429: Too Many Requests", claimUntil: null });
        expect(await store.deliveries.claim(key, SUPERGROUP_ID, "instance-b", LEASE_MS, START_MS + 1000)).toBe("claimed");
        expect(await store.deliveries.find(key)).toMatchObject({ status: "pending", attempts: 2, error: "429: Too Many Requests" });
        await store.deliveries.markSent(key, [7]);
        expect(await store.deliveries.find(key)).toMatchObject({ status: "sent", attempts: 2, error: null, messageIds: [7] });
      });

      it("ignores a late failure or skip once the digest is sent", async () => {
        await store.deliveries.claim(key, SUPERGROUP_ID, "instance-a", LEASE_MS, START_MS);
        await store.deliveries.markSent(key, [1]);
        await store.deliveries.markFailed(key, "timeout reported by a slow instance");
        await store.deliveries.markSkipped(key, "late");
        expect(await store.deliveries.find(key)).toMatchObject({ status: "sent", error: null });
      });

      it("treats a skipped digest as final", async () => {
        await store.deliveries.claim(key, SUPERGROUP_ID, "instance-a", LEASE_MS, START_MS);
        await store.deliveries.markSkipped(key, "no new sections");
        expect(await store.deliveries.claim(key, SUPERGROUP_ID, "instance-a", LEASE_MS, START_MS + 10 * LEASE_MS)).toBe(
          "already-sent",
        );
        expect(await store.deliveries.find(key)).toMatchObject({ status: "skipped", error: "no new sections" });
      });

      it("requires the chat to exist", async () => {
        await expect(store.deliveries.claim("404:2026-03-01", 404, "a", LEASE_MS, START_MS)).rejects.toThrow();
      });

      it("counts deliveries by status since an instant", async () => {
        await store.chats.upsert(sighting(1));
        for (const day of ["01", "02", "03", "04", "05"]) {
          await store.deliveries.claim(`1:2026-03-${day}`, 1, "a", LEASE_MS, START_MS);
        }
        await store.deliveries.markSent("1:2026-03-01", [1]);
        clock += HOUR_MS;
        await store.deliveries.markSent("1:2026-03-02", [2]);
        await store.deliveries.markFailed("1:2026-03-03", "403: Forbidden");
        await store.deliveries.markSkipped("1:2026-03-04", "empty");
        expect(await store.deliveries.countByStatusSince(START_MS)).toEqual({ pending: 1, sent: 2, failed: 1, skipped: 1 });
        expect(await store.deliveries.countByStatusSince(START_MS + HOUR_MS)).toEqual({
          pending: 0,
          sent: 1,
          failed: 1,
          skipped: 1,
        });
        expect(await store.deliveries.find("nope")).toBeUndefined();
      });

      it("gives each digest to exactly one of two instances claiming at the same time", async () => {
        const instanceA = fixture.open(now);
        const instanceB = fixture.open(now);
        const keys = Array.from({ length: 40 }, (_, index) => `${SUPERGROUP_ID}:race-${index}`);
        const outcomes = await Promise.all(
          keys.flatMap((raceKey) => [
            instanceA.deliveries.claim(raceKey, SUPERGROUP_ID, "a", LEASE_MS, START_MS),
            instanceB.deliveries.claim(raceKey, SUPERGROUP_ID, "b", LEASE_MS, START_MS),
          ]),
        );
        for (let index = 0; index < keys.length; index += 1) {
          const pair = [outcomes[2 * index], outcomes[2 * index + 1]].sort();
          expect(pair, keys[index]).toEqual(["claimed", "in-progress"]);
        }
        const counts = await store.deliveries.countByStatusSince(0);
        expect(counts.pending).toBe(keys.length);
      });
    });

    describe("received sections", () => {
      beforeEach(async () => {
        await store.chats.upsert(sighting(1));
        await store.chats.upsert(sighting(2));
      });

      it("remembers the hash each chat received per section, replacing older hashes", async () => {
        expect(await store.receivedSections.receivedHashes(1)).toEqual(new Map());
        await store.receivedSections.markReceived(1, [
          { sectionId: "doc-a:0", hash: "111" },
          { sectionId: "doc-a:1", hash: "222" },
        ]);
        await store.receivedSections.markReceived(1, [
          { sectionId: "doc-a:1", hash: "333" },
          { sectionId: "doc-b:0", hash: "444" },
          { sectionId: "doc-b:0", hash: "555" },
        ]);
        await store.receivedSections.markReceived(1, []);
        expect(await store.receivedSections.receivedHashes(1)).toEqual(
          new Map([
            ["doc-a:0", "111"],
            ["doc-a:1", "333"],
            ["doc-b:0", "555"],
          ]),
        );
        expect(await store.receivedSections.receivedHashes(2)).toEqual(new Map());
      });
    });

    describe("leases", () => {
      it("gives a lease to one holder at a time, renews it for the holder, and hands it over on expiry", async () => {
        expect(await store.leases.acquire("scheduler", "a", 1_000, clock)).toBe(true);
        expect(await store.leases.acquire("scheduler", "b", 1_000, clock + 500)).toBe(false);
        expect(await store.leases.acquire("scheduler", "a", 1_000, clock + 900)).toBe(true);
        // Renewed at +900, so it runs until +1900.
        expect(await store.leases.acquire("scheduler", "b", 1_000, clock + 1_500)).toBe(false);
        expect(await store.leases.acquire("scheduler", "b", 1_000, clock + 1_900)).toBe(true);
        expect(await store.leases.acquire("scheduler", "a", 1_000, clock + 2_000)).toBe(false);
        expect(await store.leases.acquire("other", "a", 1_000, clock + 2_000)).toBe(true);
      });

      it("lets another holder take a released lease at once; releasing someone else's does nothing", async () => {
        expect(await store.leases.acquire("scheduler", "a", 60_000, clock)).toBe(true);
        await store.leases.release("scheduler", "b");
        expect(await store.leases.acquire("scheduler", "b", 60_000, clock)).toBe(false);
        await store.leases.release("scheduler", "a");
        expect(await store.leases.acquire("scheduler", "b", 60_000, clock)).toBe(true);
      });

      it("tells who holds a lease and until when", async () => {
        expect(await store.leases.holder("scheduler")).toBeUndefined();
        await store.leases.acquire("scheduler", "host-1:42", 1_000, clock);
        expect(await store.leases.holder("scheduler")).toEqual({ holder: "host-1:42", expiresAt: clock + 1_000 });
        await store.leases.release("scheduler", "host-1:42");
        expect(await store.leases.holder("scheduler")).toBeUndefined();
      });

      it("lets exactly one of many racing holders take a free lease", async () => {
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, index) => store.leases.acquire("race", `holder-${index}`, 60_000, clock)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });
    });

    describe("inbox", () => {
      const entry = (updateId: number, chatKey: string) => ({ updateId, chatKey, payload: JSON.stringify({ update_id: updateId, n: "ё" }) });

      it("adds each update_id once and tells how many were new", async () => {
        expect(await store.inbox.add([entry(1, "10"), entry(2, "10")], clock)).toBe(2);
        expect(await store.inbox.add([entry(2, "10"), entry(3, "20")], clock)).toBe(1);
        expect(await store.inbox.add([], clock)).toBe(0);
        expect(await store.inbox.countUnhandled()).toBe(3);
      });

      it("hands out one update per chat at a time, in update_id order, and the next after it is handled", async () => {
        await store.inbox.add([entry(1, "10"), entry(2, "10"), entry(3, "20"), entry(4, "30")], clock);
        const first = await store.inbox.claim("a", 60_000, clock, 10);
        expect(first.map((taken) => taken.updateId)).toEqual([1, 3, 4]);
        expect(first[0]).toEqual({ updateId: 1, chatKey: "10", payload: JSON.stringify({ update_id: 1, n: "ё" }), attempts: 1 });
        // Chat 10's second update waits for its first, for any instance.
        expect(await store.inbox.claim("b", 60_000, clock, 10)).toEqual([]);
        await store.inbox.markHandled(1, clock);
        expect((await store.inbox.claim("b", 60_000, clock, 10)).map((taken) => taken.updateId)).toEqual([2]);
        expect(await store.inbox.countUnhandled()).toBe(3);
      });

      it("respects the limit and gives a lapsed or released claim to the next taker", async () => {
        await store.inbox.add([entry(1, "10"), entry(2, "20"), entry(3, "30")], clock);
        expect((await store.inbox.claim("a", 1_000, clock, 2)).map((taken) => taken.updateId)).toEqual([1, 2]);
        expect((await store.inbox.claim("b", 1_000, clock + 1_000, 5)).map((taken) => [taken.updateId, taken.attempts])).toEqual([
          [1, 2],
          [2, 2],
          [3, 1],
        ]);
        expect(await store.inbox.release("a")).toBe(0);
        expect(await store.inbox.release("b", [2])).toBe(1);
        expect((await store.inbox.claim("c", 1_000, clock + 1_000, 5)).map((taken) => taken.updateId)).toEqual([2]);
        expect(await store.inbox.release("b")).toBe(2);
        expect((await store.inbox.claim("c", 1_000, clock + 1_000, 5)).map((taken) => taken.updateId)).toEqual([1, 3]);
      });

      it("never hands out a handled update again, and expires old entries", async () => {
        await store.inbox.add([entry(1, "10"), entry(2, "20")], clock);
        await store.inbox.claim("a", 1_000, clock, 5);
        await store.inbox.markHandled(1, clock);
        expect((await store.inbox.claim("b", 1_000, clock + 5_000, 5)).map((taken) => taken.updateId)).toEqual([2]);
        await store.inbox.add([entry(3, "30")], clock + 10_000);
        expect(await store.inbox.expire(clock + 1)).toEqual({ handled: 1, unhandled: 1 });
        // An expired id is no longer known: Telegram never redelivers that late.
        expect(await store.inbox.add([entry(1, "10")], clock + 10_000)).toBe(1);
        expect(await store.inbox.countUnhandled()).toBe(2);
      });

      it("keeps update ids beyond 2^31", async () => {
        const big = 2 ** 40 + 7;
        await store.inbox.add([entry(big, String(SUPERGROUP_ID))], clock);
        expect((await store.inbox.claim("a", 1_000, clock, 1))[0]?.updateId).toBe(big);
      });
    });

    describe("stats", () => {
      it("counts inline choices per topic and lists the most chosen first", async () => {
        expect(await store.stats.topInlineTopics(5)).toEqual([]);
        for (const topic of ["space", "tech", "space", "arctic", "space", "tech", "trade"]) {
          await store.stats.recordInlineChoice(topic);
        }
        expect(await store.stats.topInlineTopics(3)).toEqual([
          { topic: "space", count: 3 },
          { topic: "tech", count: 2 },
          { topic: "arctic", count: 1 },
        ]);
      });
    });

    describe("key-value storage", () => {
      it("reads what was written, overwrites, deletes, and tells null from missing", async () => {
        expect(await store.keyValue.read("conv:1")).toBeUndefined();
        const state = { version: [0, "v1"], state: { step: 2, text: "Привет 👋 \u0000 end", list: [1, null, { deep: true }] } };
        await store.keyValue.write("conv:1", state);
        expect(await store.keyValue.read("conv:1")).toEqual(state);
        await store.keyValue.write("conv:1", { replaced: 1 });
        expect(await store.keyValue.read("conv:1")).toEqual({ replaced: 1 });
        await store.keyValue.write("conv:null", null);
        expect(await store.keyValue.read("conv:null")).toBeNull();
        await store.keyValue.delete("conv:1");
        await store.keyValue.delete("never-written");
        expect(await store.keyValue.read("conv:1")).toBeUndefined();
        expect(await store.keyValue.read("conv:null")).toBeNull();
      });

      it("serves as typed conversation storage", async () => {
        interface Conversation {
          version: [0, string];
          state: { answers: string[] };
        }
        const storage = typedStorage<Conversation>(store.keyValue);
        await storage.write("-100:dialog", { version: [0, "1"], state: { answers: ["08:00"] } });
        const read = await storage.read("-100:dialog");
        expect(read?.state.answers).toEqual(["08:00"]);
        await storage.delete("-100:dialog");
        expect(await storage.read("-100:dialog")).toBeUndefined();
      });
    });
  });
}
