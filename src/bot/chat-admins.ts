/** Who may change a chat's digest or delete its data: in private chats the person, in groups and channels their admins. */
import type { Api, Context } from "grammy";

/** Chat member statuses that administer a chat. */
const ADMIN_STATUSES: ReadonlySet<string> = new Set(["creator", "administrator"]);

/** True when `userId` is the creator or an administrator of `chatId`. API errors propagate. */
export async function isChatAdmin(api: Api, chatId: number, userId: number): Promise<boolean> {
  const member = await api.getChatMember(chatId, userId);
  return ADMIN_STATUSES.has(member.status);
}

/**
 * An anonymous admin writes as the group itself: `sender_chat` is the group, `from` a placeholder
 * bot. A channel post is signed the same way (`sender_chat` is the channel, no `from`), and only
 * the channel's admins can post. Button presses never count: they always come from a real user.
 */
export function isAnonymousAdmin(ctx: Context): boolean {
  const senderChat = (ctx.message ?? ctx.channelPost)?.sender_chat;
  return senderChat !== undefined && senderChat.id === ctx.chat?.id;
}

/** Whether whoever sent this update (a message or a button press) may manage the chat it came from. */
export async function senderManagesChat(ctx: Context): Promise<boolean> {
  if (ctx.chat === undefined) return false;
  if (isAnonymousAdmin(ctx)) return true;
  if (ctx.from === undefined) return false;
  if (ctx.chat.type === "private") return true;
  return isChatAdmin(ctx.api, ctx.chat.id, ctx.from.id);
}

/** True when the bot is an administrator of the channel allowed to post in it. */
export async function botCanPost(api: Api, chatId: number, botId: number): Promise<boolean> {
  const member = await api.getChatMember(chatId, botId);
  return member.status === "creator" || (member.status === "administrator" && member.can_post_messages === true);
}
