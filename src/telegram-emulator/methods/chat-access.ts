/**
 * `methods/`: the emulated Bot API methods, one file per family (updates, messages, queries,
 * chats, commands), registered in `index.ts`.
 *
 * This file: who may write to which chat, and chat ids as the methods read them.
 */
import type { Chat } from "grammy/types";
import { badRequest, ERROR_TEXT, forbidden } from "../api-error.js";
import type { BotState } from "../bot-state.js";
import type { Params } from "../params.js";
import { isPresent, privateChatOf, type GroupRecord, type World } from "../world.js";

/**
 * Which chats a bot may read or write, with the errors Telegram gives when it may not.
 * Shared by every method that takes a chat_id.
 */

/** A chat the bot can address, with its group record when it is a group. */
export interface AccessibleChat {
  chat: Chat.PrivateChat | Chat.GroupChat | Chat.SupergroupChat;
  group?: GroupRecord;
}

/** Reads chat_id (an integer or "@username") and resolves it to a numeric id. */
export function readChatId(world: World, params: Params, name = "chat_id"): number {
  return resolveChatReference(world, params.chatId(name), name);
}

/** Resolves a chat reference: a number, a numeric string, or the "@username" of a public supergroup. */
export function resolveChatReference(world: World, raw: unknown, name = "chat_id"): number {
  if (raw === undefined || raw === null || raw === "") throw badRequest(`${name} is empty`);
  if (typeof raw === "number" && Number.isInteger(raw)) return raw;
  if (typeof raw !== "string") throw badRequest(ERROR_TEXT.chatNotFound);
  const trimmed = raw.trim();
  if (!trimmed.startsWith("@")) {
    const numeric = Number(trimmed);
    if (Number.isInteger(numeric)) return numeric;
    throw badRequest(ERROR_TEXT.chatNotFound);
  }
  const group = world.groupByUsername(trimmed);
  if (!group) throw badRequest(ERROR_TEXT.chatNotFound);
  return group.chat.id;
}

const groupWord = (group: GroupRecord): string => (group.chat.type === "group" ? "group chat" : "supergroup chat");

/**
 * A chat the bot may send to. Private chats need the user to have started the bot and not blocked it;
 * groups need the bot to be a member.
 */
export function writableChat(bot: BotState, world: World, chatId: number): AccessibleChat {
  const accessible = readableChat(bot, world, chatId);
  if (accessible.chat.type === "private" && bot.privateChats.get(chatId) === "kicked") {
    throw forbidden(ERROR_TEXT.blockedByUser);
  }
  return accessible;
}

/** A chat the bot may read (getChat, getChatMember): known to it, even if the user blocked it. */
export function readableChat(bot: BotState, world: World, chatId: number): AccessibleChat {
  if (chatId > 0) {
    const user = world.user(chatId);
    if (!user || user.is_bot) throw badRequest(ERROR_TEXT.chatNotFound);
    if (!bot.privateChats.has(chatId)) throw forbidden(ERROR_TEXT.cantInitiateConversation);
    return { chat: privateChatOf(user) };
  }
  const group = world.group(chatId);
  const status = group?.members.get(bot.identity.id);
  // A bot never added to a group does not know the chat exists.
  if (!group || status === undefined) throw badRequest(ERROR_TEXT.chatNotFound);
  if (status === "kicked") throw forbidden(`bot was kicked from the ${groupWord(group)}`);
  if (!isPresent(status)) throw forbidden(`bot is not a member of the ${groupWord(group)}`);
  return { chat: group.chat, group };
}
