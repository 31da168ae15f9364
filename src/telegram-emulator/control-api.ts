import type { BotCommand, BotCommandScope, Chat, Message, Update, User } from "grammy/types";
import { ApiError, ControlError } from "./api-error.js";
import {
  viewOf,
  type BotMessageEvent,
  type BotMessageView,
  type BotState,
  type CallbackAnswer,
  type InlineAnswer,
  type InlineMessageRecord,
} from "./bot-state.js";
import type { CallLog, CallRecord } from "./call-log.js";
import type { FaultInjector, FaultSpec } from "./faults.js";
import { CONTROL_WAIT_DEFAULT_MS } from "./limits.js";
import type { RateLimitReason } from "./rate-limit.js";
import { deciStarsToStars, starsToDeciStars } from "./star-balance.js";
import { commandsKey, readLanguage, readScope, visibleCommands } from "./methods/commands.js";
import type { ControlHandler } from "./server.js";
import * as actions from "./user-actions.js";
import { createDeferred, withTimeout } from "./waiting.js";
import { readMemberStatus, type MemberStatus, type NewGroup, type NewUser, type World } from "./world.js";

/**
 * The control API: how tests and the sandbox play the users and read back what the bot did.
 * The same functions serve JavaScript callers and the HTTP routes under /_emulator/ (see {@link createControlHandler}).
 */

/** A bot's Star balance as the control API shows it. */
export interface StarBalanceView {
  /** Stars left, with one decimal (0.1 Star is one paid message); null while unlimited, the default. */
  stars: number | null;
  /** Stars spent on paid broadcasts since the emulator started. */
  spentStars: number;
}

/** What the rate limiter counted, for benchmarks; all zero while rate limits are off. */
export interface RateLimitStatsView {
  /** Whether the emulator runs with rate limits (`rateLimit.enabled`). */
  enabled: boolean;
  /** 429 answers of the limiter, in all and by the limit that caused them; injected "flood" faults are not counted. */
  tooManyRequests: Record<RateLimitReason, number> & { total: number };
  /** Messages sent with allow_paid_broadcast: true. */
  paidMessages: number;
  /** Paid messages beyond the free 30 per second, 0.1 Star each. */
  chargedMessages: number;
  /** Stars those cost. */
  starsSpent: number;
}

