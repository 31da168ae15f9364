import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../src/telegram-emulator/rate-limit.js";
import { startEmulator, startedUser, type Harness } from "./harness.js";

const BALANCE_TOO_LOW = { ok: false, error_code: 400, description: "Bad Request: BALANCE_TOO_LOW" };
// Rates a thousand times slower than Telegram's: the overall bucket refills 0.03 messages a second, so the counts
// below never depend on how fast a busy machine answers HTTP.
const SLOW = 0.001;

/** Sends one message to each chat, in order, and returns the HTTP statuses. */
async function sendToEach(harness: Harness, chats: number[], extra: Record<string, unknown> = {}): Promise<number[]> {
  const statuses: number[] = [];
  for (const chatId of chats) statuses.push((await harness.api("sendMessage", { chat_id: chatId, text: "news", ...extra })).status);
  return statuses;
}

const countOf = (statuses: number[], status: number): number => statuses.filter((value) => value === status).length;

describe("the overall limit (limiter on an injected clock)", () => {
  it("sliding: holds at most 30 messages in any one second, and frees a place exactly one second after a send", () => {
    let now = 0;
    const limiter = createRateLimiter({ enabled: true, overallWindow: "sliding" }, () => now);
    let passed = 0;
    for (let index = 0; index < 60; index++) {
      now = index * 10;
      if (limiter.check(index + 1).kind === "accepted") {
        limiter.record(index + 1);
        passed += 1;
      }
    }
    expect(passed).toBe(30);
    now = 999.9;
    expect(limiter.check(1_000)).toEqual({ kind: "limited", retryAfter: 1, reason: "overall" });
    // The first send (t = 0) leaves the window at t = 1000, the second at 1010.
    now = 1_000;
    expect(limiter.check(1_000)).toEqual({ kind: "accepted", charged: false });
    limiter.record(1_000);
    expect(limiter.check(1_001).kind).toBe("limited");
    expect(limiter.stats().tooManyRequests).toEqual({ overall: 32, chat: 0, group: 0 });
  });

  it.each(["bucket", "sliding"] as const)("%s: lets a sender at exactly 1000/30 ms intervals through without a single 429", (overallWindow) => {
    let now = 0;
    const limiter = createRateLimiter({ enabled: true, overallWindow }, () => now);
    const refused: number[] = [];
    for (let index = 0; index < 3_000; index++) {
      now = (index * 1_000) / 30;
      if (limiter.check(index + 1).kind === "accepted") limiter.record(index + 1);
      else refused.push(index);
    }
    expect(refused).toEqual([]);
  });

  it("by default, a burst of 1000 paid messages passes, the first 30 free, and the 1001st waits", () => {
    const now = 0;
    const limiter = createRateLimiter({ enabled: true }, () => now);
    const charged: boolean[] = [];
    for (let index = 0; index < 1_000; index++) {
      const verdict = limiter.check(index + 1, { paid: true });
      if (verdict.kind !== "accepted") throw new Error(`message ${index} was refused`);
      limiter.record(index + 1, { paid: true, charged: verdict.charged });
      charged.push(verdict.charged);
    }
    expect(charged.indexOf(true)).toBe(30);
    expect(charged.filter(Boolean)).toHaveLength(970);
    expect(limiter.check(5_000, { paid: true })).toEqual({ kind: "limited", retryAfter: 1, reason: "overall" });
    expect(limiter.check(5_000)).toMatchObject({ kind: "limited", reason: "overall" });
  });

  it("sliding: counts paid messages against 1000 a second and charges only those beyond the free 30", () => {
    let now = 0;
    const limiter = createRateLimiter({ enabled: true, overallWindow: "sliding" }, () => now);
    const charged: boolean[] = [];
    for (let index = 0; index < 1_000; index++) {
      now = index * 0.5;
      const verdict = limiter.check(index + 1, { paid: true });
      expect(verdict.kind).toBe("accepted");
      if (verdict.kind !== "accepted") return;
      limiter.record(index + 1, { paid: true, charged: verdict.charged });
      charged.push(verdict.charged);
    }
    expect(charged.indexOf(true)).toBe(30);
    expect(charged.filter(Boolean)).toHaveLength(970);
    expect(limiter.check(5_000, { paid: true })).toEqual({ kind: "limited", retryAfter: 1, reason: "overall" });
    expect(limiter.check(5_000)).toMatchObject({ kind: "limited", reason: "overall" });
    expect(limiter.stats()).toMatchObject({ paidMessages: 1_000, chargedMessages: 970 });
  });

  it("keeps the per-chat and per-group buckets for paid messages", () => {
    const now = 0;
    const limiter = createRateLimiter({ enabled: true }, () => now);
    for (let index = 0; index < 3; index++) limiter.record(7, { paid: true });
    expect(limiter.check(7, { paid: true })).toEqual({ kind: "limited", retryAfter: 1, reason: "chat" });
    const groupLimiter = createRateLimiter({ enabled: true, perChatBurst: 100 }, () => now);
    for (let index = 0; index < 20; index++) groupLimiter.record(-100, { paid: true });
    expect(groupLimiter.check(-100, { paid: true })).toEqual({ kind: "limited", retryAfter: 3, reason: "group" });
  });
});

