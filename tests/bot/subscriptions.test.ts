/**
 * Subscriptions end to end inside the bot: the real `createBot` with a real SQLite store in a temp
 * folder, driven update by update; Telegram's answers come from the recording bot's responder.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { commandMenu } from "../../src/bot/commands.js";
import { createI18n } from "../../src/bot/i18n.js";
import { CONVERSATION_STATE_VERSION } from "../../src/bot/subscriptions/index.js";
import { decodeCallback } from "../../src/bot/payloads.js";
import { loadLibrary, type ContentLibrary } from "../../src/content/library.js";
import { shippedTopics } from "../../src/content/topics-file.js";
import type { Store } from "../../src/store/index.js";
import {
  buttons,
  callbackUpdate,
  createRecordingBot,
  LOCALES_DIR,
  migrateUpdate,
  myChatMemberUpdate,
  sent,
  texts,
  textUpdate,
  type RecordedCall,
  type RecordingBotOptions,
  type Responder,
  type TestChat,
} from "../helpers/recording-bot.js";
import { useTempStore } from "../helpers/temp-store.js";

/** Tuesday 4 November 2025, 12:00 UTC (15:00 in Moscow): the bots' pinned clock. */
const NOW = Date.UTC(2025, 10, 4, 12, 0);
const ALL_TOPICS = shippedTopics().topics.map((topic) => topic.id);

function messageId(call: RecordedCall): number {
  return (call.result as { message_id: number }).message_id;
}

type TestBot = ReturnType<typeof createRecordingBot>;

/**
 * One person in one chat: says things and presses buttons, remembering the last message that
 * came with a keyboard (the question being asked), as a person looking at the chat would.
 */
function person(bot: TestBot, options: { languageCode?: string; userId?: number; chat?: TestChat; threadId?: number } = {}) {
  let question: RecordedCall | undefined;
  const remember = (calls: RecordedCall[]): RecordedCall[] => {
    for (const call of sent(calls)) if (buttons(call).length > 0) question = call;
    return calls;
  };
  return {
    /** The last message that came with buttons. */
    get question(): RecordedCall | undefined {
      return question;
    },
    say: async (text: string): Promise<RecordedCall[]> => remember(await bot.send(textUpdate(text, options))),
    /** Presses the button labelled `label` (or the one label containing it), under `on` or the last question. */
    press: async (label: string, on: RecordedCall | undefined = question): Promise<RecordedCall[]> => {
      if (on === undefined) throw new Error("no message with buttons yet");
      const exact = buttons(on).filter((button) => button.text === label);
      const matching = exact.length > 0 ? exact : buttons(on).filter((button) => button.text.includes(label));
      if (matching.length !== 1) throw new Error(`${matching.length} buttons match "${label}": ${buttons(on).map((b) => b.text).join(" | ")}`);
      const data = matching[0]?.callback_data ?? "";
      return remember(await bot.send(callbackUpdate(data, { ...options, messageId: messageId(on) })));
    },
  };
}

let library: ContentLibrary;
const temp = useTempStore("briefing-subscriptions-");
let store: Store;

beforeAll(async () => {
  library = await loadLibrary("seeds");
});

beforeEach(() => {
  store = temp.store;
});

function startBot(options: RecordingBotOptions = {}): TestBot {
  return createRecordingBot(library, { store, now: () => NOW, ...options });
}

