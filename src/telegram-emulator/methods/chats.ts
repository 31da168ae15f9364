import type { AcceptedGiftTypes, ChatFullInfo } from "grammy/types";
import { badRequest } from "../api-error.js";
import { chatMemberOf, chatMemberUpdated, isAdministrator, isPresent } from "../world.js";
import { readChatId, readableChat } from "./chat-access.js";
import type { MethodHandler } from "./types.js";

// Fields ChatFullInfo requires that the emulator has no opinion about; these are Telegram's defaults.
const NO_GIFTS: AcceptedGiftTypes = {
  unlimited_gifts: false,
  limited_gifts: false,
  unique_gifts: false,
  premium_subscription: false,
  gifts_from_channels: false,
};
const DEFAULT_ACCENT_COLOR_ID = 0;
const DEFAULT_MAX_REACTION_COUNT = 11;

const getMe: MethodHandler = ({ bot }) => bot.me;

const getChat: MethodHandler = ({ bot, world, params }) => {
  const { chat } = readableChat(bot, world, readChatId(world, params));
  const info = {
    ...chat,
    accent_color_id: DEFAULT_ACCENT_COLOR_ID,
    max_reaction_count: DEFAULT_MAX_REACTION_COUNT,
    accepted_gift_types: NO_GIFTS,
  };
  return info as ChatFullInfo;
};

const getChatMember: MethodHandler = ({ bot, world, params }) => {
  const chatId = readChatId(world, params);
  const { group } = readableChat(bot, world, chatId);
  const userId = params.integer("user_id");
  const user = userId === undefined ? undefined : world.user(userId);
  if (!user) throw badRequest("user not found");
  if (!group) {
    // In a private chat only the two participants exist.
    if (user.id !== chatId && user.id !== bot.identity.id) throw badRequest("user not found");
    return chatMemberOf(user, bot.privateChats.get(chatId) === "kicked" && user.id === bot.identity.id ? "kicked" : "member");
  }
  return chatMemberOf(user, group.members.get(user.id) ?? "left");
};

const getChatAdministrators: MethodHandler = ({ bot, world, params }) => {
  const { group } = readableChat(bot, world, readChatId(world, params));
  if (!group) throw badRequest("there are no administrators in the private chat");
  return [...group.members].flatMap(([userId, status]) => {
    const user = world.user(userId);
    return user && isAdministrator(status) ? [chatMemberOf(user, status)] : [];
  });
};

const getChatMemberCount: MethodHandler = ({ bot, world, params }) => {
  const { group } = readableChat(bot, world, readChatId(world, params));
  if (!group) return 2;
  return [...group.members.values()].filter(isPresent).length;
};

const leaveChat: MethodHandler = ({ bot, world, params }) => {
  const chatId = readChatId(world, params);
  const { group } = readableChat(bot, world, chatId);
  if (!group) throw badRequest("chat member status can't be changed in private chats");
  const oldStatus = group.members.get(bot.identity.id) ?? "left";
  group.members.set(bot.identity.id, "left");
  bot.updates.push({ my_chat_member: chatMemberUpdated(group.chat, bot.user, bot.user, oldStatus, "left") });
  return true;
};

/** Reading chats and members, and leaving groups. */
export const chatMethods: Record<string, MethodHandler> = {
  getMe,
  getChat,
  getChatMember,
  getChatAdministrators,
  getChatMemberCount,
  leaveChat,
};
