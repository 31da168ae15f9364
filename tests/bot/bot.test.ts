import { beforeAll, describe, expect, it } from "vitest";
import { commandMenu } from "../../src/bot/commands.js";
import { FLOOD_LIMIT_UPDATES } from "../../src/bot/create-bot.js";
import { createI18n } from "../../src/bot/i18n.js";
import { decodeCallback } from "../../src/bot/payloads.js";
import { loadLibrary, type ContentLibrary } from "../../src/content/library.js";
import { shippedTopics } from "../../src/content/topics-file.js";
import { MESSAGE_TEXT_LIMIT } from "../../src/format/html.js";
import {
  buttons,
  callbackUpdate,
  createRecordingBot,
  sent,
  textUpdate,
  texts,
  type RecordedCall,
} from "../helpers/recording-bot.js";

let library: ContentLibrary;
beforeAll(async () => {
  library = await loadLibrary("seeds");
});

describe("the bot on the seed", () => {
  it("welcomes in English with a keyboard of every topic, and escapes the user's name", async () => {
    const { send } = createRecordingBot(library);
    const [reply] = sent(await send(textUpdate("/start")));
    expect(reply?.payload.text).toContain("Hello, Ann &lt;Test&gt;!");
    expect(reply?.payload.parse_mode).toBe("HTML");
    const topics = buttons(reply).map((button) => decodeCallback(button.callback_data ?? ""));
    expect(topics).toEqual(shippedTopics().topics.map((topic) => ({ kind: "topic", topic: topic.id })));
  });

  it("welcomes in Russian when the user's Telegram is in Russian", async () => {
    const { send } = createRecordingBot(library);
    const [reply] = sent(await send(textUpdate("/start", { languageCode: "ru" })));
    expect(reply?.payload.text).toContain("Здравствуйте");
    expect(buttons(reply).map((button) => button.text)).toContain("🚀 Космос");
  });

  it("answers /space with the summary, the source line and Full text / Share buttons", async () => {
    const { send } = createRecordingBot(library);
    const [reply] = sent(await send(textUpdate("/space", { languageCode: "ru" })));
    const text = String(reply?.payload.text);
    expect(text.startsWith("<b>🚀 Космос</b>")).toBe(true);
    expect(text).toContain("Космические программы");
    expect(text).toContain("Международной научной лунной станции");
    expect(text).toContain("Источник: Sputnik Belarus, 4 ноября 2025");
    // Quotes from the document arrive escaped, never as raw HTML.
    expect(text).not.toMatch(/<(?!\/?(b|i|a)\b)/);
    const [fullText, share] = buttons(reply);
    expect(fullText?.text).toBe("📄 Полный текст");
    expect(decodeCallback(fullText?.callback_data ?? "")?.kind).toBe("full");
    expect(share?.switch_inline_query).toBe("space");
  });

  it("answers /arctic in English with the Arctic Council", async () => {
    const { send } = createRecordingBot(library);
    const [reply] = sent(await send(textUpdate("/arctic")));
    expect(String(reply?.payload.text)).toContain("<b>🧊 Arctic</b>");
    expect(String(reply?.payload.text)).toContain("Арктического совета");
    expect(String(reply?.payload.text)).toContain("Source: Sputnik Belarus, 4 November 2025");
  });

  it("answers every topic command and every alias with that topic's briefing", async () => {
    const { send } = createRecordingBot(library);
    let userId = 2000;
    for (const topic of shippedTopics().topics) {
      for (const command of [topic.command, ...topic.aliases]) {
        // A user per command: one user sending dozens of commands at once is what flood protection stops.
        userId += 1;
        const [reply] = sent(await send(textUpdate(`/${command}`, { userId })));
        const title = String(reply?.payload.text).split("\n")[0];
        const expected = sent(await send(textUpdate(`/${topic.command}`, { userId })))[0]?.payload.text;
        expect(title, `/${command}`).toBe(String(expected).split("\n")[0]);
      }
    }
  });

  it("sends the whole cleaned section on Full text, without boilerplate", async () => {
    const { send } = createRecordingBot(library);
    const [briefing] = sent(await send(textUpdate("/space")));
    const fullTextButton = buttons(briefing)[0];
    const calls = await send(callbackUpdate(fullTextButton?.callback_data ?? ""));
    expect(calls[0]?.method).toBe("answerCallbackQuery");
    const parts = sent(calls);
    expect(parts.length).toBe(1);
    const text = String(parts[0]?.payload.text);
    expect(text).toContain("Премьеры двух стран выступили за расширение авиасообщения");
    expect(text).not.toContain("&gt;&gt;&gt;");
    expect(text).not.toContain("Песков");
    expect(text.length).toBeLessThanOrEqual(MESSAGE_TEXT_LIMIT);
  });

  it("tells the user when a Full text button points to a section that no longer exists", async () => {
    const { send } = createRecordingBot(library);
    const calls = await send(callbackUpdate("full:AAAAAAAAAAAA"));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe("answerCallbackQuery");
    expect(calls[0]?.payload.show_alert).toBe(true);
  });

  it("opens a topic from the /start deep link and from a topic button", async () => {
    const { send } = createRecordingBot(library);
    const [deepLink] = sent(await send(textUpdate("/start arctic")));
    expect(String(deepLink?.payload.text)).toContain("Arctic");
    const pressed = await send(callbackUpdate("topic:trade"));
    expect(pressed[0]?.method).toBe("answerCallbackQuery");
    expect(String(sent(pressed)[0]?.payload.text)).toContain("санкциями");
  });

  it.each(["en", "ru", "zh"])("names every command of the private menu in /help (%s)", async (languageCode) => {
    const { send } = createRecordingBot(library);
    const help = texts(await send(textUpdate("/help", { languageCode })))[0] ?? "";
    const topicCommands = new Set(library.topics.topics.map((topic) => topic.command));
    const commands = commandMenu(createI18n(), languageCode, library.topics).map((entry) => entry.command);
    expect(commands).toEqual(expect.arrayContaining(["digest", "forget", "cancel"]));
    // Topic commands stand for themselves through the example; every other command is named.
    for (const command of commands.filter((name) => !topicCommands.has(name))) expect(help, command).toContain(`/${command}`);
    expect(help).toMatch(/\/(overview|trade|tech|space|orgs|arctic)(?![a-z])/u);
  });

  it("lists every topic on /topics", async () => {
    const { send } = createRecordingBot(library);
    const [reply] = sent(await send(textUpdate("/topics")));
    for (const topic of shippedTopics().topics) expect(String(reply?.payload.text)).toContain(`/${topic.command}`);
  });

  it("answers an unknown command, and plain text that matches nothing, with the topics", async () => {
    const { send } = createRecordingBot(library);
    const [unknown] = sent(await send(textUpdate("/weather")));
    expect(unknown?.payload.text).toContain("I don't know that command");
    expect(buttons(unknown)).toHaveLength(shippedTopics().topics.length);
    const [text] = sent(await send(textUpdate("what's new?", { languageCode: "ru" })));
    expect(text?.payload.text).toBe("По запросу «what's new?» ничего не найдено. Выберите тему:");
    expect(buttons(text)).toHaveLength(shippedTopics().topics.length);
  });

  it.each([
    ["космос", "ru", "Космос"],
    ["Arctic", "en", "Arctic"],
    ["арктика", "en", "Arctic"],
  ])("answers plain text %j that names a topic with its briefing", async (word, languageCode, title) => {
    const { send } = createRecordingBot(library);
    const [reply] = sent(await send(textUpdate(word, { languageCode })));
    expect(String(reply?.payload.text)).toMatch(new RegExp(`^<b>\\S* ?${title}</b>`, "u"));
    expect(buttons(reply).some((button) => button.callback_data?.startsWith("full"))).toBe(true);
  });

  it("answers other plain text in a private chat with search results: topic first, matches in bold, buttons", async () => {
    const { send } = createRecordingBot(library);
    const [reply] = sent(await send(textUpdate("лунной станции", { languageCode: "ru" })));
    const text = String(reply?.payload.text);
    expect(text).toMatch(/^🔎 Найдено по запросу «лунной станции»:\n\n<b>\S* ?Космос<\/b>\n<b>/u);
    expect(text).toMatch(/<b>лунн\p{L}*<\/b> <b>станц\p{L}*<\/b>/iu);
    expect(text).toContain("<i>Источник:");
    const labels = buttons(reply);
    expect(labels.filter((button) => button.callback_data?.startsWith("full")).length).toBeGreaterThan(0);
    expect(labels.at(-1)).toMatchObject({ switch_inline_query: "лунной станции" });

    // The section button sends the section in full.
    const full = await send(callbackUpdate(labels[0]?.callback_data ?? "", { languageCode: "ru" }));
    expect(texts(full).join("")).toContain("станции");
  });

  it("stays silent in groups on commands for other bots and on plain text", async () => {
    const { send } = createRecordingBot(library);
    const chat = { id: -100, type: "group" as const, title: "Team" };
    expect(sent(await send(textUpdate("/weather@other_bot", { chat })))).toHaveLength(0);
    expect(sent(await send(textUpdate("hello all", { chat })))).toHaveLength(0);
    expect(sent(await send(textUpdate("/weather@briefing_test_bot", { chat })))).toHaveLength(1);
    expect(String(sent(await send(textUpdate("/space@briefing_test_bot", { chat })))[0]?.payload.text)).toContain("Space");
  });

  it("drops a flood from one user with one polite warning, and keeps serving others", async () => {
    const { send } = createRecordingBot(library);
    const replies: RecordedCall[] = [];
    for (let index = 0; index < FLOOD_LIMIT_UPDATES + 10; index += 1) {
      replies.push(...sent(await send(textUpdate("/space", { userId: 3001 }))));
    }
    const briefings = replies.filter((call) => String(call.payload.text).includes("Space"));
    const warnings = replies.filter((call) => String(call.payload.text).includes("too fast"));
    expect(briefings).toHaveLength(FLOOD_LIMIT_UPDATES);
    expect(warnings).toHaveLength(1);
    expect(String(sent(await send(textUpdate("/space", { userId: 3002 })))[0]?.payload.text)).toContain("Space");
  });

  it("survives a failing Bot API call: logs it and keeps serving the next update", async () => {
    let failNext = true;
    const { send, logLines } = createRecordingBot(library, {
      responder: (call) => {
        if (call.method === "sendMessage" && failNext) {
          failNext = false;
          return { ok: false, error_code: 400, description: "Bad Request: chat not found" };
        }
        return undefined;
      },
    });
    await send(textUpdate("/space"));
    expect(logLines.some((line) => line.includes("chat not found"))).toBe(true);
    const [reply] = sent(await send(textUpdate("/space")));
    expect(String(reply?.payload.text)).toContain("Space");
  });
});