describe("the subscription conversation", () => {
  it("walks through topics, time and zone with buttons in English, and saves with the first digest announced", async () => {
    const ann = person(startBot());
    const [topicsQuestion] = sent(await ann.say("/subscribe"));
    expect(topicsQuestion?.payload.text).toContain("step 1 of 3");
    // Every topic is ticked at first, and Done comes last.
    const labels = buttons(topicsQuestion).map((button) => button.text);
    expect(labels).toHaveLength(ALL_TOPICS.length + 1);
    expect(labels.slice(0, -1).every((label) => label.startsWith("✅ "))).toBe(true);
    expect(labels.at(-1)).toBe("Done ➡️");

    const toggled = await ann.press("Arctic");
    expect(toggled.map((call) => call.method)).toEqual(["answerCallbackQuery", "editMessageReplyMarkup"]);
    const marks = buttons(toggled[1]).map((button) => button.text);
    expect(marks).toContain("⬜ 🧊 Arctic");
    expect(marks.filter((label) => label.startsWith("✅"))).toHaveLength(ALL_TOPICS.length - 1);

    const done = await ann.press("Done");
    expect(done.map((call) => call.method)).toEqual(["answerCallbackQuery", "editMessageReplyMarkup", "sendMessage"]);
    expect(done[1]?.payload.reply_markup).toBeUndefined();
    expect(texts(done)[0]).toContain("Step 2 of 3");
    expect(buttons(sent(done)[0]).map((button) => button.text)).toEqual(["07:00", "08:00", "09:00", "12:00", "18:00", "21:00"]);

    const zoneQuestion = sent(await ann.press("08:00"))[0];
    expect(zoneQuestion?.payload.text).toContain("My guess is UTC");
    expect(buttons(zoneQuestion)[0]?.text).toBe("📍 UTC");
    expect(buttons(zoneQuestion).map((button) => button.text)).toEqual(
      expect.arrayContaining(["Europe/Moscow", "Europe/Minsk", "Asia/Shanghai", "Europe/London"]),
    );

    const [saved] = texts(await ann.press("Europe/Moscow"));
    expect(saved).toContain("Daily digest is set up");
    expect(saved).toContain("Every day at 08:00 (Europe/Moscow)");
    expect(saved).toContain("First digest: Wednesday 5 November, 08:00 (Europe/Moscow)");
    expect(saved).not.toContain("Arctic");

    expect(await store.subscriptions.get(1001)).toMatchObject({
      topics: ["orgs", "overview", "space", "tech", "trade"],
      deliveryTime: "08:00",
      timeZone: "Europe/Moscow",
      paused: false,
      messageThreadId: null,
      nextRunAt: Date.UTC(2025, 10, 5, 5, 0),
    });
    expect(await store.chats.get(1001)).toMatchObject({ type: "private", language: "en", timeZone: "Europe/Moscow", status: "active" });
    // A finished conversation leaves no state behind.
    expect(await store.keyValue.read("conversation:1001")).toBeUndefined();
  });

  it("takes typed answers in Russian, explains a bad time and an unknown zone, and asks again", async () => {
    const ann = person(startBot(), { languageCode: "ru" });
    expect(texts(await ann.say("/subscribe"))[0]).toContain("шаг 1 из 3");
    expect(texts(await ann.say("космос"))[0]).toContain("Отметьте темы кнопками");
    await ann.press("Готово");

    const badTime = await ann.say("25:00");
    expect(texts(badTime)).toHaveLength(1);
    expect(texts(badTime)[0]).toContain("«25:00» — не время");
    // Asked again with the same buttons.
    expect(buttons(sent(badTime)[0]).map((button) => button.text)).toContain("08:00");
    expect(texts(await ann.say("<b>soon</b>"))[0]).toContain("«&lt;b&gt;soon&lt;/b&gt;»");

    const zoneQuestion = texts(await ann.say("7:30"))[0];
    expect(zoneQuestion).toContain("В каком часовом поясе 07:30?");
    expect(zoneQuestion).toContain("Я предполагаю Europe/Moscow");
    expect(buttons(ann.question)[0]?.text).toBe("📍 Europe/Moscow");

    expect(texts(await ann.say("Mars/Olympus_Mons"))[0]).toContain("Я не знаю часового пояса «Mars/Olympus_Mons»");
    const [saved] = texts(await ann.say("asia/kathmandu"));
    expect(saved).toContain("Ежедневный дайджест настроен");
    expect(saved).toContain("Каждый день в 07:30 (Asia/Kathmandu)");
    expect(saved).toContain("Первый дайджест: среда, 5 ноября, 07:30 (Asia/Kathmandu)");

    // 07:30 in Kathmandu (UTC+5:45) is 01:45 UTC.
    expect(await store.subscriptions.get(1001)).toMatchObject({
      topics: [...ALL_TOPICS].sort(),
      deliveryTime: "07:30",
      timeZone: "Asia/Kathmandu",
      nextRunAt: Date.UTC(2025, 10, 5, 1, 45),
    });
    expect((await store.chats.get(1001))?.language).toBe("ru");
  });

  it("wants at least one topic", async () => {
    const ann = person(startBot());
    await ann.say("/subscribe");
    let lastEdit: RecordedCall | undefined;
    for (const label of ["Overview", "Trade", "High tech", "Space", "BRICS", "Arctic"]) {
      lastEdit = (await ann.press(label)).find((call) => call.method === "editMessageReplyMarkup");
    }
    expect(buttons(lastEdit).filter((button) => button.text.startsWith("✅"))).toEqual([]);
    const refused = await ann.press("Done");
    expect(refused).toHaveLength(1);
    expect(refused[0]?.payload).toMatchObject({ text: "Pick at least one topic.", show_alert: true });
    // Ticking one again is enough.
    await ann.press("Space");
    expect(texts(await ann.press("Done"))[0]).toContain("Step 2 of 3");
  });

  it("leaves on /cancel at any step, after which old buttons have expired", async () => {
    const bot = startBot();
    const ann = person(bot);
    await ann.say("/subscribe");
    await ann.press("Done");
    const timeQuestion = ann.question;
    expect(texts(await ann.say("/cancel"))).toEqual(["Cancelled. Nothing was changed."]);
    expect(await store.keyValue.read("conversation:1001")).toBeUndefined();
    // Free text is no longer taken as an answer: the bot answers it as usual.
    expect(texts(await ann.say("08:00"))[0]).toContain("for «08:00»");
    const expired = await ann.press("08:00", timeQuestion);
    expect(expired[0]?.payload).toMatchObject({ text: "This button has expired. Send /subscribe to start again.", show_alert: true });
    expect(texts(await ann.say("/cancel"))).toEqual(["There is nothing to cancel."]);
    expect(await store.subscriptions.get(1001)).toBeUndefined();
  });

  it("lets other commands through while it waits, and keeps waiting", async () => {
    const ann = person(startBot());
    await ann.say("/subscribe");
    const topicsQuestion = ann.question;
    await ann.press("Done");
    expect(texts(await ann.say("/space"))[0]).toContain("<b>🚀 Space</b>");
    // A second tap on Done of the step before: answered quietly, the time question stays open.
    const doubleTap = await ann.press("Done", topicsQuestion);
    expect(doubleTap.map((call) => call.method)).toEqual(["answerCallbackQuery"]);
    expect(doubleTap[0]?.payload.text).toBeUndefined();
    expect(texts(await ann.say("09:00"))[0]).toContain("Step 3 of 3");
  });

  it("starts over on /subscribe in the middle", async () => {
    const ann = person(startBot());
    await ann.say("/subscribe");
    await ann.press("Done");
    expect(texts(await ann.say("/subscribe arctic"))[0]).toContain("Step 2 of 3");
    await ann.press("18:00");
    await ann.press("UTC");
    expect(await store.subscriptions.get(1001)).toMatchObject({ topics: ["arctic"], deliveryTime: "18:00", timeZone: "UTC" });
  });

  it("versions its stored state and drops state of another version", async () => {
    const ann = person(startBot());
    await ann.say("/subscribe");
    const stored = (await store.keyValue.read("conversation:1001")) as { version: unknown[]; state: unknown } | undefined;
    expect(stored?.version).toEqual([0, CONVERSATION_STATE_VERSION]);
    // As if written by an older release whose steps differed: no longer resumed.
    await store.keyValue.write("conversation:1001", { version: [0, CONVERSATION_STATE_VERSION + 1], state: stored?.state ?? null } as never);
    expect(texts(await ann.say("Done"))[0]).toContain("Nothing found for «Done»");
  });

  it("survives a restart: a second bot on the same database finishes the conversation", async () => {
    const before = person(startBot());
    await before.say("/subscribe");
    await before.press("Space");
    await before.press("Done");
    await before.press("21:00");
    const zoneQuestion = before.question;
    expect(await store.keyValue.read("conversation:1001")).toBeDefined();

    // The first bot is gone; a new one (new process, same store) gets the next update.
    const afterRestart = startBot();
    const after = person(afterRestart);
    const [saved] = texts(await after.press("Europe/Minsk", zoneQuestion));
    expect(saved).toContain("Every day at 21:00 (Europe/Minsk)");
    expect(saved).toContain("First digest: Tuesday 4 November, 21:00 (Europe/Minsk)");
    expect((await store.subscriptions.get(1001))?.topics).toEqual(["arctic", "orgs", "overview", "tech", "trade"]);
    // The second bot sent only what came after the restart: nothing of the earlier steps again.
    expect(sent(afterRestart.calls)).toHaveLength(1);
  });

  it("starts from the Subscribe button under a briefing", async () => {
    const bot = startBot();
    const ann = person(bot);
    const [briefing] = sent(await ann.say("/arctic"));
    const subscribe = buttons(briefing).at(-1);
    expect(subscribe?.text).toBe("🔔 Daily digest");
    expect(decodeCallback(subscribe?.callback_data ?? "")).toEqual({ kind: "subscribe" });
    const pressed = await ann.press("Daily digest", briefing);
    expect(texts(pressed)[0]).toContain("step 1 of 3");
    expect(pressed.filter((call) => call.method === "answerCallbackQuery")).toHaveLength(1);
  });
});

