/**
 * The command menus a person sees, read from the emulator after Telegram's scope and language
 * fallbacks: private chats list every command, group members the briefings, group admins also the
 * digest commands; Belarusian, Kazakh and Kyrgyz users read the Russian menu.
 */
import { join } from "node:path";
import { Api } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/telegram-emulator/index.js";
import { startBotProcess, tempDir, type BotProcess } from "./bot-process.js";

const DIGEST_COMMANDS = ["subscribe", "settings", "digest", "pause", "resume", "unsubscribe"];

describe("command menus and profile texts per scope and language", () => {
  let emulator: Emulator;
  let bot: BotProcess;

  beforeAll(async () => {
    emulator = createEmulator();
    const { url } = await emulator.start();
    bot = startBotProcess({ BOT_TOKEN: emulator.bots[0]?.token ?? "", BOT_API_ROOT: url ?? "", DATABASE_PATH: join(tempDir(), "db.sqlite") });
    await bot.started();
  });
  afterAll(async () => {
    await bot.terminate();
    await emulator.stop();
  });

  const seen = (chatId: number, options: { userId?: number; languageCode?: string }) =>
    emulator.visibleCommands(chatId, options);

  it("lists every command in a private chat, in the user's language", () => {
    const english = seen(1, { languageCode: "en" });
    expect(english.map((command) => command.command)).toEqual([
      "start", "topics", "overview", "trade", "tech", "space", "orgs", "arctic",
      ...DIGEST_COMMANDS, "forget", "cancel", "help",
    ]);
    expect(english.find((command) => command.command === "space")?.description).toBe("Space");
    expect(seen(1, { languageCode: "ru" }).find((command) => command.command === "space")?.description).toBe("Космос");
    expect(seen(1, { languageCode: "zh" }).find((command) => command.command === "help")?.description).toBe("机器人能做什么");
    // A language without a locale gets the English menu.
    expect(seen(1, { languageCode: "de" })).toEqual(english);
  });

  it.each(["be", "kk", "ky"])("gives %s users the Russian menu", (languageCode) => {
    expect(seen(1, { languageCode })).toEqual(seen(1, { languageCode: "ru" }));
  });

  it("shows group members the briefings and group admins the digest commands too", () => {
    const member = emulator.createUser({ first_name: "Member", language_code: "ru" });
    const admin = emulator.createUser({ first_name: "Admin", language_code: "ru" });
    const group = emulator.createGroup({
      title: "Newsroom",
      members: [
        { userId: admin.id, status: "creator" },
        { userId: member.id, status: "member" },
      ],
    });
    const forMember = seen(group.id, { userId: member.id, languageCode: "ru" }).map((command) => command.command);
    expect(forMember).toEqual(["start", "topics", "overview", "trade", "tech", "space", "orgs", "arctic", "help"]);
    const forAdmin = seen(group.id, { userId: admin.id, languageCode: "ru" });
    expect(forAdmin.map((command) => command.command)).toEqual([
      "start", "topics", "overview", "trade", "tech", "space", "orgs", "arctic", ...DIGEST_COMMANDS, "forget", "help",
    ]);
    expect(forAdmin.find((command) => command.command === "subscribe")?.description).toMatch(/\p{Script=Cyrillic}/u);
  });

  it("sets the bot's description and short description per language", async () => {
    const api = new Api(emulator.bots[0]?.token ?? "", { apiRoot: emulator.url ?? "" });
    expect((await api.getMyDescription()).description).toMatch(/^I turn news documents into short topical briefings/u);
    expect((await api.getMyDescription({ language_code: "ru" })).description).toMatch(/^Я превращаю новостные документы/u);
    expect((await api.getMyDescription({ language_code: "kk" })).description).toBe((await api.getMyDescription({ language_code: "ru" })).description);
    expect((await api.getMyShortDescription({ language_code: "zh" })).short_description).toMatch(/\p{Script=Han}/u);
    expect((await api.getMyShortDescription({ language_code: "en" })).short_description.length).toBeLessThanOrEqual(120);
  });
});
