/** The pure parts of subscribing: callback payloads, time zone names, the words after /subscribe. */
import { describe, expect, it } from "vitest";
import { parseSubscribeArguments } from "../../src/bot/features/subscriptions.js";
import { shippedTopics } from "../../src/content/topics-file.js";
import { CALLBACK_DATA_LIMIT_BYTES, decodeCallback, encodeCallback, type CallbackAction } from "../../src/bot/payloads.js";
import { COMMON_TIME_ZONES, guessTimeZone, normalizeTimeZone } from "../../src/bot/time-zones.js";

describe("callback payloads", () => {
  const actions: CallbackAction[] = [
    { kind: "topic", topic: "space" },
    { kind: "full", sectionKey: "AAAAAAAAAAAA" },
    { kind: "subscribe" },
    { kind: "subscribe-topic", topic: "arctic" },
    { kind: "subscribe-done" },
    { kind: "subscribe-time", time: "08:00" },
    { kind: "subscribe-zone", timeZone: "America/Argentina/ComodRivadavia" },
    { kind: "settings", field: "zone", chatId: -1001234567890123 },
    { kind: "settings", field: "topics", chatId: 1001 },
  ];

  it.each(actions)("round-trips %o within Telegram's 64 bytes", (action) => {
    const data = encodeCallback(action);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_LIMIT_BYTES);
    expect(decodeCallback(data)).toEqual(action);
  });

  it("keeps the data of buttons already out there", () => {
    expect(encodeCallback({ kind: "topic", topic: "space" })).toBe("topic:space");
    expect(encodeCallback({ kind: "full", sectionKey: "abc" })).toBe("full:abc");
  });

  it.each(["", "sub:", "sub:x", "sub-done:1", "sub-time:25:00", "sub-time:8:00", "sub-zone:", "settings:colour:1", "settings:time:abc", "settings:time", "nope:1"])(
    "rejects %s",
    (data) => {
      expect(decodeCallback(data)).toBeUndefined();
    },
  );
});

describe("time zones", () => {
  it.each([
    ["Europe/Moscow", "Europe/Moscow"],
    ["  europe/moscow ", "Europe/Moscow"],
    ["Asia/Kathmandu", "Asia/Kathmandu"],
    ["asia/kathmandu", "Asia/Kathmandu"],
    ["UTC", "UTC"],
    ["utc", "UTC"],
    ["Moscow", "Europe/Moscow"],
    ["new york", "America/New_York"],
    ["America/New_York", "America/New_York"],
  ])("reads %j as %s", (text, zone) => {
    expect(normalizeTimeZone(text)).toBe(zone);
  });

  it.each(["", "Mars/Olympus_Mons", "08:00", "Europe/", "x".repeat(100)])("rejects %j", (text) => {
    expect(normalizeTimeZone(text)).toBeUndefined();
  });

  it("guesses Moscow time for Russian readers and UTC otherwise, both offered as buttons", () => {
    expect(guessTimeZone("ru")).toBe("Europe/Moscow");
    expect(guessTimeZone("en")).toBe("UTC");
    for (const zone of COMMON_TIME_ZONES) expect(normalizeTimeZone(zone)).toBe(zone);
  });
});

describe("the words after /subscribe", () => {
  it("reads topics, time, zone and channel in any order", () => {
    expect(parseSubscribeArguments("space arctic 08:00 Europe/Moscow", shippedTopics())).toEqual({
      topics: ["space", "arctic"],
      deliveryTime: "08:00",
      timeZone: "Europe/Moscow",
      unknown: [],
    });
    expect(parseSubscribeArguments("Asia/Kathmandu 7:05 @news_channel Космос /ai space", shippedTopics())).toEqual({
      topics: ["space", "tech"],
      deliveryTime: "07:05",
      timeZone: "Asia/Kathmandu",
      channel: "@news_channel",
      unknown: [],
    });
    expect(parseSubscribeArguments("-1001234567890", shippedTopics()).channel).toBe("-1001234567890");
  });

  it("collects what it does not understand", () => {
    expect(parseSubscribeArguments("space weather 25:00", shippedTopics()).unknown).toEqual(["weather", "25:00"]);
    expect(parseSubscribeArguments("", shippedTopics())).toEqual({ topics: [], unknown: [] });
  });
});
