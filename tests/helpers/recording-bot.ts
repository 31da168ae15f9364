/**
 * A real bot from `createBot`, with a fixed identity, driven with `bot.handleUpdate` like grammY's
 * own tests do. Every outgoing Bot API call is recorded and answered at the HTTP client (`fetch`),
 * not by a transformer on `bot.api`: calls made inside conversations use their own `Api` objects,
 * which keep the client options but not the transformers.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ApiClientOptions } from "grammy";
import { onTestFinished } from "vitest";
import type { Update, UserFromGetMe } from "grammy/types";
import { createBot, type FloodCounter } from "../../src/bot/create-bot.js";
import { createI18n } from "../../src/bot/i18n.js";
import type { ContentLibrary } from "../../src/content/library.js";
import { createDeliverer } from "../../src/digest/deliver.js";
import { createScheduler } from "../../src/digest/scheduler.js";
import { createLogger } from "../../src/logger.js";
import { createStore, type Store } from "../../src/store/index.js";

export const BOT_INFO: UserFromGetMe = {
  id: 42,
  is_bot: true,
  first_name: "Briefing",
  username: "briefing_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

export { LOCALES_DIR } from "../../src/bot/i18n.js";

export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
  /** What the call returned, when it succeeded (e.g. the sent message with its id). */
  result?: unknown;
}

type ApiAnswer = { ok: true; result: unknown } | { ok: false; error_code: number; description: string };

/** Answers a call would get from Telegram; undefined leaves the call to the default answer. */
export type Responder = (call: RecordedCall) => ApiAnswer | undefined;

export interface RecordingBotOptions {
  responder?: Responder;
  /**
   * A store the test opened itself, e.g. one kept across two bots (a restart). Without it the bot
   * gets a SQLite file of its own in a temp folder, removed when the test ends.
   */
  store?: Store;
  /** The bot's clock for digest schedules. */
  now?: () => number;
  /** Operators and what /reload does. */
  admin?: { adminIds: readonly number[]; reload: () => Promise<ContentLibrary> };
  /** A shared flood counter (Redis); in-process counting when absent. */
  floodCounter?: FloodCounter;
}

/** Message ids unique across every bot of a test file, as one Telegram server would hand them out. */
let lastMessageId = 100;

/** What Telegram would answer when the test did not say otherwise. */
function defaultAnswer(call: RecordedCall): ApiAnswer {
  const chatId = call.payload.chat_id;
  switch (call.method) {
    case "sendMessage":
      return {
        ok: true,
        result: {
          message_id: ++lastMessageId,
          date: 0,
          chat: { id: chatId, type: typeof chatId === "number" && chatId < 0 ? "supergroup" : "private" },
          text: call.payload.text,
          ...(call.payload.message_thread_id === undefined
            ? {}
            : { message_thread_id: call.payload.message_thread_id, is_topic_message: true }),
        },
      };
    case "getChatMember":
      return { ok: true, result: { status: "member", user: { id: call.payload.user_id, is_bot: false, first_name: "Member" } } };
    case "getChat":
      return { ok: false, error_code: 400, description: "Bad Request: chat not found" };
    default:
      return { ok: true, result: true };
  }
}

const TOKEN = "42:TEST";
/** Pacing off: the tests count messages, not seconds. */
const UNPACED = { overallPerSecond: 100_000, privateChatPerSecond: 100_000, groupPerMinute: 6_000_000 };

/** A migrated SQLite store in a fresh temp folder, closed and deleted when the current test finishes. */
function ownTempStore(): { store: Store; ready: Promise<void> } {
  const folder = mkdtempSync(join(tmpdir(), "briefing-bot-"));
  const store = createStore({ databasePath: join(folder, "bot.sqlite") });
  onTestFinished(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });
  return { store, ready: store.migrate().then(() => undefined) };
}