describe("/subscribe in one line", () => {
  it("saves at once when topics, time and zone are all given, in any order", async () => {
    const ann = person(startBot());
    const calls = await ann.say("/subscribe Europe/Moscow space 08:00 арктика");
    expect(texts(calls)).toHaveLength(1);
    expect(texts(calls)[0]).toContain("Topics: 🚀 Space, 🧊 Arctic");
    expect(await store.subscriptions.get(1001)).toMatchObject({ topics: ["arctic", "space"], deliveryTime: "08:00", timeZone: "Europe/Moscow" });
  });

  it("asks only for what is missing", async () => {
    const ann = person(startBot());
    const [question] = texts(await ann.say("/subscribe space 9:15"));
    expect(question).toContain("Step 3 of 3");
    expect(question).toContain("In which time zone is 09:15?");
    expect(texts(await ann.say("London"))[0]).toContain("Every day at 09:15 (Europe/London)");
    expect(await store.subscriptions.get(1001)).toMatchObject({ topics: ["space"], deliveryTime: "09:15", timeZone: "Europe/London" });
  });

  it("says which words it did not understand", async () => {
    const ann = person(startBot());
    const [reply] = texts(await ann.say("/subscribe space weather 8"));
    expect(reply).toContain("I didn't understand: weather 8");
    expect(await store.keyValue.read("conversation:1001")).toBeUndefined();
  });
});

