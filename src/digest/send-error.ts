/**
 * What a failed sendMessage means for the digest, decided from the error alone. Pure: grammY's
 * `GrammyError` (Telegram answered) and `HttpError` (no answer) in, a verdict out; no clock, no I/O.
 */
import { GrammyError, HttpError } from "grammy";

const MS_PER_SECOND = 1_000;
/** Telegram's 429 without `retry_after` (it always sends one; the emulator may not), in seconds. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;
const CHAT_NOT_FOUND = /chat not found/i;
const THREAD_NOT_FOUND = /message thread not found/i;
/**
 * A paid broadcast the bot's Star balance cannot pay for. Telegram's wording for this answer is not
 * documented (MTProto calls it BALANCE_TOO_LOW), so the usual ways of saying it all count.
 */
const BALANCE_TOO_LOW = /BALANCE_TOO_LOW|STARS?_BALANCE|not enough (?:telegram )?stars|insufficient (?:star|balance)|star balance/i;

/**
 * - `flood`: 429, wait `retryAfterMs` before any message to any chat.
 * - `migrated`: the group became the supergroup `newChatId`; send there.
 * - `blocked`: 403, the user blocked the bot or the bot left the group.
 * - `chat-not-found`: 400, the chat is gone.
 * - `thread-not-found`: 400, the forum topic is gone.
 * - `unpaid`: 400, a paid broadcast (`allow_paid_broadcast`) the Star balance cannot pay for.
 * - `retryable`: 5xx or no answer at all; worth another try after a backoff.
 * - `final`: any other 400 (HTML Telegram cannot parse, too long): fails the same way every time.
 */
export type SendError =
  | { kind: "flood"; retryAfterMs: number; error: string }
  | { kind: "migrated"; newChatId: number }
  | { kind: "blocked" | "chat-not-found" | "thread-not-found" | "unpaid" | "retryable" | "final"; error: string };

/** The verdict on `error`, or undefined when it is not an error of the Bot API (a bug to rethrow). */
export function classifySendError(error: unknown): SendError | undefined {
  // A request may have reached Telegram before the connection broke: a retry can duplicate it,
  // which is the lesser evil next to losing the digest.
  if (error instanceof HttpError) return { kind: "retryable", error: error.message };
  if (!(error instanceof GrammyError)) return undefined;
  const { error_code: code, description: text, parameters } = error;
  if (parameters.migrate_to_chat_id !== undefined) return { kind: "migrated", newChatId: parameters.migrate_to_chat_id };
  if (code === 429) return { kind: "flood", retryAfterMs: (parameters.retry_after ?? DEFAULT_RETRY_AFTER_SECONDS) * MS_PER_SECOND, error: text };
  if (code >= 500) return { kind: "retryable", error: text };
  if (code === 403) return { kind: "blocked", error: text };
  if (CHAT_NOT_FOUND.test(text)) return { kind: "chat-not-found", error: text };
  if (THREAD_NOT_FOUND.test(text)) return { kind: "thread-not-found", error: text };
  if (BALANCE_TOO_LOW.test(text)) return { kind: "unpaid", error: text };
  return { kind: "final", error: text };
}
