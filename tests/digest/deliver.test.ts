import { describe, expect, it, onTestFinished, vi } from "vitest";
import { createDeliverer, type Sleep } from "../../src/digest/deliver.js";
import { apiMetricsTransformer, createMetrics } from "../../src/metrics.js";
import type { Emulator } from "../../src/telegram-emulator/index.js";
import { FAST, fastDeliverer, groupWithBot, migratingFetch, silentLogger, startEmulator, startEmulatorProcess, startedUser } from "./helpers.js";

async function setUp() {
  const started = await startEmulator();
  onTestFinished(() => started.emulator.stop());
  return started;
}
/** The emulator with Telegram's rate limits on, at their real rates. */
setUp.withRateLimits = async () => {
  const started = await startEmulator({ rateLimit: { enabled: true } });
  onTestFinished(() => started.emulator.stop());
  return started;
};

/** Fake time: the deliverer's clock is vitest's fake `performance`, and every wait it asks for is recorded and passes at once. */
function fakeClock(): { sleep: Sleep; waits: number[] } {
  vi.useFakeTimers({ toFake: ["performance"] });
  onTestFinished(() => {
    vi.useRealTimers();
  });
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms) => {
      waits.push(ms);
      vi.advanceTimersByTime(ms);
    },
  };
}

function blockedUser(emulator: Emulator): number {
  const user = startedUser(emulator);
  emulator.blockBot(user);
  return user;
}

function groupWithoutBot(emulator: Emulator): number {
  const { chatId, ownerId } = groupWithBot(emulator);
  emulator.removeBotFromGroup(chatId, { byUserId: ownerId, ban: true });
  return chatId;
}

describe("deliverer observed", () => {
  it("counts digest messages and refusals in the bot's metrics, like its replies", async () => {
    const { emulator, api } = await setUp();
    const user = startedUser(emulator);
    const gone = blockedUser(emulator);
    const metrics = createMetrics();
    const deliverer = createDeliverer({ token: api.token, client: api.options, observe: apiMetricsTransformer(metrics), logger: silentLogger, ...FAST });
    expect((await deliverer.send(user, ["one", "two"])).status).toBe("sent");
    expect((await deliverer.send(gone, ["three"])).status).toBe("blocked");
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/bot_messages_sent_total\{method="sendMessage"\} 2\n/);
    expect(text).toMatch(/bot_api_errors_total\{method="sendMessage",code="403"\} 1\n/);
  });
});

const sendCalls = (emulator: Emulator, chatId?: number) =>
  emulator.calls("sendMessage").filter((call) => chatId === undefined || Number(call.params.chat_id) === chatId);