describe("managing a subscription", () => {
  async function subscribe(ann: ReturnType<typeof person>, line = "/subscribe space arctic trade 08:00 Europe/Moscow"): Promise<void> {
    await ann.say(line);
  }

  it("shows it on /settings, and a settings button asks that one thing again", async () => {
    const ann = person(startBot());
    expect(texts(await ann.say("/settings"))).toEqual(["There is no daily digest here yet. /subscribe sets one up."]);
    await subscribe(ann);
    const [settings] = sent(await ann.say("/settings"));
    expect(settings?.payload.text).toBe(
      [
        "<b>Daily digest</b>",
        "Topics: 💱 Trade and economy, 🚀 Space, 🧊 Arctic",
        "Time: 08:00 (Europe/Moscow)",
        "Status: on",
        "Next digest: Wednesday 5 November, 08:00 (Europe/Moscow)",
      ].join("\n"),
    );
    expect(buttons(settings).map((button) => decodeCallback(button.callback_data ?? ""))).toEqual([
      { kind: "settings", field: "topics", chatId: 1001 },
      { kind: "settings", field: "time", chatId: 1001 },
      { kind: "settings", field: "zone", chatId: 1001 },
    ]);

    const timeQuestion = await ann.press("⏰ Time", settings);
    expect(timeQuestion[0]?.method).toBe("answerCallbackQuery");
    // The question names the field the button changes, not a step of the first setup.
    expect(texts(timeQuestion)[0]).toMatch(/^<b>Daily digest settings: time<\/b>/u);
    expect(texts(timeQuestion)[0]).not.toContain("Step");
    const [changed] = texts(await ann.press("12:00"));
    expect(changed).toContain("Daily digest changed.");
    expect(changed).toContain("Every day at 12:00 (Europe/Moscow)");
    expect(changed).toContain("Next digest: Wednesday 5 November, 12:00 (Europe/Moscow)");
    expect(changed).not.toContain("First digest");
    expect(await store.subscriptions.get(1001)).toMatchObject({
      topics: ["arctic", "space", "trade"],
      deliveryTime: "12:00",
      timeZone: "Europe/Moscow",
      nextRunAt: Date.UTC(2025, 10, 5, 9, 0),
    });

    // The topics step opens with the subscription's topics ticked.
    await ann.press("Topics", settings);
    expect(buttons(ann.question).filter((button) => button.text.startsWith("✅")).map((button) => button.text)).toEqual([
      "✅ 💱 Trade and economy",
      "✅ 🚀 Space",
      "✅ 🧊 Arctic",
    ]);
  });

  it("removes some topics on /unsubscribe <topics>, and the whole subscription with the last one", async () => {
    const ann = person(startBot());
    expect(texts(await ann.say("/unsubscribe"))).toEqual(["There is no daily digest here yet. /subscribe sets one up."]);
    await subscribe(ann);
    expect(texts(await ann.say("/unsubscribe space trade"))).toEqual([
      "Removed: 💱 Trade and economy, 🚀 Space. Still in the digest: 🧊 Arctic.",
    ]);
    expect((await store.subscriptions.get(1001))?.topics).toEqual(["arctic"]);
    expect(texts(await ann.say("/unsubscribe space"))[0]).toContain("The digest has no 🚀 Space in it");
    expect(texts(await ann.say("/unsubscribe weather"))).toEqual(["I didn't understand: weather. The topics are listed in /topics."]);
    expect(texts(await ann.say("/unsubscribe arctic"))).toEqual(["Done: no more daily digests. /subscribe brings them back."]);
    expect(await store.subscriptions.get(1001)).toBeUndefined();
  });

  it("pauses and resumes, and resuming schedules from now", async () => {
    let now = NOW;
    const ann = person(startBot({ now: () => now }));
    await subscribe(ann);
    expect(texts(await ann.say("/pause"))).toEqual(["The daily digest is paused. /resume starts it again."]);
    expect(texts(await ann.say("/pause"))[0]).toContain("already paused");
    const [settings] = sent(await ann.say("/settings"));
    expect(settings?.payload.text).toContain("Status: paused\nNext digest: after /resume");
    // Changing the time of a paused digest keeps it paused.
    await ann.press("⏰ Time", settings);
    const [changed] = texts(await ann.press("07:00"));
    expect(changed).toContain("Next digest: after /resume");
    expect(changed).toContain("The digest is paused");
    expect(await store.subscriptions.get(1001)).toMatchObject({ paused: true, deliveryTime: "07:00" });

    // Three days later: the digests missed while paused are not sent, the next is tomorrow 07:00.
    now = Date.UTC(2025, 10, 7, 10, 0);
    expect(texts(await ann.say("/resume"))).toEqual(["The daily digest is back. Next one: Saturday 8 November, 07:00 (Europe/Moscow)."]);
    expect(texts(await ann.say("/resume"))[0]).toContain("is not paused");
  });

  it("sends today's digest on /digest, then says there is nothing new", async () => {
    const ann = person(startBot());
    await subscribe(ann);
    const first = await ann.say("/digest");
    // The digest itself is the answer, sent to this chat.
    expect(texts(first)[0]).toContain("Daily digest");
    expect(sent(first).every((call) => call.payload.chat_id === 1001)).toBe(true);
    expect(texts(await ann.say("/digest"))).toEqual(["Nothing new since the last digest."]);
  });

  it("answers /digest without a subscription with Subscribe and Everything now, and sends every topic on the second", async () => {
    const ann = person(startBot());
    const [offer] = sent(await ann.say("/digest"));
    expect(offer?.payload.text).toMatch(/^There is no daily digest here yet/u);
    expect(buttons(offer).map((button) => button.text)).toEqual(["🔔 Daily digest", "📨 Everything now"]);
    expect(await store.subscriptions.get(1001)).toBeUndefined();

    const everything = await ann.press("📨 Everything now", offer);
    expect(everything[0]?.method).toBe("answerCallbackQuery");
    const digest = texts(everything).join("\n");
    expect(digest).toContain("Daily digest");
    for (const topic of ["Space", "Arctic"]) expect(digest).toContain(topic);
    // Still no subscription: the button sent a digest, it did not subscribe.
    expect(await store.subscriptions.get(1001)).toBeUndefined();

    // "Daily digest" starts the setup.
    expect(texts(await ann.press("🔔 Daily digest", offer))[0]).toContain("step 1 of 3: topics");
  });
});

