import { beforeAll, describe, expect, it } from "vitest";
import { buildLibrary, loadLibrary, type ContentLibrary } from "../../src/content/library.js";
import {
  createRecordingBot,
  sent,
  texts,
  textUpdate,
  type Responder,
  type TestChat,
} from "../helpers/recording-bot.js";
import { useTempStore } from "../helpers/temp-store.js";

const ADMIN = 777;

let library: ContentLibrary;
const temp = useTempStore("briefing-operators-");

beforeAll(async () => {
  library = await loadLibrary("seeds");
});

describe("operators", () => {
  it("shows /stats to admins: chats, subscribers by topic and language, digests, inline topics", async () => {
    let reloads = 0;
    const { send } = createRecordingBot(library, {
      store: temp.store,
      admin: { adminIds: [ADMIN], reload: async () => (reloads += 1, library) },
    });
    await send(textUpdate("/start", { userId: 1 }));
    await send(textUpdate("/start", { userId: 2, languageCode: "ru" }));
    await temp.store.subscriptions.save({ chatId: 1, topics: ["space", "arctic"], deliveryTime: "08:00", timeZone: "UTC", nextRunAt: 0 });
    await temp.store.chats.setStatus(2, "blocked");
    await temp.store.stats.recordInlineChoice("space");
    const [stats] = texts(await send(textUpdate("/stats", { userId: ADMIN })));
    expect(stats).toContain("Chats: 2 active, 1 blocked, 0 left");
    expect(stats).toContain("Subscribers by topic: arctic: 1, space: 1");
    expect(stats).toContain("Subscribers by language: en: 1");
    expect(stats).toContain("Top inline topics: space: 1");
    expect(reloads).toBe(0);
  });

  it("reloads the seeds on /reload and lists skipped files", async () => {
    const reloaded = buildLibrary([
      { file: "a.txt", content: "Заголовок\n\nТекст про космос и Луну." },
      { file: "broken.txt", content: "" },
    ]);
    const { send } = createRecordingBot(library, { store: temp.store, admin: { adminIds: [ADMIN], reload: async () => reloaded } });
    const [answer] = texts(await send(textUpdate("/reload", { userId: ADMIN })));
    expect(answer).toContain("Seeds reloaded: 1 documents");
    expect(answer).toContain("broken.txt");
  });

  describe("in a group", () => {
    const GROUP: TestChat = { id: -100900, type: "supergroup", title: "Ops" };
    /** Telegram's answer when the operator never started the bot. */
    const neverStarted: Responder = (call) =>
      call.method === "sendMessage" && call.payload.chat_id === ADMIN
        ? { ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" }
        : undefined;

    it("sends /stats to the operator privately and only a short note into the group", async () => {
      const { send } = createRecordingBot(library, { store: temp.store, admin: { adminIds: [ADMIN], reload: async () => library } });
      await send(textUpdate("/start", { userId: 1 }));
      const calls = sent(await send(textUpdate("/stats", { chat: GROUP, userId: ADMIN })));
      const inGroup = calls.filter((call) => call.payload.chat_id === GROUP.id).map((call) => String(call.payload.text));
      expect(inGroup).toEqual(["I've sent you the answer in a private chat."]);
      const privately = calls.filter((call) => call.payload.chat_id === ADMIN);
      expect(privately).toHaveLength(1);
      expect(privately[0]?.payload).toMatchObject({ parse_mode: "HTML" });
      expect(String(privately[0]?.payload.text)).toContain("Chats: 2 active");
      // In Russian too.
      const ru = sent(await send(textUpdate("/stats@briefing_test_bot", { chat: GROUP, userId: ADMIN, languageCode: "ru" })));
      expect(ru.filter((call) => call.payload.chat_id === GROUP.id).map((call) => call.payload.text)).toEqual([
        "Отправил вам ответ в личные сообщения.",
      ]);
    });

    it("tells the operator in the group to ask privately when the bot cannot write to them, and posts nothing global", async () => {
      const { send } = createRecordingBot(library, {
        store: temp.store,
        responder: neverStarted,
        admin: { adminIds: [ADMIN], reload: async () => library },
      });
      const calls = await send(textUpdate("/stats", { chat: GROUP, userId: ADMIN }));
      const inGroup = sent(calls).filter((call) => call.payload.chat_id === GROUP.id).map((call) => String(call.payload.text));
      expect(inGroup).toEqual([
        "I can't message you privately. Open a chat with @briefing_test_bot, press Start, then send the command there.",
      ]);
      expect(inGroup.join("\n")).not.toContain("Chats:");
    });

    it("reloads on /reload in a group but lists file problems only privately", async () => {
      const reloaded = buildLibrary([
        { file: "a.txt", content: "Заголовок\n\nТекст про космос и Луну." },
        { file: "broken.txt", content: "" },
      ]);
      let reloads = 0;
      const reload = async () => ((reloads += 1), reloaded);
      const { send } = createRecordingBot(library, { store: temp.store, admin: { adminIds: [ADMIN], reload } });
      const calls = sent(await send(textUpdate("/reload", { chat: GROUP, userId: ADMIN })));
      expect(reloads).toBe(1);
      expect(calls.filter((call) => call.payload.chat_id === GROUP.id).map((call) => call.payload.text)).toEqual([
        "I've sent you the answer in a private chat.",
      ]);
      expect(String(calls.find((call) => call.payload.chat_id === ADMIN)?.payload.text)).toContain("broken.txt");

      const unreachable = createRecordingBot(library, { store: temp.store, responder: neverStarted, admin: { adminIds: [ADMIN], reload } });
      const refused = sent(await unreachable.send(textUpdate("/reload", { chat: GROUP, userId: ADMIN })));
      expect(refused.map((call) => call.payload.chat_id)).toEqual([ADMIN, GROUP.id]);
      expect(String(refused[1]?.payload.text)).not.toContain("broken.txt");
    });
  });

  it("treats /stats and /reload from anyone else as unknown commands", async () => {
    let reloads = 0;
    const { send } = createRecordingBot(library, {
      store: temp.store,
      admin: { adminIds: [ADMIN], reload: async () => (reloads += 1, library) },
    });
    expect(texts(await send(textUpdate("/stats", { userId: 5 })))[0]).toContain("I don't know that command");
    expect(texts(await send(textUpdate("/reload", { userId: 5 })))[0]).toContain("I don't know that command");
    expect(reloads).toBe(0);
  });
});

describe("a topic without content", () => {
  it("says so instead of sending an empty briefing", async () => {
    const onlySpace = buildLibrary([
      { file: "moon.txt", content: "Лунная программа\n\nРоскосмос и партнёры готовят миссию к Луне и лунную станцию." },
    ]);
    const { send } = createRecordingBot(onlySpace);
    const [answer] = texts(await send(textUpdate("/arctic")));
    expect(answer).toContain("Nothing on 🧊 Arctic yet");
  });
});
