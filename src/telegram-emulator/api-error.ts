import type { ResponseParameters } from "grammy/types";

/**
 * A Bot API failure: becomes `{"ok":false,"error_code":...,"description":...}` with the same HTTP status,
 * which is how Telegram answers. Method handlers throw it; the dispatcher turns it into the response.
 */
export class ApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
    this.name = "ApiError";
  }
}

/** 400 with Telegram's "Bad Request: " prefix. */
export function badRequest(detail: string): ApiError {
  return new ApiError(400, `Bad Request: ${detail}`);
}

/** 403 with Telegram's "Forbidden: " prefix. */
export function forbidden(detail: string): ApiError {
  return new ApiError(403, `Forbidden: ${detail}`);
}

/** 409 with Telegram's "Conflict: " prefix. */
export function conflict(detail: string): ApiError {
  return new ApiError(409, `Conflict: ${detail}`);
}

/** 429 carrying retry_after in whole seconds, as Telegram sends it. */
export function tooManyRequests(retryAfterSeconds: number): ApiError {
  return new ApiError(429, `Too Many Requests: retry after ${retryAfterSeconds}`, { retry_after: retryAfterSeconds });
}

/** The texts that several methods share, spelled once. */
export const ERROR_TEXT = {
  chatNotFound: "chat not found",
  blockedByUser: "bot was blocked by the user",
  cantInitiateConversation: "bot can't initiate conversation with a user",
  queryTooOld: "query is too old and response timeout expired or query ID is invalid",
  messageTextEmpty: "message text is empty",
  messageTooLong: "message is too long",
  messageToEditNotFound: "message to edit not found",
  messageNotModified:
    "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
  terminatedByOtherGetUpdates: "terminated by other getUpdates request; make sure that only one bot instance is running",
  /**
   * Not confirmed for allow_paid_broadcast: BALANCE_TOO_LOW is MTProto's documented error for a Star balance that
   * cannot pay (payments.sendStarsForm), and telegram-bot-api passes such upper-case error names on after "Bad Request: ".
   */
  starBalanceTooLow: "BALANCE_TOO_LOW",
  webhookActive: "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
} as const;

/**
 * A misuse of the control API (unknown user, a button that is not there, a wait that timed out).
 * Thrown to the test that drove the emulator; over HTTP it becomes a 400 with the message.
 */
export class ControlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ControlError";
  }
}