describe("groups", () => {
  const GROUP: TestChat = { id: -100500, type: "supergroup", title: "Team", is_forum: true };
  const ADMIN = 7;
  const MEMBER = 8;
  const answersMembers: Responder = (call) =>
    call.method === "getChatMember" && call.payload.user_id === ADMIN
      ? { ok: true, result: { status: "administrator", user: { id: ADMIN, is_bot: false, first_name: "Admin" } } }
      : undefined;

  it("lets an admin subscribe the group into the forum topic it was set up in", async () => {
    const bot = startBot({ responder: answersMembers });
    const admin = person(bot, { chat: GROUP, userId: ADMIN, threadId: 77 });
    const member = person(bot, { chat: GROUP, userId: MEMBER, threadId: 77 });

    const [question] = sent(await admin.say("/subscribe@briefing_test_bot space"));
    expect(question?.payload).toMatchObject({ chat_id: GROUP.id, message_thread_id: 77 });
    // Someone else's message is not an answer: the conversation keeps waiting for the admin.
    expect(texts(await member.say("08:00"))).toEqual([]);
    // Nor can they break it off.
    expect(texts(await member.say("/cancel"))).toEqual(["Only the admins of this group can change its daily digest."]);
    // Someone else's press on the admin's buttons is refused.
    const refused = await member.press("08:00", admin.question);
    expect(refused.map((call) => call.method)).toEqual(["getChatMember", "answerCallbackQuery"]);
    expect(refused[1]?.payload).toMatchObject({ text: "Only the admins of this group can change its daily digest.", show_alert: true });

    await admin.press("08:00");
    const [saved] = texts(await admin.press("UTC"));
    expect(saved).toContain("Every day at 08:00 (UTC)");
    expect(await store.subscriptions.get(GROUP.id)).toMatchObject({ topics: ["space"], messageThreadId: 77, timeZone: "UTC" });
    expect((await store.chats.get(GROUP.id))?.type).toBe("supergroup");
  });

  it("refuses members politely and lets anonymous admins in", async () => {
    const bot = startBot({ responder: answersMembers });
    const admin = person(bot, { chat: GROUP, userId: ADMIN });
    const member = person(bot, { chat: GROUP, userId: MEMBER });
    await admin.say("/subscribe space 08:00 UTC");

    for (const command of ["/subscribe", "/unsubscribe", "/pause", "/resume", "/digest"]) {
      expect(texts(await member.say(command)), command).toEqual(["Only the admins of this group can change its daily digest."]);
    }
    expect(await store.subscriptions.get(GROUP.id)).toMatchObject({ paused: false });
    // Anyone may look.
    expect(texts(await member.say("/settings"))[0]).toContain("Topics: 🚀 Space");

    // An anonymous admin writes as the group: no membership to look up.
    const anonymous = await bot.send(textUpdate("/pause", { chat: GROUP, anonymousAdmin: true }));
    expect(anonymous.map((call) => call.method)).toEqual(["sendMessage"]);
    expect((await store.subscriptions.get(GROUP.id))?.paused).toBe(true);
  });

  it("refuses a settings button to a member", async () => {
    const bot = startBot({ responder: answersMembers });
    const admin = person(bot, { chat: GROUP, userId: ADMIN });
    const member = person(bot, { chat: GROUP, userId: MEMBER });
    await admin.say("/subscribe space 08:00 UTC");
    const [settings] = sent(await member.say("/settings"));
    const refused = await member.press("Time zone", settings);
    expect(refused.at(-1)?.payload).toMatchObject({ show_alert: true });
    expect(texts(refused)).toEqual([]);
  });
});