describe("paid broadcasts over HTTP", () => {
  it("free messages get 429 after the free window; 200 paid ones all pass and 170 of them are charged", async () => {
    const free = await startEmulator({ rateLimit: { enabled: true, scale: SLOW } });
    const freeUsers = Array.from({ length: 200 }, (_, index) => startedUser(free, `Free ${index}`));
    const freeStatuses = await sendToEach(free, freeUsers);
    expect(countOf(freeStatuses, 200)).toBe(30);
    expect(countOf(freeStatuses, 429)).toBe(170);
    const limited = await free.api("sendMessage", { chat_id: freeUsers[0], text: "again" });
    expect(limited.body.description).toMatch(/^Too Many Requests: retry after \d+$/);
    expect(limited.body.description).toBe(`Too Many Requests: retry after ${limited.body.parameters?.retry_after}`);

    const paid = await startEmulator({ rateLimit: { enabled: true, scale: SLOW } });
    const paidUsers = Array.from({ length: 200 }, (_, index) => startedUser(paid, `Paid ${index}`));
    const paidStatuses = await sendToEach(paid, paidUsers, { allow_paid_broadcast: true });
    expect(countOf(paidStatuses, 200)).toBe(200);
    expect(paidUsers.every((userId) => paid.emulator.messages(userId).length === 1)).toBe(true);

    const stats = await paid.control("rate-limit-stats");
    expect(stats.body.result).toEqual({
      enabled: true,
      tooManyRequests: { total: 0, overall: 0, chat: 0, group: 0 },
      paidMessages: 200,
      chargedMessages: 170,
      starsSpent: 17,
    });
    expect((await free.control("rate-limit-stats")).body.result).toMatchObject({
      tooManyRequests: { total: 171, overall: 171, chat: 0, group: 0 },
      paidMessages: 0,
    });
  });

  it("the sliding window answers the same counts over HTTP: 30 free, then 429; paid ones pass", async () => {
    const harness = await startEmulator({ rateLimit: { enabled: true, scale: SLOW, overallWindow: "sliding" } });
    const users = Array.from({ length: 60 }, (_, index) => startedUser(harness, `User ${index}`));
    const free = await sendToEach(harness, users.slice(0, 40));
    expect([countOf(free, 200), countOf(free, 429)]).toEqual([30, 10]);
    const paid = await sendToEach(harness, users.slice(40), { allow_paid_broadcast: true });
    expect(countOf(paid, 200)).toBe(20);
    expect(harness.emulator.rateLimitStats()).toMatchObject({ tooManyRequests: { total: 10, overall: 10 }, chargedMessages: 20, starsSpent: 2 });
  });

  it("still applies the per-chat and per-group limits to paid messages", async () => {
    const harness = await startEmulator({ rateLimit: { enabled: true, scale: SLOW } });
    const userId = startedUser(harness);
    const statuses = await sendToEach(harness, [userId, userId, userId, userId], { allow_paid_broadcast: true });
    expect(statuses).toEqual([200, 200, 200, 429]);

    const owner = harness.emulator.createUser({ first_name: "Owner" });
    const group = harness.emulator.createGroup({ title: "Team", members: [{ userId: owner.id, status: "creator" }] });
    harness.emulator.addBotToGroup(group.id, { byUserId: owner.id });
    const groupStatuses = await sendToEach(harness, [group.id, group.id, group.id, group.id], { allow_paid_broadcast: true });
    expect(groupStatuses).toEqual([200, 200, 200, 429]);
    expect(harness.emulator.rateLimitStats().tooManyRequests).toEqual({ total: 2, overall: 0, chat: 2, group: 0 });

    const groups = await startEmulator({ rateLimit: { enabled: true, scale: SLOW, perChatBurst: 100 } });
    const creator = groups.emulator.createUser({ first_name: "Owner" });
    const team = groups.emulator.createGroup({ title: "Team", members: [{ userId: creator.id, status: "creator" }] });
    groups.emulator.addBotToGroup(team.id, { byUserId: creator.id });
    const teamStatuses = await sendToEach(groups, Array.from({ length: 21 }, () => team.id), { allow_paid_broadcast: true });
    expect(countOf(teamStatuses, 200)).toBe(20);
    expect(teamStatuses.at(-1)).toBe(429);
    expect(groups.emulator.rateLimitStats().tooManyRequests).toEqual({ total: 1, overall: 0, chat: 0, group: 1 });
  });

  it("answers 400 BALANCE_TOO_LOW once the Star balance cannot pay, and sends nothing then", async () => {
    const harness = await startEmulator({ rateLimit: { enabled: true, scale: SLOW } });
    expect((await harness.control("star-balance")).body.result).toEqual({ stars: null, spentStars: 0 });
    expect((await harness.control("set-star-balance", { stars: 1 })).body.result).toEqual({ stars: 1, spentStars: 0 });
    const users = Array.from({ length: 45 }, (_, index) => startedUser(harness, `User ${index}`));
    const answers = [];
    for (const userId of users) answers.push(await harness.api("sendMessage", { chat_id: userId, text: "paid", allow_paid_broadcast: true }));
    // 30 free, 10 at 0.1 Star each, then the balance is empty.
    expect(answers.slice(0, 40).map((answer) => answer.status)).toEqual(Array.from({ length: 40 }, () => 200));
    expect(answers.slice(40).map((answer) => answer.body)).toEqual(Array.from({ length: 5 }, () => BALANCE_TOO_LOW));
    expect(users.slice(40).map((userId) => harness.emulator.messages(userId).length)).toEqual([0, 0, 0, 0, 0]);
    expect((await harness.control("star-balance")).body.result).toEqual({ stars: 0, spentStars: 1 });
    expect(harness.emulator.rateLimitStats()).toMatchObject({ paidMessages: 40, chargedMessages: 10, starsSpent: 1 });

    // Topped up (with a tenth), the broadcast goes on; null makes the balance unlimited again.
    expect((await harness.control("set-star-balance", { stars: 0.1 })).body.result).toEqual({ stars: 0.1, spentStars: 1 });
    expect((await harness.api("sendMessage", { chat_id: users[40], text: "paid", allow_paid_broadcast: true })).status).toBe(200);
    expect((await harness.api("sendMessage", { chat_id: users[41], text: "paid", allow_paid_broadcast: true })).body).toEqual(BALANCE_TOO_LOW);
    expect((await harness.control("set-star-balance", { stars: null })).body.result).toEqual({ stars: null, spentStars: 1.1 });
    expect((await harness.api("sendMessage", { chat_id: users[41], text: "paid", allow_paid_broadcast: true })).status).toBe(200);
  });

  it("rejects a Star balance that is negative or finer than 0.1 Star", async () => {
    const harness = await startEmulator();
    for (const stars of [-1, 0.15, "many"]) {
      const answer = await harness.control("set-star-balance", { stars });
      expect(answer.status).toBe(400);
      expect(answer.body.ok).toBe(false);
    }
    expect(harness.emulator.setStarBalance(2.5)).toEqual({ stars: 2.5, spentStars: 0 });
  });

  it("reads allow_paid_broadcast as telegram-bot-api reads a Boolean: true, yes or 1 in any case, anything else is false", async () => {
    const harness = await startEmulator({ rateLimit: { enabled: true, scale: SLOW } });
    const fillers = Array.from({ length: 30 }, (_, index) => startedUser(harness, `Filler ${index}`));
    expect(countOf(await sendToEach(harness, fillers), 200)).toBe(30);
    // The free window is full now: only a message read as paid gets through.
    const truthy: unknown[] = [true, "true", "True", " TRUE ", "yes", "1", 1];
    const falsy: unknown[] = [false, "false", "no", "0", 0, 2, "paid", { paid: true }];
    for (const value of [...truthy, ...falsy]) {
      const userId = startedUser(harness, `User ${String(value)}`);
      const answer = await harness.api("sendMessage", { chat_id: userId, text: "x", allow_paid_broadcast: value });
      expect({ value, status: answer.status }).toEqual({ value, status: truthy.includes(value) ? 200 : 429 });
    }
    const formUser = startedUser(harness, "Form");
    const form = await fetch(`${harness.url}/bot${harness.token}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ chat_id: String(formUser), text: "x", allow_paid_broadcast: "True" }).toString(),
    });
    expect(form.status).toBe(200);
    expect(harness.emulator.rateLimitStats()).toMatchObject({ paidMessages: truthy.length + 1, chargedMessages: truthy.length + 1 });
  });

  it("costs nothing and counts nothing while rate limits are off", async () => {
    const harness = await startEmulator();
    harness.emulator.setStarBalance(0);
    const users = Array.from({ length: 40 }, (_, index) => startedUser(harness, `User ${index}`));
    expect(countOf(await sendToEach(harness, users, { allow_paid_broadcast: true }), 200)).toBe(40);
    expect(harness.emulator.rateLimitStats()).toEqual({
      enabled: false,
      tooManyRequests: { total: 0, overall: 0, chat: 0, group: 0 },
      paidMessages: 0,
      chargedMessages: 0,
      starsSpent: 0,
    });
  });
});
