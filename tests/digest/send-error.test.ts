import { GrammyError, HttpError } from "grammy";
import type { ResponseParameters } from "grammy/types";
import { describe, expect, it } from "vitest";
import { classifySendError } from "../../src/digest/send-error.js";

/** What grammY throws when Telegram answers sendMessage with `ok: false`. */
const telegram = (code: number, description: string, parameters: ResponseParameters = {}): GrammyError =>
  new GrammyError("Call to 'sendMessage' failed!", { ok: false, error_code: code, description, parameters }, "sendMessage", {});

describe("classifySendError", () => {
  it.each([
    [telegram(400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: -100_123 }), { kind: "migrated", newChatId: -100_123 }],
    [telegram(429, "Too Many Requests: retry after 7", { retry_after: 7 }), { kind: "flood", retryAfterMs: 7_000 }],
    [telegram(429, "Too Many Requests"), { kind: "flood", retryAfterMs: 1_000 }],
    [telegram(403, "Forbidden: bot was blocked by the user"), { kind: "blocked" }],
    [telegram(403, "Forbidden: bot was kicked from the supergroup chat"), { kind: "blocked" }],
    [telegram(400, "Bad Request: chat not found"), { kind: "chat-not-found" }],
    [telegram(400, "Bad Request: message thread not found"), { kind: "thread-not-found" }],
    [telegram(500, "Internal Server Error"), { kind: "retryable", error: "Internal Server Error" }],
    [telegram(502, "Bad Gateway"), { kind: "retryable" }],
    [telegram(400, "Bad Request: can't parse entities: unclosed tag"), { kind: "final", error: "Bad Request: can't parse entities: unclosed tag" }],
    [telegram(400, "Bad Request: message is too long"), { kind: "final" }],
    [telegram(400, "Bad Request: BALANCE_TOO_LOW"), { kind: "unpaid", error: "Bad Request: BALANCE_TOO_LOW" }],
    [telegram(400, "Bad Request: not enough Telegram Stars to pay for the broadcast"), { kind: "unpaid" }],
    [telegram(400, "Bad Request: insufficient Star balance"), { kind: "unpaid" }],
    [telegram(400, "Bad Request: STARS_BALANCE_INSUFFICIENT"), { kind: "unpaid" }],
  ])("%s", (error, verdict) => {
    expect(classifySendError(error)).toMatchObject(verdict);
  });

  it("retries when Telegram never answered, and rethrows what is not an API error", () => {
    const dropped = new HttpError("Network request for 'sendMessage' failed!", new Error("socket hang up"));
    expect(classifySendError(dropped)).toEqual({ kind: "retryable", error: "Network request for 'sendMessage' failed!" });
    expect(classifySendError(new TypeError("a bug"))).toBeUndefined();
  });
});