describe("channels", () => {
  const CHANNEL = { id: -100777, type: "channel", title: "News", username: "news_channel" };
  function channelResponder(options: { userIsAdmin: boolean; botCanPost: boolean }): Responder {
    return (call) => {
      if (call.method === "getChat") return call.payload.chat_id === "@news_channel" || call.payload.chat_id === CHANNEL.id ? { ok: true, result: CHANNEL } : undefined;
      if (call.method !== "getChatMember" || call.payload.chat_id !== CHANNEL.id) return undefined;
      const user = { id: call.payload.user_id, is_bot: call.payload.user_id === 42, first_name: "X" };
      if (call.payload.user_id === 42) {
        return { ok: true, result: { status: "administrator", user, can_post_messages: options.botCanPost } };
      }
      return { ok: true, result: { status: options.userIsAdmin ? "creator" : "member", user } };
    };
  }

  it("lets a channel admin subscribe the channel from a private chat", async () => {
    const ann = person(startBot({ responder: channelResponder({ userIsAdmin: true, botCanPost: true }) }));
    const [saved] = texts(await ann.say("/subscribe @news_channel space 08:00 Europe/Moscow"));
    expect(saved).toContain("Channel: @news_channel");
    expect(saved).toContain("Every day at 08:00 (Europe/Moscow)");
    expect(await store.subscriptions.get(CHANNEL.id)).toMatchObject({ topics: ["space"], messageThreadId: null });
    expect((await store.chats.get(CHANNEL.id))?.type).toBe("channel");
    expect(await store.subscriptions.get(1001)).toBeUndefined();

    // The channel's settings, from the same private chat, with buttons that point at the channel.
    const [settings] = sent(await ann.say("/settings -100777"));
    expect(settings?.payload.text).toContain("Channel: @news_channel");
    expect(decodeCallback(buttons(settings)[0]?.callback_data ?? "")).toEqual({ kind: "settings", field: "topics", chatId: CHANNEL.id });
    await ann.press("Time zone", settings);
    expect(texts(await ann.say("Asia/Shanghai"))[0]).toContain("Every day at 08:00 (Asia/Shanghai)");
    expect((await store.subscriptions.get(CHANNEL.id))?.timeZone).toBe("Asia/Shanghai");
    expect(texts(await ann.say("/unsubscribe @news_channel"))[0]).toContain("no more daily digests");
    expect(await store.subscriptions.get(CHANNEL.id)).toBeUndefined();
  });

  it("refuses someone who is not an admin of the channel, and a channel the bot cannot post in", async () => {
    const notAdmin = person(startBot({ responder: channelResponder({ userIsAdmin: false, botCanPost: true }) }));
    expect(texts(await notAdmin.say("/subscribe @news_channel"))).toEqual(["Only the admins of @news_channel can manage its daily digest."]);
    const cannotPost = person(startBot({ responder: channelResponder({ userIsAdmin: true, botCanPost: false }) }));
    expect(texts(await cannotPost.say("/subscribe @news_channel"))[0]).toContain("I can't post in @news_channel");
    expect(texts(await cannotPost.say("/subscribe @unknown_channel"))[0]).toContain("I can't find the channel @unknown_channel");
    expect(await store.subscriptions.get(CHANNEL.id)).toBeUndefined();
  });
});

