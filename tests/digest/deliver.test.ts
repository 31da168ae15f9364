import { autoRetry } from "@grammyjs/auto-retry";
import { Api } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { createDeliverer, type DelivererOptions, type Sleep } from "../../src/digest/deliver.js";
import type { Emulator } from "../../src/telegram-emulator/index.js";
import { groupWithBot, silentLogger, startEmulator, startEmulatorProcess, startedUser, startMigratingProxy } from "./helpers.js";

const running: Array<{ stop(): Promise<void> | void }> = [];
afterEach(async () => {
  for (const each of running.splice(0)) await each.stop();
});

async function setUp(options: Parameters<typeof startEmulator>[0] = {}) {
  const started = await startEmulator(options);
  running.push(started.emulator);
  return started;
}

/** Fast pacing and retries, so these tests are about outcomes, not about time. */
const FAST: Pick<DelivererOptions, "limits" | "retry"> = {
  limits: { overallPerSecond: 1_000, privateChatPerSecond: 1_000, groupPerMinute: 60_000 },
  retry: { initialBackoffMs: 10, maxBackoffMs: 40, giveUpAfterMs: 2_000, requestTimeoutMs: 2_000 },
};

/** Records every wait the deliverer asks for and waits at most 5 ms of it. */
function recordingSleep(): { sleep: Sleep; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: (ms) => {
      waits.push(ms);
      return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5)));
    },
  };
}

const sendCalls = (emulator: Emulator, chatId?: number) =>
  emulator.calls("sendMessage").filter((call) => chatId === undefined || Number(call.params.chat_id) === chatId);