/** What one bot can be driven with and asked about. */
export interface BotControl {
  /** The bot's id, username and name (not its token). */
  readonly botInfo: { id: number; username: string; first_name: string };
  /** A user writes to the bot (private chat by default, or a group); returns the Message the bot receives. */
  sendText(userId: number, text: string, options?: actions.SendTextOptions): Message;
  /** A user presses a callback button under a bot message; await the answer with {@link waitForCallbackAnswer}. */
  pressButton(chatId: number, messageId: number, callbackData: string, options?: { userId?: number }): { callbackQueryId: string };
  /** A user presses a callback button under a message sent in inline mode. */
  pressInlineButton(inlineMessageId: string, userId: number, callbackData: string): { callbackQueryId: string };
  /** Resolves with the bot's answerCallbackQuery, or rejects after `timeoutMs` (default 5000). */
  waitForCallbackAnswer(callbackQueryId: string, timeoutMs?: number): Promise<CallbackAnswer>;
  /** A user types an inline query; resolves with the bot's answerInlineQuery or rejects on timeout. */
  inlineQuery(userId: number, query: string, options?: actions.InlineQueryOptions): Promise<InlineAnswer>;
  /** A user picks one result of an answered inline query (a chosen_inline_result update). */
  chooseInlineResult(userId: number, resultId: string, query: string, options?: { chatId?: number }): InlineMessageRecord;
  /** The user blocks the bot (my_chat_member member -> kicked); later sends to them fail with 403. */
  blockBot(userId: number): void;
  /** The user unblocks the bot (my_chat_member kicked -> member). */
  unblockBot(userId: number): void;
  /** A group member adds the bot to a group, as a member or straight as an administrator. */
  addBotToGroup(chatId: number, options: { byUserId: number; asAdministrator?: boolean }): void;
  /** A group member makes the bot an administrator. */
  promoteBot(chatId: number, options: { byUserId: number }): void;
  /** A group member removes the bot ("left"), or bans it with `ban: true` ("kicked"). */
  removeBotFromGroup(chatId: number, options: { byUserId: number; ban?: boolean }): void;
  /** Everything the bot sent to a chat, in order, as it looks now (edits applied, deleted ones gone). */
  messages(chatId: number): BotMessageView[];
  /** The whole conversation in a chat, users' messages included, as Message objects. */
  transcript(chatId: number): Message[];
  /** Resolves once the bot has at least `count` messages in the chat; rejects with what it has after `timeoutMs`. */
  waitForMessages(chatId: number, count: number, timeoutMs?: number): Promise<BotMessageView[]>;
  /** Bot API calls this bot made, optionally of one method. */
  calls(method?: string): CallRecord[];
  /** The commands set for exactly this scope and language (as getMyCommands would answer). */
  commands(scope?: BotCommandScope, languageCode?: string): BotCommand[];
  /** The commands a user sees in a chat after Telegram's scope and language fallbacks. */
  visibleCommands(chatId: number, options?: { userId?: number; languageCode?: string }): BotCommand[];
  /** Messages users sent through the bot's inline mode. */
  inlineMessages(): InlineMessageRecord[];
  /** sendChatAction calls into a chat. */
  chatActions(chatId: number): Array<{ action: string; date: number }>;
  /** Updates queued for the bot and not yet confirmed or delivered. */
  pendingUpdates(): Update[];
  /** How often each update (by update_id) was delivered: webhook POSTs, or getUpdates answers that held it. */
  deliveryCounts(): Map<number, number>;
  /** Calls `listener` for every message the bot sends, edits or deletes; returns the unsubscribe function. */
  onBotMessage(listener: (event: BotMessageEvent) => void): () => void;
  /** Sets the bot's Star balance (at most one decimal), or null for unlimited; a paid message it cannot pay answers 400. */
  setStarBalance(stars: number | null): StarBalanceView;
  /** The bot's Star balance and what it spent. */
  starBalance(): StarBalanceView;
  /** 429s answered by reason, paid messages sent and Stars spent. */
  rateLimitStats(): RateLimitStatsView;
}

/** What is shared by all bots: people, groups, faults. */
export interface WorldControl {
  /** Creates a user; the id is chosen when omitted. */
  createUser(user: NewUser): User;
  /** Creates a group or supergroup with members. */
  createGroup(group: NewGroup): Chat.GroupChat | Chat.SupergroupChat;
  /** Changes a user's status in a group; admin bots get chat_member updates if they asked for them. */
  setMemberStatus(chatId: number, userId: number, status: MemberStatus, options?: { byUserId?: number }): void;
  /** Adds a topic to a forum supergroup. */
  createForumTopic(chatId: number, name: string): { messageThreadId: number };
  /** Makes matching Bot API calls fail or stall; see {@link FaultSpec}. */
  injectFault(spec: FaultSpec): { id: string };
  removeFault(id: string): void;
  clearFaults(): void;
}

