import { beforeAll, describe, expect, it } from "vitest";
import { buildLibrary, loadLibrary, type ContentLibrary } from "../../src/content/library.js";
import { createRecordingBot, textUpdate, type RecordedCall } from "../helpers/recording-bot.js";
import { useTempStore } from "../helpers/temp-store.js";

const ADMIN = 777;

function texts(calls: RecordedCall[]): string[] {
  return calls.filter((call) => call.method === "sendMessage").map((call) => String(call.payload.text));
}

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

describe("/forget", () => {
  it("deletes the chat's subscription, history and dialogue state, and nothing of others", async () => {
    const { send } = createRecordingBot(library, { store: temp.store });
    await send(textUpdate("/start", { userId: 10 }));
    await send(textUpdate("/start", { userId: 11 }));
    for (const chatId of [10, 11]) {
      await temp.store.subscriptions.save({ chatId, topics: ["space"], deliveryTime: "08:00", timeZone: "UTC", nextRunAt: 0 });
      await temp.store.receivedSections.markReceived(chatId, [{ sectionId: "doc:1", hash: "h" }]);
    }
    // A half-finished dialogue of chat 10.
    await send(textUpdate("/subscribe", { userId: 10 }));
    const [answer] = texts(await send(textUpdate("/forget", { userId: 10 })));
    expect(answer).toContain("everything I stored about this chat");
    expect(await temp.store.chats.get(10)).toBeUndefined();
    expect(await temp.store.subscriptions.get(10)).toBeUndefined();
    expect(await temp.store.receivedSections.receivedHashes(10)).toEqual(new Map());
    expect(await temp.store.subscriptions.get(11)).toBeDefined();
    // The dialogue is gone too: a typed time is not taken as an answer to it.
    expect(texts(await send(textUpdate("08:30", { userId: 10 })))[0]).toContain("Send a topic command");
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