describe("deliverer outcomes", () => {
  it("sends every part in order as HTML without link previews, with its own Api (no auto-retry)", async () => {
    const { emulator, api } = await setUp();
    // The bot's Api may carry auto-retry; the deliverer must not inherit it (it would retry twice over).
    api.config.use(autoRetry());
    const user = startedUser(emulator);
    const deliverer = createDeliverer({ api, logger: silentLogger, ...FAST });
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
    const { sleep, waits } = recordingSleep();
    const deliverer = createDeliverer({ api, logger: silentLogger, ...FAST, sleep });
    expect((await deliverer.send(user, ["hello"])).status).toBe("sent");
    expect(waits).toContain(1_000);
    expect(sendCalls(emulator, user).map((call) => call.status)).toEqual([429, 200]);
  });

  it("gives up on 429 when retry_after is beyond the retry budget", async () => {
    const { emulator, api } = await setUp();
    const user = startedUser(emulator);
    emulator.injectFault({ method: "sendMessage", kind: "flood", retryAfter: 60 });
    const { sleep, waits } = recordingSleep();
    const deliverer = createDeliverer({ api, logger: silentLogger, ...FAST, sleep });
    expect(await deliverer.send(user, ["hello"])).toMatchObject({ status: "failed", retryable: true });
    expect(waits).not.toContain(60_000);
  });

  it("retries 5xx (JSON 500 and an HTML 502) and dropped connections with growing backoff, then succeeds", async () => {
    const { emulator, api } = await setUp();
    const user = startedUser(emulator);
    emulator.injectFault({ method: "sendMessage", kind: "server", status: 500, times: 1 });
    emulator.injectFault({ method: "sendMessage", kind: "server", status: 502, times: 1 });
    emulator.injectFault({ method: "sendMessage", kind: "drop", times: 1 });
    const { sleep, waits } = recordingSleep();
    const deliverer = createDeliverer({ api, logger: silentLogger, ...FAST, sleep });
    expect((await deliverer.send(user, ["hello"])).status).toBe("sent");
    expect(waits.filter((ms) => ms >= 10)).toEqual([10, 20, 40]);
    expect(emulator.messages(user)).toHaveLength(1);
  });

  it("gives up on 5xx that never ends within the bounded time", async () => {
    const { emulator, api } = await setUp();
    const user = startedUser(emulator);
    emulator.injectFault({ method: "sendMessage", kind: "server" });
    const deliverer = createDeliverer({
      api,
      logger: silentLogger,
      limits: FAST.limits,
      retry: { initialBackoffMs: 10, maxBackoffMs: 50, giveUpAfterMs: 300, requestTimeoutMs: 1_000 },
    });
    const started = performance.now();
    const result = await deliverer.send(user, ["hello", "never sent"]);
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ status: "failed", retryable: true, messageIds: [], error: "Internal Server Error" });
    // Backoffs of 10, 20, 40, then 50 ms fit 8 attempts into the 300 ms budget; slack for a busy machine.
    expect(elapsed).toBeLessThan(300 + 1_000);
    expect(sendCalls(emulator, user).length).toBeGreaterThanOrEqual(4);
    expect(sendCalls(emulator, user).length).toBeLessThanOrEqual(8);
    expect(emulator.messages(user)).toHaveLength(0);
  });

  it("reports a chat that blocked the bot (403) without retrying", async () => {
    const { emulator, api } = await setUp();
    const user = startedUser(emulator);
    emulator.blockBot(user);
    const deliverer = createDeliverer({ api, logger: silentLogger, ...FAST });
    expect(await deliverer.send(user, ["a", "b"])).toEqual({ status: "blocked", error: "Forbidden: bot was blocked by the user" });
    expect(sendCalls(emulator, user)).toHaveLength(1);
  });

  it("reports a group that removed the bot as blocked", async () => {
    const { emulator, api } = await setUp();
    const { chatId: group, ownerId } = groupWithBot(emulator);
    emulator.removeBotFromGroup(group, { byUserId: ownerId, ban: true });
    const deliverer = createDeliverer({ api, logger: silentLogger, ...FAST });
    expect(await deliverer.send(group, ["a"])).toMatchObject({ status: "blocked" });
  });

  it("reports a chat Telegram does not know (400 chat not found)", async () => {
    const { emulator, api } = await setUp();
    const deliverer = createDeliverer({ api, logger: silentLogger, ...FAST });
    expect(await deliverer.send(987_654_321, ["a"])).toEqual({ status: "chat-not-found", error: "Bad Request: chat not found" });
    expect(await deliverer.send(-100_987_654_321, ["a"])).toMatchObject({ status: "chat-not-found" });
    expect(sendCalls(emulator)).toHaveLength(2);
  });

  it("never retries HTML Telegram cannot parse", async () => {
    const { emulator, api } = await setUp();
    const user = startedUser(emulator);
    const deliverer = createDeliverer({ api, logger: silentLogger, ...FAST });
    const result = await deliverer.send(user, ["<b>unclosed"]);
    expect(result).toMatchObject({ status: "failed", retryable: false });
    expect(result.status === "failed" && result.error).toMatch(/can't parse entities/);
    expect(sendCalls(emulator, user)).toHaveLength(1);
  });

  it("posts into a forum topic, and into the main thread when the topic is gone", async () => {
    const { emulator, api } = await setUp();
    const { chatId: forum } = groupWithBot(emulator, { isForum: true });
    const { messageThreadId } = emulator.createForumTopic(forum, "Digests");
    const deliverer = createDeliverer({ api, logger: silentLogger, ...FAST });
    expect((await deliverer.send(forum, ["in topic"], { messageThreadId })).status).toBe("sent");
    expect((await deliverer.send(forum, ["fallback"], { messageThreadId: 999 })).status).toBe("sent");
    expect(emulator.messages(forum).map((message) => [message.text, message.messageThreadId])).toEqual([
      ["in topic", messageThreadId],
      ["fallback", undefined],
    ]);
  });

  it("follows a group that became a supergroup and resends there", async () => {
    const { emulator, url } = await setUp();
    const { chatId: supergroup } = groupWithBot(emulator, { type: "supergroup" });
    const oldGroupId = -4_555_000;
    // The emulator has no group upgrades: a proxy in front of it answers for the old group as Telegram does.
    const proxy = await startMigratingProxy(url, oldGroupId, supergroup);
    running.push({ stop: () => new Promise<void>((resolve) => proxy.server.close(() => resolve())) });
    const api = new Api(emulator.bots[0]?.token ?? "", { apiRoot: proxy.url });
    const deliverer = createDeliverer({ api, logger: silentLogger, ...FAST });
    const result = await deliverer.send(oldGroupId, ["one", "two"]);
    const messages = emulator.messages(supergroup);
    expect(result).toEqual({ status: "migrated", newChatId: supergroup, messageIds: messages.map((message) => message.messageId) });
    expect(messages.map((message) => message.text)).toEqual(["one", "two"]);
    expect(proxy.answered).toBe(1);
  });
});

describe("deliverer pacing against the emulator's rate limits", () => {
  // Rates run this many times faster than Telegram's. Not more: the emulator process, starved of CPU
  // by the other test files, handles requests in bunches, and a stall longer than the overall burst
  // (30 messages) takes at the scaled rate would be counted as a burst the deliverer never sent.
  const SCALE = 6;
  const limits = { overallPerSecond: 28 * SCALE, privateChatPerSecond: 1 * SCALE, groupPerMinute: 20 * SCALE };

  it("sends to 200 chats concurrently, 10 parts to one user and 22 to one group, without a single 429", async () => {
    // The emulator runs in its own process, so it sees requests when they arrive, as Telegram would.
    const emulator = await startEmulatorProcess({ scale: SCALE, users: 201, groups: 1 });
    running.push(emulator);
    const [someone, ...users] = emulator.users;
    const [group] = emulator.groups;
    const deliverer = createDeliverer({ api: emulator.api, logger: silentLogger, limits });
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
