/**
 * The project's local Telegram Bot API: the real bot talks to it over HTTP, tests and the
 * terminal sandbox play the users through its control API. See createEmulator.
 */
export {
  BOT_TOKEN_PATTERN,
  createEmulator,
  DEFAULT_BOT,
  type EmulatedBotOptions,
  type Emulator,
  type EmulatorOptions,
} from "./emulator.js";
export {
  CONTROL_ROUTES,
  type BotControl,
  type RateLimitStatsView,
  type StarBalanceView,
  type WorldControl,
} from "./control-api.js";
export type {
  BotIdentity,
  BotMessageEvent,
  BotMessageView,
  CallbackAnswer,
  InlineAnswer,
  InlineMessageContentView,
  InlineMessageRecord,
} from "./bot-state.js";
export type { CallRecord } from "./call-log.js";
export type { FaultKind, FaultSpec } from "./faults.js";
export type { RateLimitOptions, RateLimitReason } from "./rate-limit.js";
export type { WebhookTimings } from "./update-queue.js";
export type { InlineQueryOptions, SendTextOptions } from "./user-actions.js";
export type { MemberStatus, NewGroup, NewUser } from "./world.js";
export { ControlError } from "./api-error.js";
export { parseTelegramHtml, renderTelegramHtml, HtmlParseError, type ParsedText } from "./html-entities.js";
