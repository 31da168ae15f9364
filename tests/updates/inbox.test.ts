import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { createUpdateInbox, updateChatKey, type HandleOutcome } from "../../src/updates/inbox.js";
import { useTempStore } from "../helpers/temp-store.js";

const logger = createLogger({ level: "silent", pretty: false, secrets: [] });

function message(updateId: number, chatId: number, text = "/space"): Update {
  return {
    update_id: updateId,
    message: { message_id: updateId, date: 0, chat: { id: chatId, type: "private", first_name: "A" }, from: { id: chatId, is_bot: false, first_name: "A" }, text },
  } as Update;
}

/** A handler whose updates finish when the test says so. */
function controlledHandler() {
  const started: number[] = [];
  const finishers = new Map<number, (outcome: HandleOutcome) => void>();
  return {
    started,
    handle: (update: Update) =>
      new Promise<HandleOutcome>((resolve) => {
        started.push(update.update_id);
        finishers.set(update.update_id, resolve);
      }),
    finish(updateId: number, outcome: HandleOutcome = "handled") {
      finishers.get(updateId)?.(outcome);
    },
  };
}

/** A handler that handles every update at once and records the ids in the order it got them. */
function immediateHandler() {
  const seen: number[] = [];
  return {
    seen,
    handle: async (update: Update): Promise<HandleOutcome> => {
      seen.push(update.update_id);
      return "handled";
    },
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));

describe("the update inbox", () => {
  const temp = useTempStore("briefing-inbox-");

  it("keys updates by chat, by sender without a chat, and by id without either", () => {
    expect(updateChatKey(message(1, 42))).toBe("42");
    expect(updateChatKey({ update_id: 2, callback_query: { id: "q", from: { id: 7 }, message: { chat: { id: -100 } } } } as unknown as Update)).toBe("-100");
    expect(updateChatKey({ update_id: 3, inline_query: { id: "q", from: { id: 7 }, query: "" } } as unknown as Update)).toBe("7");
    expect(updateChatKey({ update_id: 4, poll: { id: "p" } } as unknown as Update)).toBe("update:4");
  });

  it("runs one chat's updates in order and other chats' at the same time", async () => {
    const handler = controlledHandler();
    const inbox = createUpdateInbox({ inbox: temp.store.inbox, handle: handler.handle, holder: "a", logger, sweepIntervalMs: 0 });
    await inbox.start();
    await inbox.accept([message(1, 10), message(2, 10), message(3, 20)]);
    await settle();
    expect(handler.started).toEqual([1, 3]);
    handler.finish(3);
    await settle();
    expect(handler.started).toEqual([1, 3]);
    handler.finish(1);
    await settle();
    expect(handler.started).toEqual([1, 3, 2]);
    handler.finish(2);
    await inbox.stop();
    expect(await temp.store.inbox.countUnhandled()).toBe(0);
  });

  it("drops a redelivered update, handled or still running", async () => {
    const handler = controlledHandler();
    const inbox = createUpdateInbox({ inbox: temp.store.inbox, handle: handler.handle, holder: "a", logger, sweepIntervalMs: 0 });
    await inbox.start();
    await inbox.accept([message(1, 10)]);
    await settle();
    await inbox.accept([message(1, 10)]);
    handler.finish(1);
    await settle();
    await inbox.accept([message(1, 10)]);
    await settle();
    expect(handler.started).toEqual([1]);
    await inbox.stop();
  });

  it("keeps an update abandoned at shutdown for the next start, and leaves unstarted ones there too", async () => {
    const handler = controlledHandler();
    const first = createUpdateInbox({ inbox: temp.store.inbox, handle: handler.handle, holder: "a", logger, sweepIntervalMs: 0 });
    await first.start();
    await first.accept([message(1, 10), message(2, 10)]);
    await settle();
    const stopped = first.stop();
    handler.finish(1, "abandoned");
    await stopped;
    expect(await temp.store.inbox.countUnhandled()).toBe(2);

    const { seen, handle } = immediateHandler();
    const second = createUpdateInbox({ inbox: temp.store.inbox, handle, holder: "a", logger, sweepIntervalMs: 0 });
    await second.start();
    await settle();
    await settle();
    expect(seen).toEqual([1, 2]);
    await second.stop();
  });

  it("takes back its own claims at start after a crash, and drops an update that crashed it every time", async () => {
    // A crashed run: claims held and never marked handled.
    await temp.store.inbox.add([{ updateId: 1, chatKey: "10", payload: JSON.stringify(message(1, 10)) }], Date.now());
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await temp.store.inbox.claim("a", 60_000, Date.now(), 10);
      await temp.store.inbox.release("a");
    }
    await temp.store.inbox.add([{ updateId: 2, chatKey: "20", payload: JSON.stringify(message(2, 20)) }], Date.now());
    await temp.store.inbox.claim("a", 60_000, Date.now(), 10);
    const { seen, handle } = immediateHandler();
    const inbox = createUpdateInbox({ inbox: temp.store.inbox, handle, holder: "a", logger, sweepIntervalMs: 0 });
    await inbox.start();
    await settle();
    expect(seen).toEqual([2]);
    expect(await temp.store.inbox.countUnhandled()).toBe(0);
    await inbox.stop();
  });

  it("refuses updates when full and lets a poller wait for room", async () => {
    const handler = controlledHandler();
    const inbox = createUpdateInbox({ inbox: temp.store.inbox, handle: handler.handle, holder: "a", logger, capacity: 2, sweepIntervalMs: 0 });
    await inbox.start();
    expect(await inbox.accept([message(1, 10), message(2, 10)])).toBe("accepted");
    expect(await inbox.accept([message(3, 30)])).toBe("full");
    let roomy = false;
    const waiting = inbox.waitForRoom(new AbortController().signal).then(() => (roomy = true));
    await settle();
    expect(roomy).toBe(false);
    handler.finish(1);
    await waiting;
    expect(roomy).toBe(true);
    expect(await inbox.accept([message(3, 30)])).toBe("accepted");
    await settle();
    handler.finish(2);
    handler.finish(3);
    await inbox.stop();
  });
});
