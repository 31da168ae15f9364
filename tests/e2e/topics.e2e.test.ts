import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/telegram-emulator/index.js";
import { startBotProcess, tempDir, waitFor } from "./bot-process.js";

const SEED = "000_0b443b57f3d4f16f";

/** A newsroom's own topics: an overview and two subjects, one of them in English only. */
const NEWSROOM_TOPICS = `
- id: overview
  command: overview
  overview: true
  name: { en: "📰 Overview", ru: "📰 Главное" }
- id: cosmos
  command: rockets
  aliases: [launches]
  name: { en: "🚀 Rockets and orbit", ru: "🚀 Ракеты и орбита" }
  description: { en: "launches, stations, the Moon", ru: "запуски, станции, Луна" }
  keywords: [Роскосмос, лунной станции, космических]
- id: ice
  command: ice
  name: { en: "🧊 Polar routes" }
  keywords: [Арктика, Арктического, Северный морской путь]
`;

function seedsFolder(topics?: string): string {
  const seeds = join(tempDir(), "seeds");
  mkdirSync(seeds);
  copyFileSync(`seeds/${SEED}.txt`, join(seeds, `${SEED}.txt`));
  copyFileSync(`seeds/${SEED}.meta.json`, join(seeds, `${SEED}.meta.json`));
  if (topics !== undefined) writeFileSync(join(seeds, "topics.yaml"), topics);
  return seeds;
}

describe("a newsroom's own topics (topics.yaml in SEEDS_DIR)", () => {
  let emulator: Emulator;
  let url: string;
  let token: string;

  beforeAll(async () => {
    emulator = createEmulator();
    url = (await emulator.start()).url;
    token = emulator.bots[0]?.token ?? "";
  });
  afterAll(() => emulator.stop());

  it("refuses to start on a broken topics file, naming the file, the topic and the field", async () => {
    const seeds = seedsFolder(NEWSROOM_TOPICS.replace("command: ice", "command: help"));
    const bot = startBotProcess({ BOT_TOKEN: token, BOT_API_ROOT: url, SEEDS_DIR: seeds, DATABASE_PATH: join(tempDir(), "db.sqlite") });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain(`${seeds}/topics.yaml: topic "ice" (#3), field command: /help is one of the bot's own commands`);
    expect(bot.output()).not.toMatch(/^\s+at /mu);
  });

  it("serves the file's topics, and applies a change without a restart: menus again, old buttons answered, operators told of a broken file", async () => {
    const seeds = seedsFolder(NEWSROOM_TOPICS);
    const admin = emulator.createUser({ first_name: "Olga", language_code: "en" });
    const bot = startBotProcess({
      BOT_TOKEN: token,
      BOT_API_ROOT: url,
      SEEDS_DIR: seeds,
      DATABASE_PATH: join(tempDir(), "db.sqlite"),
      ADMIN_IDS: String(admin.id),
      LOG_LEVEL: "info",
    });
    try {
      await bot.started();
      // What a user sees in a private chat with the bot, after Telegram's scope and language fallbacks.
      const menuOf = (language: string) => emulator.visibleCommands(1, { languageCode: language });
      const menu = (language: string): string[] => menuOf(language).map((command) => command.command);
      expect(menu("en")).toEqual(expect.arrayContaining(["overview", "rockets", "ice", "subscribe", "help"]));
      expect(menu("en")).not.toContain("space");
      expect(menuOf("ru").find((command) => command.command === "rockets")?.description).toBe("Ракеты и орбита");
      // A topic named in English only has its English name in every menu.
      expect(menuOf("ru").find((command) => command.command === "ice")?.description).toBe("Polar routes");

      // The operator has started the bot, so it may write to them.
      emulator.sendText(admin.id, "/start");
      await emulator.waitForMessages(admin.id, 1);
      const user = emulator.createUser({ first_name: "Ann", language_code: "en" });
      emulator.sendText(user.id, "/launches");
      emulator.sendText(user.id, "/topics");
      emulator.sendText(user.id, "/space");
      const [rockets, list, unknown] = await emulator.waitForMessages(user.id, 3);
      expect(rockets?.html).toContain("<b>🚀 Rockets and orbit</b>");
      expect(rockets?.text).toContain("лунной станции");
      expect(list?.text).toContain("🚀 Rockets and orbit — /rockets");
      expect(list?.text).toContain("launches, stations, the Moon");
      expect(list?.text).toContain("🧊 Polar routes — /ice");
      expect(unknown?.text).toContain("I don't know that command");
      const iceButton = list?.replyMarkup?.inline_keyboard.flat().find((button) => button.text === "🧊 Polar routes");
      expect(iceButton).toBeDefined();

      // The newsroom retires "ice" and adds "bricks": new commands and menus, no restart.
      writeFileSync(
        join(seeds, "topics.yaml"),
        NEWSROOM_TOPICS.replace(/- id: ice[\s\S]*$/u, "- id: bricks\n  command: brics\n  name: { en: \"🌐 BRICS\" }\n  keywords: [БРИКС, ШОС, ЕАЭС, АСЕАН, организация, саммит]\n"),
      );
      await waitFor(() => menu("en").includes("brics"), "the menus registered again with the new topic");
      expect(menu("en")).not.toContain("ice");
      emulator.sendText(user.id, "/brics");
      const brics = (await emulator.waitForMessages(user.id, 4))[3];
      expect(brics?.html).toContain("<b>🌐 BRICS</b>");

      // A button of the retired topic still gets an answer.
      const press = emulator.pressButton(user.id, list?.messageId ?? 0, iceButton !== undefined && "callback_data" in iceButton ? (iceButton.callback_data ?? "") : "");
      await emulator.waitForCallbackAnswer(press.callbackQueryId);
      const gone = (await emulator.waitForMessages(user.id, 5))[4];
      expect(gone?.text).toContain("This topic is no longer offered");

      // A broken change: the topics stay, the operator hears why.
      writeFileSync(join(seeds, "topics.yaml"), NEWSROOM_TOPICS.replace("command: rockets", "command: Rockets!"));
      const warning = (await emulator.waitForMessages(admin.id, 2))[1];
      expect(warning?.text).toContain("The topics file was rejected");
      expect(warning?.text).toContain('topic "cosmos" (#2), field command: must be a Telegram command');
      emulator.sendText(user.id, "/brics");
      const still = (await emulator.waitForMessages(user.id, 6))[5];
      expect(still?.html).toContain("<b>🌐 BRICS</b>");
    } finally {
      expect((await bot.terminate()).code).toBe(0);
    }
  });
});
