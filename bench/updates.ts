/**
 * Updates as Telegram sends them, for the benchmarks. No imports beyond types, so the load
 * generator's process stays small.
 */
import type { Update } from "grammy/types";

/** Simulated users get ids from here on (the emulator's own first user id, so both agree). */
export const FIRST_USER_ID = 1_000_001;

/** Even user ids write in Russian, odd ones in English: both locales get exercised. */
export function languageOf(userId: number): "ru" | "en" {
  return userId % 2 === 0 ? "ru" : "en";
}

/** A bot command typed by a user in their private chat, with its bot_command entity. */
export function commandUpdate(updateId: number, userId: number, command: string): Update {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: `User ${userId}` },
      from: { id: userId, is_bot: false, first_name: `User ${userId}`, language_code: languageOf(userId) },
      text: `/${command}`,
      entities: [{ type: "bot_command", offset: 0, length: command.length + 1 }],
    },
  };
}

/** An inline query (`@bot <query>`) from a user. */
export function inlineQueryUpdate(updateId: number, userId: number, query: string): Update {
  return {
    update_id: updateId,
    inline_query: {
      id: `bench-${updateId}`,
      from: { id: userId, is_bot: false, first_name: `User ${userId}`, language_code: languageOf(userId) },
      query,
      offset: "",
    },
  };
}