describe("chat tracking", () => {
  it("records a private chat in the person's language with a zone guessed from it", async () => {
    const bot = startBot();
    await bot.send(textUpdate("/start", { languageCode: "ru", userId: 2002 }));
    expect(await store.chats.get(2002)).toMatchObject({ type: "private", language: "ru", timeZone: "Europe/Moscow", status: "active" });
    await bot.send(textUpdate("/start", { languageCode: "de", userId: 2003 }));
    expect(await store.chats.get(2003)).toMatchObject({ language: "en", timeZone: "UTC" });
  });

  it("follows blocking, unblocking and /start in a private chat", async () => {
    const bot = startBot();
    await bot.send(textUpdate("/start"));
    await bot.send(myChatMemberUpdate("kicked"));
    expect((await store.chats.get(1001))?.status).toBe("blocked");
    await bot.send(myChatMemberUpdate("member"));
    expect((await store.chats.get(1001))?.status).toBe("active");
    await bot.send(myChatMemberUpdate("kicked"));
    await bot.send(textUpdate("/start"));
    expect((await store.chats.get(1001))?.status).toBe("active");
  });

  it("follows the bot being added to and removed from a group", async () => {
    const bot = startBot();
    const group: TestChat = { id: -300, type: "group", title: "Friends" };
    await bot.send(myChatMemberUpdate("member", { chat: group }));
    expect(await store.chats.get(-300)).toMatchObject({ type: "group", status: "active" });
    await bot.send(myChatMemberUpdate("kicked", { chat: group }));
    expect((await store.chats.get(-300))?.status).toBe("left");
    await bot.send(myChatMemberUpdate("administrator", { chat: group }));
    expect((await store.chats.get(-300))?.status).toBe("active");
    await bot.send(myChatMemberUpdate("left", { chat: group }));
    expect((await store.chats.get(-300))?.status).toBe("left");
  });

  it("moves a group that became a supergroup, with its subscription", async () => {
    const bot = startBot({
      responder: (call) =>
        call.method === "getChatMember" ? { ok: true, result: { status: "creator", user: { id: 1001, is_bot: false, first_name: "A" } } } : undefined,
    });
    const group: TestChat = { id: -400, type: "group", title: "Club" };
    await bot.send(textUpdate("/subscribe space 08:00 UTC", { chat: group, languageCode: "ru" }));
    expect(await store.subscriptions.get(-400)).toBeDefined();
    await bot.send(migrateUpdate(group, -100400));
    expect(await store.chats.get(-400)).toBeUndefined();
    expect(await store.chats.get(-100400)).toMatchObject({ type: "supergroup", language: "ru", timeZone: "UTC" });
    expect(await store.subscriptions.get(-100400)).toMatchObject({ topics: ["space"], deliveryTime: "08:00" });
  });
});

describe("the command menu", () => {
  it("lists the digest commands in both languages", () => {
    const i18n = createI18n(LOCALES_DIR);
    for (const locale of ["en", "ru"]) {
      const commands = commandMenu(i18n, locale, shippedTopics()).map((entry) => entry.command);
      expect(commands).toEqual(expect.arrayContaining(["subscribe", "settings", "unsubscribe", "pause", "resume", "digest"]));
      expect(commands.at(-1)).toBe("help");
    }
  });
});
