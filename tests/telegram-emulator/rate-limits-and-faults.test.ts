import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../src/telegram-emulator/rate-limit.js";
import { startEmulator, startedUser } from "./harness.js";

describe("rate limits", () => {
  it("allows a short burst per private chat, then answers 429 with retry_after", async () => {
    const harness = await startEmulator({ rateLimit: { enabled: true } });
    const userId = startedUser(harness);
    for (let index = 0; index < 3; index++) {
      expect((await harness.api("sendMessage", { chat_id: userId, text: `burst ${index}` })).status).toBe(200);
    }
    const limited = await harness.api("sendMessage", { chat_id: userId, text: "one too many" });
    expect(limited).toEqual({
      status: 429,
      body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } },
    });
    // Only message sending counts: the bot can still edit and answer.
    expect((await harness.api("sendChatAction", { chat_id: userId, action: "typing" })).status).toBe(200);
    expect(harness.emulator.messages(userId)).toHaveLength(3);
  });

  it("limits a group to 20 messages a minute", async () => {
    const harness = await startEmulator({ rateLimit: { enabled: true, perChatBurst: 100 } });
    const owner = harness.emulator.createUser({ first_name: "Ann" });
    const group = harness.emulator.createGroup({ title: "Team", members: [{ userId: owner.id, status: "creator" }] });
    harness.emulator.addBotToGroup(group.id, { byUserId: owner.id });
    for (let index = 0; index < 20; index++) {
      expect((await harness.api("sendMessage", { chat_id: group.id, text: `${index}` })).status).toBe(200);
    }
    const limited = await harness.api("sendMessage", { chat_id: group.id, text: "21st" });
    expect(limited.status).toBe(429);
    // Refilling one message of twenty per minute takes up to three seconds.
    expect(limited.body.parameters?.retry_after).toBeGreaterThanOrEqual(2);
    expect(limited.body.parameters?.retry_after).toBeLessThanOrEqual(3);
  });

  it("limits the bot to 30 messages a second across chats", async () => {
    const harness = await startEmulator({ rateLimit: { enabled: true } });
    const users = Array.from({ length: 100 }, (_, index) => startedUser(harness, `User ${index}`));
    const started = performance.now();
    const statuses = [];
    for (const userId of users) statuses.push((await harness.api("sendMessage", { chat_id: userId, text: "news" })).status);
    const elapsedSeconds = (performance.now() - started) / 1_000;
    const sent = statuses.filter((status) => status === 200).length;
    // The bucket holds 30 and refills 30 a second while the loop runs.
    expect(sent).toBeGreaterThanOrEqual(30);
    expect(sent).toBeLessThanOrEqual(30 + Math.ceil(elapsedSeconds * 30));
    expect(statuses.indexOf(429)).toBeGreaterThanOrEqual(30);
  });

  it("refills over time, and scale speeds every rate up", () => {
    let now = 0;
    const limiter = createRateLimiter({ enabled: true, perChatBurst: 1, scale: 10 }, () => now);
    limiter.record(42);
    expect(limiter.check(42)).toEqual({ kind: "limited", retryAfter: 1, reason: "chat" });
    // One message a second at scale 10 refills in 100 ms.
    now = 100;
    expect(limiter.check(42)).toEqual({ kind: "accepted", charged: false });
  });
});

describe("injected faults", () => {
  it("blocked: 403 for the matching chat only, for the given number of times", async () => {
    const harness = await startEmulator();
    const ann = startedUser(harness, "Ann");
    const bob = startedUser(harness, "Bob");
    harness.emulator.injectFault({ method: "sendMessage", chatId: ann, kind: "blocked", times: 1 });
    expect((await harness.api("sendMessage", { chat_id: bob, text: "hi" })).status).toBe(200);
    expect((await harness.api("sendMessage", { chat_id: ann, text: "hi" })).body).toEqual({
      ok: false,
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
    expect((await harness.api("sendMessage", { chat_id: ann, text: "again" })).status).toBe(200);
  });

  it("server: 500 as JSON, or a 502 HTML page like a failing proxy", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    harness.emulator.injectFault({ method: "sendMessage", kind: "server", times: 1 });
    expect((await harness.api("sendMessage", { chat_id: userId, text: "x" })).body).toEqual({
      ok: false,
      error_code: 500,
      description: "Internal Server Error",
    });
    harness.emulator.injectFault({ method: "sendMessage", kind: "server", status: 502, times: 1 });
    const response = await fetch(`${harness.url}/bot${harness.token}/sendMessage?chat_id=${userId}&text=x`);
    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toBe("text/html");
    expect(await response.text()).toContain("502 Bad Gateway");
    expect(harness.emulator.messages(userId)).toEqual([]);
  });

  it("slow: delays the call, which then succeeds", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    harness.emulator.injectFault({ method: "sendMessage", kind: "slow", delayMs: 200, times: 1 });
    const started = Date.now();
    expect((await harness.api("sendMessage", { chat_id: userId, text: "late" })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect(harness.emulator.calls("sendMessage")[0]?.durationMs).toBeGreaterThanOrEqual(180);
  });

  it("drop: the connection closes without an answer", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    harness.emulator.injectFault({ method: "sendMessage", kind: "drop", times: 1 });
    await expect(harness.api("sendMessage", { chat_id: userId, text: "lost" })).rejects.toThrow();
    expect(harness.emulator.calls("sendMessage")[0]).toMatchObject({ status: null, ok: false });
    expect(harness.emulator.messages(userId)).toEqual([]);
  });

  it("flood: 429 with the given retry_after", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    harness.emulator.injectFault({ method: "*", kind: "flood", retryAfter: 7, times: 1 });
    expect((await harness.api("sendMessage", { chat_id: userId, text: "x" })).body).toEqual({
      ok: false,
      error_code: 429,
      description: "Too Many Requests: retry after 7",
      parameters: { retry_after: 7 },
    });
  });

  it("share: hits only the drawn fraction of calls; clearFaults removes everything", async () => {
    const draws = [0.1, 0.9, 0.4, 0.6];
    const harness = await startEmulator({ random: () => draws.shift() ?? 1 });
    const userId = startedUser(harness);
    harness.emulator.injectFault({ method: "sendMessage", kind: "server", share: 0.5 });
    const statuses = [];
    for (let index = 0; index < 4; index++) statuses.push((await harness.api("sendMessage", { chat_id: userId, text: "x" })).status);
    expect(statuses).toEqual([500, 200, 500, 200]);
    harness.emulator.clearFaults();
    expect((await harness.api("sendMessage", { chat_id: userId, text: "x" })).status).toBe(200);
  });
});