describe("deliverer outcomes", () => {
  it("sends every part in order as HTML without link previews", async () => {
    const { emulator, api } = await setUp();
    const user = startedUser(emulator);
    const deliverer = createDeliverer({ token: api.token, client: api.options, logger: silentLogger, ...FAST });
    const result = await deliverer.send(user, ["<b>one</b>", "two <i>2</i>"]);
    expect(result.status).toBe("sent");
    const messages = emulator.messages(user);
    expect(messages.map((message) => message.html)).toEqual(["<b>one</b>", "two <i>2</i>"]);
    expect(result).toEqual({ status: "sent", messageIds: messages.map((message) => message.messageId) });
    expect(sendCalls(emulator, user)[0]?.params).toMatchObject({ parse_mode: "HTML", link_preview_options: { is_disabled: true } });
  });

  it("waits retry_after on 429, then succeeds", async () => {
    const { emulator, api } = await setUp();
    const user = startedUser(emulator);
    emulator.injectFault({ method: "sendMessage", kind: "flood", retryAfter: 1, times: 1 });
    const { sleep, waits } = fakeClock();
    const deliverer = fastDeliverer(api, { sleep });
    expect((await deliverer.send(user, ["hello"])).status).toBe("sent");
    expect(waits).toContain(1_000);
    expect(sendCalls(emulator, user).map((call) => call.status)).toEqual([429, 200]);
  });

  it("gives up on 429 when retry_after is beyond the retry budget", async () => {
    const { emulator, api } = await setUp();
    const user = startedUser(emulator);
    emulator.injectFault({ method: "sendMessage", kind: "flood", retryAfter: 60 });
    const { sleep, waits } = fakeClock();
    const deliverer = fastDeliverer(api, { sleep });
    expect(await deliverer.send(user, ["hello"])).toMatchObject({ status: "failed", retryable: true });
    expect(waits).not.toContain(60_000);
  });

  it("retries 5xx (JSON 500 and an HTML 502) and dropped connections with growing backoff, then succeeds", async () => {
    const { emulator, api } = await setUp();
    const user = startedUser(emulator);
    emulator.injectFault({ method: "sendMessage", kind: "server", status: 500, times: 1 });
    emulator.injectFault({ method: "sendMessage", kind: "server", status: 502, times: 1 });
    emulator.injectFault({ method: "sendMessage", kind: "drop", times: 1 });
    const { sleep, waits } = fakeClock();
    const deliverer = fastDeliverer(api, { sleep });
    expect((await deliverer.send(user, ["hello"])).status).toBe("sent");
    expect(waits.filter((ms) => ms >= 10)).toEqual([10, 20, 40]);
    expect(emulator.messages(user)).toHaveLength(1);
  });

  it("gives up on 5xx that never ends within the bounded time", async () => {
    const { emulator, api } = await setUp();
    const user = startedUser(emulator);
    emulator.injectFault({ method: "sendMessage", kind: "server" });
    const { sleep, waits } = fakeClock();
    const retry = { initialBackoffMs: 10, maxBackoffMs: 50, giveUpAfterMs: 300, requestTimeoutMs: 1_000 };
    const result = await fastDeliverer(api, { retry, sleep }).send(user, ["hello", "never sent"]);
    expect(result).toMatchObject({ status: "failed", retryable: true, messageIds: [], error: "Internal Server Error" });
    // Backoffs of 10, 20, 40, then 50 ms: 8 attempts fit into the 300 ms budget, a ninth would not.
    expect(waits.filter((ms) => ms >= 10)).toEqual([10, 20, 40, 50, 50, 50, 50]);
    expect(sendCalls(emulator, user)).toHaveLength(8);
    expect(emulator.messages(user)).toHaveLength(0);
  });

  /** Chats a send fails to for good, how to make one, and what the deliverer says. */
  const unreachable: Array<[string, (emulator: Emulator) => number, string, Record<string, unknown>]> = [
    ["a user who blocked the bot (403)", blockedUser, "a", { status: "blocked", error: "Forbidden: bot was blocked by the user" }],
    ["a group that removed the bot", groupWithoutBot, "a", { status: "blocked" }],
    ["a user Telegram does not know (400)", () => 987_654_321, "a", { status: "chat-not-found", error: "Bad Request: chat not found" }],
    ["a group Telegram does not know", () => -100_987_654_321, "a", { status: "chat-not-found" }],
    ["HTML Telegram cannot parse", (emulator) => startedUser(emulator), "<b>unclosed", { status: "failed", retryable: false, error: expect.stringMatching(/can't parse entities/) }],
  ];
  it.each(unreachable)("reports %s after one request, without retrying", async (_, chatIn, part, expected) => {
    const { emulator, api } = await setUp();
    const chat = chatIn(emulator);
    expect(await fastDeliverer(api).send(chat, [part, "never sent"])).toMatchObject(expected);
    expect(sendCalls(emulator, chat)).toHaveLength(1);
  });

  it("posts into a forum topic, and into the main thread when the topic is gone", async () => {
    const { emulator, api } = await setUp();
    const { chatId: forum } = groupWithBot(emulator, { isForum: true });
    const { messageThreadId } = emulator.createForumTopic(forum, "Digests");
    const deliverer = fastDeliverer(api);
    expect((await deliverer.send(forum, ["in topic"], { messageThreadId })).status).toBe("sent");
    expect((await deliverer.send(forum, ["fallback"], { messageThreadId: 999 })).status).toBe("sent");
    expect(emulator.messages(forum).map((message) => [message.text, message.messageThreadId])).toEqual([
      ["in topic", messageThreadId],
      ["fallback", undefined],
    ]);
  });

  it("follows a group that became a supergroup and resends there", async () => {
    const { emulator, api } = await setUp();
    const { chatId: supergroup } = groupWithBot(emulator, { type: "supergroup" });
    const oldGroupId = -4_555_000;
    // The emulator has no group upgrades: a fetch in front of it answers for the old group as Telegram does.
    const upgrade = migratingFetch(oldGroupId, supergroup);
    const deliverer = fastDeliverer(api, { client: { ...api.options, fetch: upgrade.fetch } });
    const result = await deliverer.send(oldGroupId, ["one", "two"]);
    const messages = emulator.messages(supergroup);
    expect(result).toEqual({ status: "migrated", newChatId: supergroup, messageIds: messages.map((message) => message.messageId) });
    expect(messages.map((message) => message.text)).toEqual(["one", "two"]);
    expect(upgrade.answered).toBe(1);
  });
});

describe("deliverer pacing against the emulator's rate limits", () => {
  // Rates run this many times faster than Telegram's. Not more: the emulator process, starved of CPU
  // by the other test files, handles requests in bunches, and a stall longer than the overall burst
  // (30 messages) takes at the scaled rate would be counted as a burst the deliverer never sent.
  const SCALE = 6;
  const limits = { overallPerSecond: 30 * SCALE, privateChatPerSecond: 1 * SCALE, groupPerMinute: 20 * SCALE, windowMs: 1_000 / SCALE };

  it("sends to 200 chats concurrently, 10 parts to one user and 22 to one group, without a single 429", async () => {
    // The emulator runs in its own process, so it sees requests when they arrive, as Telegram would.
    const emulator = await startEmulatorProcess({ scale: SCALE, users: 201, groups: 1 });
    onTestFinished(() => emulator.stop());
    const [someone, ...users] = emulator.users;
    const [group] = emulator.groups;
    const deliverer = fastDeliverer(emulator.api, { limits, retry: {} });
    // More than a group takes in a burst (20), and more than one chat takes in a burst (3).
    const parts = Array.from({ length: 22 }, (_, index) => `part ${index}`);

    const started = performance.now();
    const [broadcast, toSomeone, toGroup] = await Promise.all([
      Promise.all(users.map((user) => deliverer.send(user, [`news for ${user}`]))),
      deliverer.send(someone ?? 0, parts.slice(0, 10)),
      deliverer.send(group ?? 0, parts),
    ]);
    const elapsedSeconds = (performance.now() - started) / 1_000;

    expect(broadcast.every((result) => result.status === "sent")).toBe(true);
    expect([toSomeone.status, toGroup.status]).toEqual(["sent", "sent"]);
    const report = await emulator.report();
    expect(report.statuses).toEqual({ "200": 232 });
    expect(report.texts[String(group)]).toEqual(parts);
    // Paced, not bursting: the group's 22 parts at its configured rate take at least this long.
    expect(elapsedSeconds).toBeGreaterThanOrEqual((21 * 60) / limits.groupPerMinute);
  });
});

describe("paid broadcasts", () => {
  it("sends with allow_paid_broadcast above the free rate, and goes on free at 30 a second once the Star balance runs out", async () => {
    // Telegram's real limits, unscaled: 30 free a second, 1,000 paid.
    const { emulator, api } = await setUp.withRateLimits();
    emulator.setStarBalance(0.5);
    const users = Array.from({ length: 45 }, (_, index) => startedUser(emulator, `User ${index}`));
    const refused: string[] = [];
    const deliverer = createDeliverer({
      token: api.token,
      client: api.options,
      limits: { overallPerSecond: 1_000 },
      paidBroadcast: true,
      onPaidBroadcastRefused: (error) => refused.push(error),
      logger: silentLogger,
    });

    const results = await Promise.all(users.map((user) => deliverer.send(user, [`news for ${user}`])));

    expect(results.filter((result) => result.status !== "sent")).toEqual([]);
    for (const user of users) expect(emulator.messages(user).map((message) => message.text)).toEqual([`news for ${user}`]);
    // 30 free ones, 5 paid at 0.1 Star, then the balance could not pay: told once, the rest went free.
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain("BALANCE_TOO_LOW");
    expect(emulator.starBalance()).toMatchObject({ stars: 0, spentStars: 0.5 });
    const sent = sendCalls(emulator).filter((call) => call.ok);
    expect(sent.filter((call) => call.params.allow_paid_broadcast === true)).toHaveLength(35);
    expect(sent.slice(35).every((call) => call.params.allow_paid_broadcast === undefined)).toBe(true);
    expect(emulator.rateLimitStats().tooManyRequests.total).toBe(0);
  });
});