/** Builds the control of one bot. `lifetime` aborts when the emulator stops, ending every wait. */
export function createBotControl(
  bot: BotState,
  world: World,
  calls: CallLog,
  lifetime: AbortSignal,
): BotControl {
  const untilStopped = <T>(promise: Promise<T>): Promise<T> => {
    if (lifetime.aborted) return Promise.reject(new ControlError("the emulator is stopped"));
    const stopped = createDeferred<never>();
    const onAbort = (): void => stopped.reject(new ControlError("the emulator stopped while waiting"));
    lifetime.addEventListener("abort", onAbort, { once: true });
    return Promise.race([promise, stopped.promise]).finally(() => lifetime.removeEventListener("abort", onAbort));
  };

  const starBalance = (): StarBalanceView => {
    const remaining = bot.stars.remainingDeciStars();
    return { stars: remaining === undefined ? null : deciStarsToStars(remaining), spentStars: deciStarsToStars(bot.stars.spentDeciStars()) };
  };

  const messages = (chatId: number): BotMessageView[] =>
    bot.chatMessages(chatId).filter((stored) => stored.sender === "bot").map(viewOf);

  return {
    botInfo: { id: bot.identity.id, username: bot.identity.username, first_name: bot.identity.first_name },
    sendText: (userId, text, options) => actions.sendText(bot, world, userId, text, options),
    pressButton: (chatId, messageId, callbackData, options) =>
      actions.pressButton(bot, world, chatId, messageId, callbackData, options),
    pressInlineButton: (inlineMessageId, userId, callbackData) =>
      actions.pressInlineButton(bot, world, inlineMessageId, userId, callbackData),
    waitForCallbackAnswer: (callbackQueryId, timeoutMs) =>
      untilStopped(actions.waitForCallbackAnswer(bot, callbackQueryId, timeoutMs)),
    inlineQuery: (userId, query, options) => untilStopped(actions.inlineQuery(bot, world, userId, query, options)),
    chooseInlineResult: (userId, resultId, query, options) =>
      actions.chooseInlineResult(bot, world, userId, resultId, query, options),
    blockBot: (userId) => actions.blockBot(bot, world, userId),
    unblockBot: (userId) => actions.unblockBot(bot, world, userId),
    addBotToGroup: (chatId, options) =>
      actions.setBotStatus(bot, world, chatId, options.asAdministrator ? "administrator" : "member", options.byUserId),
    promoteBot: (chatId, options) => actions.setBotStatus(bot, world, chatId, "administrator", options.byUserId),
    removeBotFromGroup: (chatId, options) =>
      actions.setBotStatus(bot, world, chatId, options.ban ? "kicked" : "left", options.byUserId),
    messages,
    transcript: (chatId) => bot.chatMessages(chatId).map((stored) => stored.message),
    waitForMessages(chatId, count, timeoutMs = CONTROL_WAIT_DEFAULT_MS) {
      const current = messages(chatId);
      if (current.length >= count) return Promise.resolve(current);
      const enough = createDeferred<BotMessageView[]>();
      const unsubscribe = bot.onBotMessage((event) => {
        if (event.chatId !== chatId) return;
        const now = messages(chatId);
        if (now.length >= count) enough.resolve(now);
      });
      const waiting = withTimeout(enough.promise, timeoutMs, () => {
        const got = messages(chatId).map((view) => view.text);
        return `waitForMessages: expected at least ${count} bot message(s) in chat ${chatId} within ${timeoutMs} ms, got ${got.length}: ${JSON.stringify(got)}`;
      });
      return untilStopped(waiting).finally(unsubscribe);
    },
    calls: (method) => calls.list({ botId: bot.identity.id, ...(method === undefined ? {} : { method }) }),
    commands(scope, languageCode) {
      try {
        return bot.commands.get(commandsKey(readScope(world, scope), readLanguage(languageCode))) ?? [];
      } catch (error) {
        throw error instanceof ApiError ? new ControlError(`bad scope or language: ${error.description}`) : error;
      }
    },
    visibleCommands: (chatId, options = {}) =>
      visibleCommands(bot, world, chatId, options.userId ?? (chatId > 0 ? chatId : undefined), options.languageCode ?? ""),
    inlineMessages: () => bot.inlineMessages.slice(),
    chatActions: (chatId) => (bot.chatActions.get(chatId) ?? []).slice(),
    pendingUpdates: () => bot.updates.pending(),
    deliveryCounts: () => bot.updates.deliveryCounts(),
    onBotMessage: (listener) => bot.onBotMessage(listener),
    setStarBalance(stars) {
      const deciStars = stars === null ? undefined : starsToDeciStars(stars);
      if (stars !== null && deciStars === undefined) {
        throw new ControlError(`a Star balance is a number of Stars of at least 0 with at most one decimal, not ${stars}`);
      }
      bot.stars.set(deciStars);
      return starBalance();
    },
    starBalance,
    rateLimitStats() {
      const stats = bot.rateLimiter?.stats() ?? { tooManyRequests: { overall: 0, chat: 0, group: 0 }, paidMessages: 0, chargedMessages: 0 };
      const { overall, chat, group } = stats.tooManyRequests;
      return {
        enabled: bot.rateLimiter !== undefined,
        tooManyRequests: { total: overall + chat + group, overall, chat, group },
        paidMessages: stats.paidMessages,
        chargedMessages: stats.chargedMessages,
        starsSpent: deciStarsToStars(bot.stars.spentDeciStars()),
      };
    },
  };
}

