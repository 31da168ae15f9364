import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/telegram-emulator/index.js";
import { startWebhookBotProcess, waitFor, type BotProcess } from "./bot-process.js";

const SECRET = "webhook-secret_faults";
const SPACE_TEXT = "Международной научной лунной станции";

/**
 * Webhook mode when handlers fail or take long: the real bot process, the emulator delivering
 * updates one after another and redelivering any that got no 2xx, as Telegram does.
 */
describe("webhook mode under faults", () => {
  let emulator: Emulator;
  let bot: BotProcess;
  let base: string;

  beforeAll(async () => {
    emulator = createEmulator();
    await emulator.start();
    ({ bot, base } = await startWebhookBotProcess(emulator, SECRET));
  });

  afterAll(async () => {
    if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
    await emulator.stop();
  });

  const deliveriesOf = (updateId: number): number => emulator.deliveryCounts().get(updateId) ?? 0;

  it("answers a failing update 2xx once, counts the error, and keeps answering everyone else", async () => {
    const blocked = emulator.createUser({ first_name: "Blocked", language_code: "en" });
    emulator.injectFault({ method: "sendMessage", chatId: blocked.id, kind: "blocked" });
    emulator.sendText(blocked.id, "/space");
    const failing = emulator.pendingUpdates().at(-1)?.update_id ?? -1;
    const others = Array.from({ length: 20 }, (_, index) => emulator.createUser({ first_name: `User ${index}`, language_code: "ru" }));
    for (const user of others) emulator.sendText(user.id, "/space");
    for (const user of others) expect((await emulator.waitForMessages(user.id, 1, 20_000))[0]?.text).toContain(SPACE_TEXT);
    expect(deliveriesOf(failing)).toBe(1);
    await waitFor(() => bot.output().includes('"updateId":' + String(failing)) && bot.output().includes("update failed"), "the failure is logged");
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/bot_updates_total\{type="message",outcome="error"\} [1-9]/);
  }, 40_000);

  it("lets a reply that waits out 429s for longer than the webhook timeout finish once, and survives it", async () => {
    const slow = emulator.createUser({ first_name: "Slow", language_code: "ru" });
    // Three 429s of 4 s each: the reply takes over 12 s, past Telegram's and grammY's 10 s.
    emulator.injectFault({ method: "sendMessage", chatId: slow.id, kind: "flood", retryAfter: 4, times: 3 });
    emulator.sendText(slow.id, "/space");
    const updateId = emulator.pendingUpdates().at(-1)?.update_id ?? -1;
    const quick = emulator.createUser({ first_name: "Quick", language_code: "ru" });
    emulator.sendText(quick.id, "/arctic");
    // The other chat is not held up by the slow one.
    expect((await emulator.waitForMessages(quick.id, 1, 5_000))[0]?.text).toContain("Арктического совета");
    const [reply] = await emulator.waitForMessages(slow.id, 1, 30_000);
    expect(reply?.text).toContain(SPACE_TEXT);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(emulator.messages(slow.id)).toHaveLength(1);
    expect(deliveriesOf(updateId)).toBe(1);
    expect(bot.child.exitCode).toBeNull();
  }, 45_000);

  it("survives server errors followed by a 403 in one handler, keeping that chat's order", async () => {
    const user = emulator.createUser({ first_name: "Ann", language_code: "en" });
    emulator.injectFault({ method: "sendMessage", chatId: user.id, kind: "server", status: 502, times: 1 });
    emulator.sendText(user.id, "/space");
    emulator.sendText(user.id, "/arctic");
    emulator.sendText(user.id, "/trade");
    const replies = await emulator.waitForMessages(user.id, 3, 30_000);
    expect(replies[0]?.text).toContain(SPACE_TEXT);
    expect(replies[1]?.text).toContain("Арктического совета");
    expect(replies[2]?.html).toContain("<b>");
    const blockedLater = emulator.createUser({ first_name: "Bob", language_code: "en" });
    emulator.injectFault({ method: "sendMessage", chatId: blockedLater.id, kind: "server", times: 1 });
    emulator.sendText(blockedLater.id, "/space");
    emulator.blockBot(blockedLater.id);
    await waitFor(() => emulator.calls("sendMessage").filter((call) => String(call.params.chat_id) === String(blockedLater.id)).length >= 2, "the retry reaches the 403", 20_000);
    const after = emulator.createUser({ first_name: "Cid", language_code: "ru" });
    emulator.sendText(after.id, "/space");
    expect((await emulator.waitForMessages(after.id, 1, 10_000))[0]?.text).toContain(SPACE_TEXT);
    expect(bot.child.exitCode).toBeNull();
  }, 45_000);

  it("recognises a redelivered update by its id and does not handle it again", async () => {
    const user = emulator.createUser({ first_name: "Dee", language_code: "ru" });
    emulator.sendText(user.id, "/space");
    await emulator.waitForMessages(user.id, 1, 10_000);
    const updateId = [...emulator.deliveryCounts().keys()].at(-1) ?? -1;
    const body = JSON.stringify({ update_id: updateId, message: { message_id: 1, date: 0, chat: { id: user.id, type: "private" }, from: { id: user.id, is_bot: false, first_name: "Dee" }, text: "/space", entities: [{ type: "bot_command", offset: 0, length: 6 }] } });
    const post = await fetch(`${base}/telegram/updates`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body,
    });
    expect(post.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(emulator.messages(user.id)).toHaveLength(1);
  });

  it("checks the secret before the body, refuses oversized bodies unread", async () => {
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${base}/telegram/updates`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    expect((await post({}, "{not json")).status).toBe(401);
    expect((await post({ "x-telegram-bot-api-secret-token": "wrong" }, "{not json")).status).toBe(401);
    expect((await post({ "x-telegram-bot-api-secret-token": SECRET }, "x".repeat(1024 * 1024 + 1))).status).toBe(413);
    expect((await post({ "x-telegram-bot-api-secret-token": SECRET }, '{"message":{}}')).status).toBe(400);
  });

  it("stops on SIGTERM with exit code 0", async () => {
    const { code, ms } = await bot.terminate();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
  });
});