/** Builds the bot inside a test (its own store's cleanup is registered on that test). */
export function createRecordingBot(library: ContentLibrary, options: RecordingBotOptions = {}) {
  const { store, ready } = options.store === undefined ? ownTempStore() : { store: options.store, ready: Promise.resolve() };
  const logLines: string[] = [];
  const logger = createLogger({
    level: "debug",
    pretty: false,
    secrets: [],
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const calls: RecordedCall[] = [];
  const fakeFetch = async (url: unknown, init?: { body?: unknown }) => {
    const method = String(url).slice(String(url).lastIndexOf("/") + 1);
    const payload = typeof init?.body === "string" ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    const call: RecordedCall = { method, payload };
    calls.push(call);
    const answer = options.responder?.(call) ?? defaultAnswer(call);
    if (answer.ok) call.result = answer.result;
    return { json: async () => answer };
  };
  const fetch = fakeFetch as unknown as NonNullable<ApiClientOptions["fetch"]>;
  const i18n = createI18n();
  // The real scheduler for /digest, its messages recorded like every other call; no cron, fast pacing.
  const digest = createScheduler({
    store,
    library: () => library,
    deliverer: createDeliverer({ token: TOKEN, client: { fetch }, limits: UNPACED, logger }),
    translate: (locale, key, variables) => i18n.t(locale, key, variables),
    instanceId: "test",
    logger,
    cron: false,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const bot = createBot({
    token: TOKEN,
    botInfo: BOT_INFO,
    fetch,
    i18n,
    library: () => library,
    logger,
    store,
    digest,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.admin === undefined ? {} : { admin: options.admin }),
    ...(options.floodCounter === undefined ? {} : { floodCounter: options.floodCounter }),
  });
  let updateId = 0;
  /** Handles one update the way the app's inbox does: errors go to the bot's error handler. */
  async function send(update: Omit<Update, "update_id">): Promise<RecordedCall[]> {
    await ready;
    const before = calls.length;
    await bot.handleUpdate({ update_id: ++updateId, ...update } as Update).catch((error) => bot.errorHandler(error));
    return calls.slice(before);
  }
  return { bot, calls, send, logLines, store };
}

let messageCounter = 0;

/** A chat an update can come from. */
export interface TestChat {
  id: number;
  type: "private" | "group" | "supergroup";
  title?: string;
  is_forum?: boolean;
}

/** A text message from a user in a private chat (or a group), with a command entity when it starts with "/". */
export function textUpdate(
  text: string,
  options: {
    languageCode?: string;
    chat?: TestChat;
    userId?: number;
    /** A forum topic of the group the message is in. */
    threadId?: number;
    /** Sent by an anonymous admin: as the group itself. */
    anonymousAdmin?: boolean;
  } = {},
): Omit<Update, "update_id"> {
  const userId = options.anonymousAdmin === true ? ANONYMOUS_ADMIN_BOT_ID : (options.userId ?? 1001);
  const from = { id: userId, is_bot: false, first_name: "Ann <Test>", language_code: options.languageCode ?? "en" };
  const chat = options.chat ?? { id: userId, type: "private" as const, first_name: "Ann" };
  const command = /^\/\S+/.exec(text)?.[0];
  return {
    message: {
      message_id: ++messageCounter,
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      text,
      ...(options.anonymousAdmin === true ? { sender_chat: chat } : {}),
      ...(options.threadId === undefined ? {} : { message_thread_id: options.threadId, is_topic_message: true }),
      ...(command === undefined ? {} : { entities: [{ type: "bot_command", offset: 0, length: command.length }] }),
    },
  } as Omit<Update, "update_id">;
}

/** Telegram's placeholder user for messages of anonymous group admins (@GroupAnonymousBot). */
export const ANONYMOUS_ADMIN_BOT_ID = 1087968824;

/** A press on an inline button under a bot message (message 1 in the user's private chat unless told). */
export function callbackUpdate(
  data: string,
  options: { languageCode?: string; userId?: number; chat?: TestChat; messageId?: number; threadId?: number } = {},
): Omit<Update, "update_id"> {
  const userId = options.userId ?? 1001;
  const from = { id: userId, is_bot: false, first_name: "Ann", language_code: options.languageCode ?? "en" };
  const chat = options.chat ?? { id: userId, type: "private", first_name: "Ann" };
  return {
    callback_query: {
      id: `cb-${++messageCounter}`,
      from,
      chat_instance: "1",
      data,
      message: {
        message_id: options.messageId ?? 1,
        date: 0,
        chat,
        text: "briefing",
        ...(options.threadId === undefined ? {} : { message_thread_id: options.threadId, is_topic_message: true }),
      },
    },
  } as Omit<Update, "update_id">;
}

/** The bot's own membership in a chat changed: blocked, unblocked, added to or removed from a group. */
export function myChatMemberUpdate(
  status: "member" | "kicked" | "left" | "administrator",
  options: { chat?: TestChat; userId?: number; languageCode?: string } = {},
): Omit<Update, "update_id"> {
  const userId = options.userId ?? 1001;
  const from = { id: userId, is_bot: false, first_name: "Ann", language_code: options.languageCode ?? "en" };
  const chat = options.chat ?? { id: userId, type: "private", first_name: "Ann" };
  const bot = { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_INFO.username };
  const member = (memberStatus: string) =>
    memberStatus === "kicked" ? { status: memberStatus, user: bot, until_date: 0 } : { status: memberStatus, user: bot };
  const old = status === "member" || status === "administrator" ? "left" : "member";
  return {
    my_chat_member: { chat, from, date: 0, old_chat_member: member(old), new_chat_member: member(status) },
  } as Omit<Update, "update_id">;
}

/** A service message in a group: it became the supergroup `newId`. */
export function migrateUpdate(chat: TestChat, newId: number): Omit<Update, "update_id"> {
  return {
    message: {
      message_id: ++messageCounter,
      date: 0,
      chat,
      from: { id: 1001, is_bot: false, first_name: "Ann" },
      migrate_to_chat_id: newId,
    },
  } as Omit<Update, "update_id">;
}

/** An inline keyboard button as the bot sends it. */
export interface Button {
  text: string;
  callback_data?: string;
  switch_inline_query?: string;
}

/** The inline keyboard buttons of a sent message, row by row, flattened. */
export function buttons(call: RecordedCall | undefined): Button[] {
  const markup = call?.payload.reply_markup as { inline_keyboard?: Button[][] } | undefined;
  return markup?.inline_keyboard?.flat() ?? [];
}

/** The sendMessage calls among `calls`. */
export function sent(calls: RecordedCall[]): RecordedCall[] {
  return calls.filter((call) => call.method === "sendMessage");
}

/** The texts of the messages sent among `calls`. */
export function texts(calls: RecordedCall[]): string[] {
  return sent(calls).map((call) => String(call.payload.text));
}