/** Builds the world-level control. */
export function createWorldControl(world: World, bots: readonly BotState[], faults: FaultInjector): WorldControl {
  return {
    createUser: (user) => world.addUser(user),
    createGroup: (group) => ({ ...world.addGroup(group).chat }),
    setMemberStatus: (chatId, userId, status, options = {}) =>
      actions.setMemberStatus(bots, world, chatId, userId, readMemberStatus(status), options.byUserId),
    createForumTopic: (chatId, name) => ({ messageThreadId: world.addTopic(chatId, name) }),
    injectFault: (spec) => faults.add(spec),
    removeFault: (id) => faults.remove(id),
    clearFaults: () => faults.clear(),
  };
}

/** Reads control-route arguments; GET query strings carry numbers as strings, so those are accepted too. */
function argumentReader(args: Record<string, unknown>) {
  const number = (name: string): number => {
    const value = args[name];
    const parsed = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    if (typeof parsed !== "number" || !Number.isFinite(parsed)) throw new ControlError(`"${name}" must be a number`);
    return parsed;
  };
  const string = (name: string): string => {
    const value = args[name];
    if (typeof value !== "string") throw new ControlError(`"${name}" must be a string`);
    return value;
  };
  const optional = <T>(name: string, read: (name: string) => T): T | undefined =>
    args[name] === undefined || args[name] === "" ? undefined : read(name);
  const boolean = (name: string): boolean => args[name] === true || args[name] === "true";
  return { number, string, optional, boolean, raw: args };
}

type Route = (target: { bot: BotControl; world: WorldControl }, args: ReturnType<typeof argumentReader>) => unknown;

