/**
 * Telegram's documented limits and the emulator's own timings, each next to its unit.
 * The Bot API reference (core.telegram.org/bots/api) is the source unless a line says otherwise.
 */

/** sendMessage / editMessageText: 1-4096 characters after entity parsing. Counted in Unicode code points, as Telegram does (a live probe accepted 4096 astral emoji = 8192 UTF-16 units). */
export const MESSAGE_TEXT_MAX_CHARACTERS = 4096;
/** An inline query's text: at most 256 characters (Telegram's apps stop taking input there). */
export const INLINE_QUERY_MAX_CHARACTERS = 256;

/** InlineKeyboardButton.callback_data: 1-64 bytes of UTF-8. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** answerCallbackQuery.text: 0-200 characters. */
export const CALLBACK_ANSWER_TEXT_MAX_CHARACTERS = 200;

/** answerInlineQuery: no more than 50 results per query. */
export const INLINE_RESULTS_MAX_COUNT = 50;

/** InlineQueryResult.id: 1-64 bytes. */
export const INLINE_RESULT_ID_MAX_BYTES = 64;

/** answerInlineQuery.next_offset: at most 64 bytes. */
export const INLINE_NEXT_OFFSET_MAX_BYTES = 64;

/** answerInlineQuery.cache_time default, in seconds. */
export const INLINE_CACHE_TIME_DEFAULT_SECONDS = 300;

/** BotCommand.command: 1-32 characters of a-z, 0-9 and _. */
export const BOT_COMMAND_PATTERN = /^[a-z0-9_]{1,32}$/;

/** BotCommand.description: 1-256 characters. */
export const BOT_COMMAND_DESCRIPTION_MAX_CHARACTERS = 256;

/** setMyCommands: at most 100 commands per scope and language. */
export const BOT_COMMANDS_MAX_COUNT = 100;
/** setMyDescription: the text in an empty chat with the bot, 0-512 characters. */
export const BOT_DESCRIPTION_MAX_CHARACTERS = 512;
/** setMyShortDescription: the profile page's text, 0-120 characters. */
export const BOT_SHORT_DESCRIPTION_MAX_CHARACTERS = 120;

/** setWebhook.secret_token: 1-256 characters of A-Z, a-z, 0-9, _ and -. */
export const WEBHOOK_SECRET_PATTERN = /^[A-Za-z0-9_-]+$/;
export const WEBHOOK_SECRET_MAX_CHARACTERS = 256;

/** setWebhook.max_connections: 1-100, default 40. */
export const WEBHOOK_MAX_CONNECTIONS_DEFAULT = 40;
export const WEBHOOK_MAX_CONNECTIONS_LIMIT = 100;

/** getUpdates.limit: 1-100, default 100; values outside are clamped like Telegram does. */
export const GET_UPDATES_LIMIT_MAX = 100;

/** getUpdates.timeout: Telegram holds a long poll for at most 50 seconds. */
export const GET_UPDATES_TIMEOUT_MAX_SECONDS = 50;

/**
 * Update types delivered when allowed_updates is empty or was never given:
 * everything except these three, which must be requested explicitly.
 */
export const UPDATE_TYPES_OFF_BY_DEFAULT: ReadonlySet<string> = new Set([
  "chat_member",
  "message_reaction",
  "message_reaction_count",
]);

/** How long a callback query can still be answered, in ms. Telegram does not document it; about 15 s is what bots observe. */
export const CALLBACK_QUERY_TTL_MS = 15_000;

/** How long an inline query can still be answered, in ms. Undocumented as well; about 10 s in practice. */
export const INLINE_QUERY_TTL_MS = 10_000;

/** Webhook delivery: first retry delay after a failed POST, doubled up to the maximum, in ms. Telegram's real backoff is slower; tests need it fast. */
export const WEBHOOK_RETRY_INITIAL_MS = 50;
export const WEBHOOK_RETRY_MAX_MS = 2_000;

/** Webhook delivery: how long one POST may take before it counts as failed, in ms. */
export const WEBHOOK_REQUEST_TIMEOUT_MS = 10_000;

/** Rate limits Telegram applies to message sending (core.telegram.org/bots/faq). */
export const RATE_OVERALL_PER_SECOND = 30;
export const RATE_PER_CHAT_PER_SECOND = 1;
/** Telegram tolerates short bursts in one chat before answering 429; three is a conservative reading. */
export const RATE_PER_CHAT_BURST = 3;
export const RATE_PER_GROUP_PER_MINUTE = 20;
/** Paid broadcasts (allow_paid_broadcast, Bot API 7.11): up to 1000 messages per second overall. */
export const RATE_PAID_OVERALL_PER_SECOND = 1_000;
/** What one message over the free 30 per second costs with allow_paid_broadcast: 0.1 Star, in tenths of a Star. */
export const PAID_BROADCAST_COST_DECI_STARS = 1;
/** Tenths of a Star per Star: the emulator keeps Star amounts as integers of 0.1 Star. */
export const DECI_STARS_PER_STAR = 10;

/** Largest request body accepted, in bytes: Telegram's 50 MB upload limit for bots. */
export const REQUEST_BODY_MAX_BYTES = 50 * 1024 * 1024;

/** Default wait of waitForMessages / waitForCallbackAnswer, in ms. */
export const CONTROL_WAIT_DEFAULT_MS = 5_000;

/** Default retry_after of an injected "flood" fault, in seconds. */
export const FLOOD_FAULT_RETRY_AFTER_DEFAULT_SECONDS = 5;

/** Default delay of an injected "slow" fault, in ms. */
export const SLOW_FAULT_DELAY_DEFAULT_MS = 1_000;
