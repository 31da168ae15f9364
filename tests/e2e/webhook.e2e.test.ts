import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/telegram-emulator/index.js";
import { startWebhookBotProcess, type BotProcess } from "./bot-process.js";

const SECRET = "webhook-secret_123";

describe("webhook mode", () => {
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

  it("registers the webhook with its secret and the update types it handles", () => {
    const [call] = emulator.calls("setWebhook");
    expect(call?.params.url).toBe(`${base}/telegram/updates`);
    expect(call?.params.secret_token).toBe(SECRET);
    expect(call?.params.allowed_updates).toEqual(
      expect.arrayContaining(["message", "callback_query", "inline_query", "my_chat_member"]),
    );
  });

  it("answers updates Telegram posts to the webhook", async () => {
    const user = emulator.createUser({ first_name: "Ann", language_code: "en" });
    emulator.sendText(user.id, "/space");
    const [reply] = await emulator.waitForMessages(user.id, 1);
    expect(reply?.text).toContain("Международной научной лунной станции");
  });

  it("refuses a wrong or missing secret with 401 and a malformed body with 400, and keeps serving", async () => {
    const update = JSON.stringify({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: 1, type: "private" }, text: "/start" } });
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${base}/telegram/updates`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    expect((await post({ "x-telegram-bot-api-secret-token": "wrong" }, update)).status).toBe(401);
    expect((await post({}, update)).status).toBe(401);
    expect((await post({ "x-telegram-bot-api-secret-token": SECRET }, "{not json")).status).toBe(400);
    expect((await post({ "x-telegram-bot-api-secret-token": SECRET }, "[1,2]")).status).toBe(400);
    const user = emulator.createUser({ first_name: "Ann", language_code: "ru" });
    emulator.sendText(user.id, "/arctic");
    expect((await emulator.waitForMessages(user.id, 1))[0]?.text).toContain("Арктического совета");
  });

  it("serves /healthz, /readyz and Prometheus /metrics", async () => {
    const user = emulator.createUser({ first_name: "Bo", language_code: "en" });
    expect((await emulator.inlineQuery(user.id, "space")).results.length).toBeGreaterThan(0);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/bot_updates_total\{type="message",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/bot_messages_sent_total\{method="sendMessage"\} [1-9]/);
    // An inline answer puts no message into a chat: counted apart.
    expect(metrics).not.toContain('bot_messages_sent_total{method="answerInlineQuery"}');
    expect(metrics).toMatch(/bot_inline_answers_total [1-9]/);
    expect(metrics).toContain("bot_update_duration_seconds_bucket");
    expect(metrics).toContain("# TYPE bot_subscribers gauge");
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
  });

  it("stops cleanly on SIGTERM", async () => {
    const { code, ms } = await bot.terminate();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
  });
});
