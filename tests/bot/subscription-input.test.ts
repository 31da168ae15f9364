/** What subscription buttons carry: callback payloads within Telegram's limit. */
import { describe, expect, it } from "vitest";
import { CALLBACK_DATA_LIMIT_BYTES, decodeCallback, encodeCallback, type CallbackAction } from "../../src/bot/payloads.js";

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
