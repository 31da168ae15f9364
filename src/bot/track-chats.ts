/**
 * Keeps the store's list of chats current: every chat the bot hears from is recorded, the bot
 * being blocked, removed or added back changes its status, and a group that became a supergroup
 * moves to its new id with its subscription.
 */
import type { MiddlewareFn } from "grammy";
import type { ChatMemberUpdated } from "grammy/types";
import type { ChatRepository, ChatStatus } from "../store/index.js";
import type { BotContext } from "./context.js";
import { localeFor } from "./i18n.js";
import { guessTimeZone } from "../subscriptions/time-zones.js";

export function trackChats(chats: ChatRepository): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const chat = ctx.chat;
    const message = ctx.message;
    if (chat !== undefined && message?.migrate_to_chat_id !== undefined) {
      // The old group is gone: moved, not recorded again (that would bring back its defaults).
      await chats.migrate(chat.id, message.migrate_to_chat_id);
    } else if (chat !== undefined) {
      // A new chat starts in the language of whoever the bot hears first (in a private chat, the
      // person); subscribing sets the language and zone again.
      const language = localeFor(ctx.from?.language_code);
      const stored = await chats.upsert({ id: chat.id, type: chat.type, language, timeZone: guessTimeZone(language) });
      if (message?.migrate_from_chat_id !== undefined) {
        // Usually already moved by the old group's message; harmless (false) when so.
        await chats.migrate(message.migrate_from_chat_id, chat.id);
      }
      const status = ctx.myChatMember !== undefined ? statusAfter(ctx.myChatMember) : ctx.hasCommand("start") ? "active" : stored.status;
      if (status !== stored.status) await chats.setStatus(chat.id, status);
    }
    await next();
  };
}

/** The chat's status after the bot's own membership changed. */
export function statusAfter(update: ChatMemberUpdated): ChatStatus {
  const member = update.new_chat_member;
  switch (member.status) {
    case "kicked":
      // In a private chat "kicked" means the person blocked the bot.
      return update.chat.type === "private" ? "blocked" : "left";
    case "left":
      return "left";
    case "restricted":
      return member.is_member ? "active" : "left";
    case "member":
    case "administrator":
    case "creator":
      return "active";
  }
}
