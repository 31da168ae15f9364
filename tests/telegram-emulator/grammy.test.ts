import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Bot, GrammyError, InlineKeyboard, webhookCallback } from "grammy";
import { describe, expect, it } from "vitest";
import { startEmulator } from "./harness.js";

// A real grammY bot against the emulator, the way the end-to-end tests run the project's bot.
describe("a grammY bot", () => {
  it("long-polls, answers commands with HTML and buttons, handles presses, and stops cleanly", async () => {
    const harness = await startEmulator();
    const bot = new Bot(harness.token, { client: { apiRoot: harness.url } });
    bot.command("start", (ctx) =>
      ctx.reply("<b>Welcome</b>, pick a topic", {
        parse_mode: "HTML",
        reply_markup: new InlineKeyboard().text("Economy", "topic:economy"),
      }),
    );
    bot.callbackQuery(/^topic:(.+)$/, async (ctx) => {
      await ctx.answerCallbackQuery({ text: `Showing ${ctx.match[1]}` });
      await ctx.editMessageText(`Topic: <i>${ctx.match[1]}</i>`, { parse_mode: "HTML" });
    });
    await bot.init();
    expect(bot.botInfo.username).toBe(harness.emulator.botInfo.username);

    const running = bot.start({ timeout: 1 });
    const user = harness.emulator.createUser({ first_name: "Ann", language_code: "en" });
    harness.emulator.sendText(user.id, "/start");
    const [welcome] = await harness.emulator.waitForMessages(user.id, 1, 5_000);
    expect(welcome).toMatchObject({ text: "Welcome, pick a topic", html: "<b>Welcome</b>, pick a topic" });

    const { callbackQueryId } = harness.emulator.pressButton(user.id, welcome?.messageId ?? 0, "topic:economy");
    expect(await harness.emulator.waitForCallbackAnswer(callbackQueryId, 5_000)).toMatchObject({ text: "Showing economy" });
    await expect.poll(() => harness.emulator.messages(user.id)[0]?.html, { timeout: 5_000 }).toBe("Topic: <i>economy</i>");

    await bot.stop();
    await running;
    expect(harness.emulator.calls("getUpdates").some((call) => call.status === 409)).toBe(false);
    expect(harness.emulator.pendingUpdates()).toEqual([]);
  });

  it("surfaces the emulator's errors as GrammyError with Telegram's codes", async () => {
    const harness = await startEmulator();
    const bot = new Bot(harness.token, { client: { apiRoot: harness.url } });
    const user = harness.emulator.createUser({ first_name: "Ann" });
    harness.emulator.sendText(user.id, "/start");
    harness.emulator.blockBot(user.id);
    const error = await bot.api.sendMessage(user.id, "hello").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 403, description: "Forbidden: bot was blocked by the user" });
  });

  it("receives updates by webhook through grammY's webhookCallback", async () => {
    const harness = await startEmulator();
    const secret = "webhook_secret-1";
    const bot = new Bot(harness.token, { client: { apiRoot: harness.url } });
    bot.on("message:text", (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    await bot.init();
    const server = createServer(webhookCallback(bot, "http", { secretToken: secret }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      await bot.api.setWebhook(`http://127.0.0.1:${port}/`, { secret_token: secret });
      const user = harness.emulator.createUser({ first_name: "Ann" });
      harness.emulator.sendText(user.id, "ping");
      const [echo] = await harness.emulator.waitForMessages(user.id, 1, 5_000);
      expect(echo?.text).toBe("echo: ping");
      // The update is confirmed once the webhook's 200 arrives, which can be just after the reply.
      await expect.poll(async () => (await bot.api.getWebhookInfo()).pending_update_count, { timeout: 5_000 }).toBe(0);
      expect(harness.emulator.calls("setWebhook")[0]?.params).toMatchObject({ secret_token: secret });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
