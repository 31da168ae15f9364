/**
 * The bot in Chinese and city names as zones, end to end inside the bot: the real `createBot` with a
 * real SQLite store in a temp folder, driven update by update; and which locale a Telegram language gets.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { commandMenu } from "../../src/bot/commands.js";
import { createI18n, localeFor } from "../../src/bot/i18n.js";
import { loadLibrary, type ContentLibrary } from "../../src/content/library.js";
import { buttons, callbackUpdate, createRecordingBot, LOCALES_DIR, sent, texts, textUpdate, type RecordedCall } from "../helpers/recording-bot.js";
import { useTempStore } from "../helpers/temp-store.js";

/** Tuesday 4 November 2025, 12:00 UTC: the bots' pinned clock. */
const NOW = Date.UTC(2025, 10, 4, 12, 0);

let library: ContentLibrary;
const temp = useTempStore("briefing-languages-");

beforeAll(async () => {
  library = await loadLibrary("seeds");
});

function startBot() {
  return createRecordingBot(library, { store: temp.store, now: () => NOW });
}

function messageId(call: RecordedCall | undefined): number {
  return (call?.result as { message_id: number }).message_id;
}

describe("the bot in Chinese", () => {
  it.each(["zh", "zh-hans", "zh-hant", "zh-cn", "zh-tw"])("welcomes a %s user in Chinese", async (languageCode) => {
    const { send } = startBot();
    const [reply] = texts(await send(textUpdate("/start", { languageCode })));
    expect(reply).toContain("Ann &lt;Test&gt;，您好！");
    expect(reply).toContain("/topics 列出全部专题");
    const [help] = texts(await send(textUpdate("/help", { languageCode })));
    expect(help).toContain("<b>我能做什么</b>");
  });

  it("keeps Belarusian, Kazakh and Kyrgyz users on Russian", async () => {
    const { send } = startBot();
    for (const languageCode of ["be", "kk", "ky"]) {
      const [reply] = texts(await send(textUpdate("/start", { languageCode })));
      expect(reply, languageCode).toContain("Здравствуйте");
    }
  });

  it("guesses Beijing time for a Chinese chat and offers it first in the dialogue", async () => {
    const { send } = startBot();
    await send(textUpdate("/start", { languageCode: "zh-hans" }));
    expect((await temp.store.chats.get(1001))?.timeZone).toBe("Asia/Shanghai");

    const [question] = sent(await send(textUpdate("/subscribe space 9:15", { languageCode: "zh-hans" })));
    expect(question?.payload.text).toContain("第 3 步（共 3 步）：时区");
    expect(question?.payload.text).toContain("我猜是 Asia/Shanghai");
    const guess = buttons(question)[0];
    expect(guess?.text).toBe("📍 Asia/Shanghai");

    const answer = await send(callbackUpdate(guess?.callback_data ?? "", { languageCode: "zh-hans", messageId: messageId(question) }));
    expect(texts(answer)[0]).toContain("✅ <b>每日摘要已设置好。</b>");
    expect(texts(answer)[0]).toContain("每天 09:15（Asia/Shanghai）");
    expect(await temp.store.subscriptions.get(1001)).toMatchObject({ topics: ["space"], deliveryTime: "09:15", timeZone: "Asia/Shanghai" });
  });

  it("registers a command menu in Chinese", () => {
    const i18n = createI18n(LOCALES_DIR);
    expect(i18n.locales).toContain("zh");
    const menu = commandMenu(i18n, "zh", library.topics);
    expect(menu.find((command) => command.command === "start")?.description).toBe("开始并选择专题");
    expect(menu.find((command) => command.command === "subscribe")?.description).toBe("订阅所选专题的每日摘要");
  });
});

describe("city names as zones", () => {
  it("accepts /subscribe space 8:00 Москва", async () => {
    const { send } = startBot();
    const [reply] = texts(await send(textUpdate("/subscribe space 8:00 Москва", { languageCode: "ru" })));
    expect(reply).toContain("Ежедневный дайджест настроен");
    expect(reply).toContain("Каждый день в 08:00 (Europe/Moscow)");
    expect(await temp.store.subscriptions.get(1001)).toMatchObject({ topics: ["space"], deliveryTime: "08:00", timeZone: "Europe/Moscow" });
  });

  it("accepts /subscribe space 08:00 上海", async () => {
    const { send } = startBot();
    const [reply] = texts(await send(textUpdate("/subscribe space 08:00 上海", { languageCode: "zh" })));
    expect(reply).toContain("每日摘要已设置好");
    expect(reply).toContain("每天 08:00（Asia/Shanghai）");
    expect(await temp.store.subscriptions.get(1001)).toMatchObject({ topics: ["space"], deliveryTime: "08:00", timeZone: "Asia/Shanghai" });
  });

  it.each([
    ["/subscribe space 8:00 Нижний Новгород", "Europe/Moscow"],
    ["/subscribe space New York 8:00", "America/New_York"],
    ["/subscribe space 8:00 ЕКАТЕРИНБУРГ", "Asia/Yekaterinburg"],
    ["/subscribe space 8:00 台北", "Asia/Taipei"],
  ])("reads %j in one line as %s", async (line, zone) => {
    const { send } = startBot();
    const [reply] = texts(await send(textUpdate(line, { languageCode: "ru" })));
    expect(reply).not.toContain("Не понял");
    expect(await temp.store.subscriptions.get(1001)).toMatchObject({ deliveryTime: "08:00", timeZone: zone });
  });

  it("accepts a typed city in the dialogue, after saying which name it did not know", async () => {
    const { send } = startBot();
    await send(textUpdate("/subscribe space 7:30", { languageCode: "ru" }));
    const [refusal] = texts(await send(textUpdate("Мосва", { languageCode: "ru" })));
    expect(refusal).toContain("Я не знаю часового пояса «Мосва»");
    const [saved] = texts(await send(textUpdate("нью йорк", { languageCode: "ru" })));
    expect(saved).toContain("Каждый день в 07:30 (America/New_York)");
    expect(await temp.store.subscriptions.get(1001)).toMatchObject({ deliveryTime: "07:30", timeZone: "America/New_York" });
  });

  it("accepts 北京 typed in the dialogue", async () => {
    const { send } = startBot();
    await send(textUpdate("/subscribe space 7:30", { languageCode: "zh-tw" }));
    const [saved] = texts(await send(textUpdate("北京", { languageCode: "zh-tw" })));
    expect(saved).toContain("每天 07:30（Asia/Shanghai）");
  });
});

describe("the locale for a Telegram language", () => {
  it.each([
    ["zh", "zh"],
    ["zh-hans", "zh"],
    ["zh-hant", "zh"],
    ["zh-CN", "zh"],
    ["zh-tw", "zh"],
    ["zh_TW", "zh"],
    ["ru", "ru"],
    ["be", "ru"],
    ["kk", "ru"],
    ["ky", "ru"],
    ["en-US", "en"],
    ["de", "en"],
    ["zu", "en"],
  ])("gives %s the %s locale", (language, locale) => {
    expect(localeFor(language)).toBe(locale);
  });

  it("gives English when Telegram sends no language", () => {
    expect(localeFor(undefined)).toBe("en");
  });
});
