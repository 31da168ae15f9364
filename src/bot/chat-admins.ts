/** Who may change a chat's digest: in private chats the person, in groups and channels their admins. */
import type { Api, Context } from "grammy";

/** Chat member statuses that administer a chat. */
const ADMIN_STATUSES: ReadonlySet<string> = new Set(["creator", "administrator"]);

/** True when `userId` is the creator or an administrator of `chatId`. API errors propagate. */
export async function isChatAdmin(api: Api, chatId: number, userId: number): Promise<boolean> {
  const member = await api.getChatMember(chatId, userId);
  return ADMIN_STATUSES.has(member.status);
}

/** An anonymous admin writes as the group itself: `sender_chat` is the group, `from` a placeholder bot. */
export function isAnonymousAdmin(ctx: Context): boolean {
  const senderChat = ctx.message?.sender_chat;
  return senderChat !== undefined && senderChat.id === ctx.chat?.id;
}

/** Whether whoever sent this update may manage the digest of the chat it came from. */
export async function senderManagesChat(ctx: Context): Promise<boolean> {
  if (ctx.chat === undefined || ctx.from === undefined) return false;
  if (ctx.chat.type === "private") return true;
  if (isAnonymousAdmin(ctx)) return true;
  return isChatAdmin(ctx.api, ctx.chat.id, ctx.from.id);
}

/** True when the bot is an administrator of the channel allowed to post in it. */
export async function botCanPost(api: Api, chatId: number, botId: number): Promise<boolean> {
  const member = await api.getChatMember(chatId, botId);
  return member.status === "creator" || (member.status === "administrator" && member.can_post_messages === true);
}