/** The /_emulator/<route> table: each route calls the control function of the same name. */
const ROUTES: Record<string, Route> = {
  "create-user": ({ world }, a) => world.createUser(a.raw as unknown as NewUser),
  "create-group": ({ world }, a) => world.createGroup(a.raw as unknown as NewGroup),
  "set-member-status": ({ world }, a) => {
    const byUserId = a.optional("byUserId", a.number);
    world.setMemberStatus(a.number("chatId"), a.number("userId"), readMemberStatus(a.raw.status), byUserId === undefined ? {} : { byUserId });
    return true;
  },
  "create-forum-topic": ({ world }, a) => world.createForumTopic(a.number("chatId"), a.string("name")),
  "inject-fault": ({ world }, a) => world.injectFault(a.raw as unknown as FaultSpec),
  "remove-fault": ({ world }, a) => (world.removeFault(a.string("id")), true),
  "clear-faults": ({ world }) => (world.clearFaults(), true),
  "bot-info": ({ bot }) => bot.botInfo,
  "send-text": ({ bot }, a) => {
    const options: actions.SendTextOptions = {};
    const chatId = a.optional("chatId", a.number);
    const replyToMessageId = a.optional("replyToMessageId", a.number);
    const messageThreadId = a.optional("messageThreadId", a.number);
    if (chatId !== undefined) options.chatId = chatId;
    if (replyToMessageId !== undefined) options.replyToMessageId = replyToMessageId;
    if (messageThreadId !== undefined) options.messageThreadId = messageThreadId;
    return bot.sendText(a.number("userId"), a.string("text"), options);
  },
  "press-button": ({ bot }, a) => {
    const userId = a.optional("userId", a.number);
    return bot.pressButton(a.number("chatId"), a.number("messageId"), a.string("callbackData"), userId === undefined ? {} : { userId });
  },
  "press-inline-button": ({ bot }, a) =>
    bot.pressInlineButton(a.string("inlineMessageId"), a.number("userId"), a.string("callbackData")),
  "wait-for-callback-answer": ({ bot }, a) =>
    bot.waitForCallbackAnswer(a.string("callbackQueryId"), a.optional("timeoutMs", a.number)),
  "inline-query": ({ bot }, a) => {
    const options: actions.InlineQueryOptions = {};
    const offset = a.optional("offset", a.string);
    const chatType = a.optional("chatType", a.string);
    const timeoutMs = a.optional("timeoutMs", a.number);
    if (offset !== undefined) options.offset = offset;
    if (chatType !== undefined) options.chatType = chatType as actions.InlineQueryOptions["chatType"];
    if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
    return bot.inlineQuery(a.number("userId"), a.string("query"), options);
  },
  "choose-inline-result": ({ bot }, a) => {
    const chatId = a.optional("chatId", a.number);
    return bot.chooseInlineResult(a.number("userId"), a.string("resultId"), a.string("query"), chatId === undefined ? {} : { chatId });
  },
  "block-bot": ({ bot }, a) => (bot.blockBot(a.number("userId")), true),
  "unblock-bot": ({ bot }, a) => (bot.unblockBot(a.number("userId")), true),
  "add-bot-to-group": ({ bot }, a) =>
    (bot.addBotToGroup(a.number("chatId"), { byUserId: a.number("byUserId"), asAdministrator: a.boolean("asAdministrator") }), true),
  "promote-bot": ({ bot }, a) => (bot.promoteBot(a.number("chatId"), { byUserId: a.number("byUserId") }), true),
  "remove-bot-from-group": ({ bot }, a) =>
    (bot.removeBotFromGroup(a.number("chatId"), { byUserId: a.number("byUserId"), ban: a.boolean("ban") }), true),
  messages: ({ bot }, a) => bot.messages(a.number("chatId")),
  transcript: ({ bot }, a) => bot.transcript(a.number("chatId")),
  "wait-for-messages": ({ bot }, a) =>
    bot.waitForMessages(a.number("chatId"), a.number("count"), a.optional("timeoutMs", a.number)),
  calls: ({ bot }, a) => bot.calls(a.optional("method", a.string)),
  commands: ({ bot }, a) =>
    bot.commands(a.raw.scope as BotCommandScope | undefined, a.optional("languageCode", a.string)),
  "visible-commands": ({ bot }, a) => {
    const options: { userId?: number; languageCode?: string } = {};
    const userId = a.optional("userId", a.number);
    const languageCode = a.optional("languageCode", a.string);
    if (userId !== undefined) options.userId = userId;
    if (languageCode !== undefined) options.languageCode = languageCode;
    return bot.visibleCommands(a.number("chatId"), options);
  },
  "inline-messages": ({ bot }) => bot.inlineMessages(),
  "chat-actions": ({ bot }, a) => bot.chatActions(a.number("chatId")),
  "pending-updates": ({ bot }) => bot.pendingUpdates(),
  "delivery-counts": ({ bot }) => Object.fromEntries(bot.deliveryCounts()),
  "set-star-balance": ({ bot }, a) => {
    // null (or "unlimited" in a query string) lifts the limit again.
    const unlimited = a.raw.stars === null || a.raw.stars === "unlimited";
    return bot.setStarBalance(unlimited ? null : a.number("stars"));
  },
  "star-balance": ({ bot }) => bot.starBalance(),
  "rate-limit-stats": ({ bot }) => bot.rateLimitStats(),
};

/** The route names, for documentation and tests. */
export const CONTROL_ROUTES: readonly string[] = Object.keys(ROUTES);

/**
 * Serves the control API over HTTP: POST /_emulator/<route> with a JSON object of named arguments
 * (or GET with a query string). `botId` picks a bot other than the first. Answers `{ ok: true, result }`
 * or `{ ok: false, error }` with status 400 for misuse, 404 for an unknown route.
 */
export function createControlHandler(
  botControl: (botId: number | undefined) => BotControl,
  world: WorldControl,
): ControlHandler {
  return {
    async handle(route, args) {
      const handler = ROUTES[route];
      if (!handler) return { status: 404, body: { ok: false, error: `unknown control route "${route}"; routes: ${CONTROL_ROUTES.join(", ")}` } };
      try {
        const reader = argumentReader(args);
        const botId = reader.optional("botId", reader.number);
        const result = await handler({ bot: botControl(botId), world }, reader);
        return { status: 200, body: { ok: true, result: result ?? null } };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { status: 400, body: { ok: false, error: message } };
      }
    },
  };
}
