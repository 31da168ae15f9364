/**
 * A real bot from `createBot`, with a fixed identity and every outgoing Bot API call recorded by an
 * API transformer instead of sent, driven with `bot.handleUpdate` like grammY's own tests do.
 */
import { fileURLToPath } from "node:url";
import type { Update, UserFromGetMe } from "grammy/types";
import { createBot } from "../../src/bot/create-bot.js";
import { createI18n } from "../../src/bot/i18n.js";
import type { ContentLibrary } from "../../src/content/library.js";
import { createLogger } from "../../src/logger.js";

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

export const LOCALES_DIR = fileURLToPath(new URL("../../locales", import.meta.url));

export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
}

/** Answers a call would get from Telegram; `fail` lets a test make one method fail. */
export type Responder = (call: RecordedCall) => { ok: true; result: unknown } | { ok: false; error_code: number; description: string } | undefined;

export function createRecordingBot(library: ContentLibrary, responder?: Responder) {
  const logLines: string[] = [];
  const logger = createLogger({
    level: "debug",
    pretty: false,
    secrets: [],
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const bot = createBot({ token: "42:TEST", botInfo: BOT_INFO, i18n: createI18n(LOCALES_DIR), library: () => library, logger });
  const calls: RecordedCall[] = [];
  let messageId = 100;
  bot.api.config.use(async (_previous, method, payload) => {
    const call = { method, payload: payload as Record<string, unknown> };
    calls.push(call);
    const answer = responder?.(call);
    if (answer !== undefined) return answer as never;
    const result =
      method === "sendMessage"
        ? { message_id: ++messageId, date: 0, chat: { id: call.payload.chat_id, type: "private" }, text: call.payload.text }
        : true;
    return { ok: true, result } as never;
  });
  let updateId = 0;
  /** Handles one update the way @grammyjs/runner does: errors go to the bot's error handler. */
  async function send(update: Omit<Update, "update_id">): Promise<RecordedCall[]> {
    const before = calls.length;
    await bot.handleUpdate({ update_id: ++updateId, ...update } as Update).catch((error) => bot.errorHandler(error));
    return calls.slice(before);
  }
  return { bot, calls, send, logLines };
}

let messageCounter = 0;

/** A text message from a user in a private chat (or a group), with a command entity when it starts with "/". */
export function textUpdate(
  text: string,
  options: { languageCode?: string; chat?: { id: number; type: "private" | "group" | "supergroup"; title?: string }; userId?: number } = {},
): Omit<Update, "update_id"> {
  const userId = options.userId ?? 1001;
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
      ...(command === undefined ? {} : { entities: [{ type: "bot_command", offset: 0, length: command.length }] }),
    },
  } as Omit<Update, "update_id">;
}

/** A press on an inline button under a bot message. */
export function callbackUpdate(data: string, options: { languageCode?: string; userId?: number } = {}): Omit<Update, "update_id"> {
  const userId = options.userId ?? 1001;
  const from = { id: userId, is_bot: false, first_name: "Ann", language_code: options.languageCode ?? "en" };
  return {
    callback_query: {
      id: `cb-${++messageCounter}`,
      from,
      chat_instance: "1",
      data,
      message: { message_id: 1, date: 0, chat: { id: userId, type: "private", first_name: "Ann" }, text: "briefing" },
    },
  } as Omit<Update, "update_id">;
}
