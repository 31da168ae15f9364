/**
 * Who may manage which chat's digest (and, for /forget, its data): in private chats the person, in
 * groups and channels their admins. A channel is managed from a private chat, checked with Telegram.
 */
import { GrammyError, type Api, type Context } from "grammy";
import { escapeHtml } from "../../format/html.js";
import type { ChatType } from "../../store/index.js";
import { CHANNEL_REFERENCE, type SubscriptionService } from "../../subscriptions/index.js";
import type { BotContext } from "../context.js";
import { localeFor } from "../i18n.js";

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
async function botCanPost(api: Api, chatId: number, botId: number): Promise<boolean> {
  const member = await api.getChatMember(chatId, botId);
  return member.status === "creator" || (member.status === "administrator" && member.can_post_messages === true);
}

/** A Telegram refusal (chat not found, not a member) reads as "no"; anything else is a real failure. */
export function ignoreTelegramError(error: unknown): undefined {
  if (error instanceof GrammyError) return undefined;
  throw error;
}

/** The chat whose digest a command or button manages, once the sender may manage it. */
export interface Target {
  chatId: number;
  chatType: ChatType;
  /** Set for a channel managed from a private chat: how to name it ("@news" or its title). */
  channel?: string;
  /** The forum topic the command came from, or null. */
  messageThreadId: number | null;
}

/** How a refusal reaches the person: a reply to a command, an alert for a button. */
export type Refuse = (text: string) => Promise<unknown>;

/**
 * The chat to manage: a channel named in the arguments (private chats only, checked with
 * Telegram), or this chat, whose sender must be an admin in groups unless `viewOnly`.
 */
export async function resolveTarget(
  ctx: BotContext,
  subscriptions: SubscriptionService,
  request: { channel?: string; refuse: Refuse; viewOnly?: boolean },
): Promise<Target | undefined> {
  const { chat, from } = ctx;
  const { channel, refuse } = request;
  if (chat === undefined || from === undefined) return undefined;
  if (channel !== undefined && chat.type !== "private") {
    await refuse(ctx.t("subscriptions-channel-private-only"));
    return undefined;
  }
  if (channel !== undefined) return resolveChannel(ctx, subscriptions, channel, refuse);
  const target: Target = { chatId: chat.id, chatType: chat.type, messageThreadId: forumTopicOf(ctx) };
  if (chat.type === "private" || request.viewOnly === true || (await senderManagesChat(ctx))) return target;
  await refuse(ctx.t("subscriptions-admins-only"));
  return undefined;
}

/** A channel the person administers and the bot can post in; recorded on the way. */
async function resolveChannel(ctx: BotContext, subscriptions: SubscriptionService, reference: string, refuse: Refuse): Promise<Target | undefined> {
  const userId = ctx.from?.id ?? 0;
  const channel = await ctx.api.getChat(/^-\d+$/u.test(reference) ? Number(reference) : reference).catch(ignoreTelegramError);
  if (channel === undefined || channel.type !== "channel") {
    await refuse(ctx.t("subscriptions-channel-not-found", { channel: escapeHtml(reference) }));
    return undefined;
  }
  const label = channel.username === undefined ? channel.title : `@${channel.username}`;
  if ((await isChatAdmin(ctx.api, channel.id, userId).catch(ignoreTelegramError)) !== true) {
    await refuse(ctx.t("subscriptions-channel-not-admin", { channel: escapeHtml(label) }));
    return undefined;
  }
  if ((await botCanPost(ctx.api, channel.id, ctx.me.id).catch(ignoreTelegramError)) !== true) {
    await refuse(ctx.t("subscriptions-channel-cannot-post", { channel: escapeHtml(label) }));
    return undefined;
  }
  await subscriptions.recordChannel(channel.id, localeFor(ctx.from?.language_code));
  return { chatId: channel.id, chatType: "channel", channel: label, messageThreadId: null };
}

/**
 * The target of a settings button: this chat (undefined), or a channel's `-100…` id, which only a
 * private chat manages. Null for a button that cannot be right: another group's id (a group since
 * moved to a supergroup), a private chat's, or a channel's outside a private chat.
 */
export function channelOfButton(ctx: BotContext, chatId: number): string | undefined | null {
  if (chatId === ctx.chat?.id) return undefined;
  const reference = String(chatId);
  return ctx.chat?.type === "private" && CHANNEL_REFERENCE.test(reference) ? reference : null;
}

/**
 * The forum topic a command or button came from, or null for the main thread. Telegram's thread ids
 * are positive; anything else (a malformed or forged update) means the main thread, never a stored
 * id no message can be sent to.
 */
function forumTopicOf(ctx: BotContext): number | null {
  const thread = ctx.msg?.is_topic_message === true ? ctx.msg.message_thread_id : undefined;
  return typeof thread === "number" && Number.isSafeInteger(thread) && thread > 0 ? thread : null;
}
