import type { CallbackQuery, Chat, ChosenInlineResult, InlineQuery, Message, Update, User } from "grammy/types";
import { ControlError } from "./api-error.js";
import {
  inlineAnswerKey,
  type BotState,
  type CallbackAnswer,
  type InlineAnswer,
  type InlineMessageRecord,
  type StoredMessage,
} from "./bot-state.js";
import { CONTROL_WAIT_DEFAULT_MS, INLINE_QUERY_TTL_MS, INLINE_QUERY_MAX_CHARACTERS } from "./limits.js";
import { detectUserEntities } from "./message-text.js";
import { unixTime } from "./unix-time.js";
import { createDeferred, withTimeout } from "./waiting.js";
import {
  chatMemberUpdated,
  isAdministrator,
  isPresent,
  privateChatOf,
  type GroupRecord,
  type MemberStatus,
  type World,
} from "./world.js";

/**
 * What simulated users do to a bot: write, press buttons, use inline mode, block it,
 * add it to groups. Each action creates the update Telegram would send the bot.
 */

/** Options of {@link sendText}. */
export interface SendTextOptions {
  /** The chat to write in: the user's private chat with the bot (default) or a group id. */
  chatId?: number;
  replyToMessageId?: number;
  /** A forum topic of the group. */
  messageThreadId?: number;
}

/** Options of {@link inlineQuery}. */
export interface InlineQueryOptions {
  offset?: string;
  /** Where the user typed the query; Telegram's InlineQuery.chat_type. */
  chatType?: InlineQuery["chat_type"];
  /** How long to wait for answerInlineQuery, in ms. Default: Telegram's ~10 s window. */
  timeoutMs?: number;
}


const asUpdateMessage = (message: Message): NonNullable<Update["message"]> => message as NonNullable<Update["message"]>;

function requireMember(group: GroupRecord, user: User): void {
  if (!isPresent(group.members.get(user.id))) {
    throw new ControlError(`user ${user.id} is not a member of group ${group.chat.id}; add them with setMemberStatus`);
  }
}

/** In privacy mode a bot sees commands meant for it, mentions and replies to its messages; admins see everything. */
function botSeesGroupMessage(bot: BotState, group: GroupRecord, text: string, replyTo: StoredMessage | undefined): boolean {
  if (bot.identity.canReadAllGroupMessages || isAdministrator(group.members.get(bot.identity.id))) return true;
  if (replyTo?.sender === "bot") return true;
  const username = bot.identity.username.toLowerCase();
  if (text.toLowerCase().includes(`@${username}`)) return true;
  const command = detectUserEntities(text)[0];
  if (command?.offset !== 0) return false;
  const addressee = text.slice(0, command.length).split("@")[1];
  return addressee === undefined || addressee.toLowerCase() === username;
}

/** A user writes text; returns the message as the bot receives it. */
export function sendText(bot: BotState, world: World, userId: number, text: string, options: SendTextOptions = {}): Message {
  const user = world.requireUser(userId);
  if (typeof text !== "string" || text === "") throw new ControlError("sendText needs non-empty text");
  const chatId = options.chatId ?? userId;
  let chat: Chat;
  let group: GroupRecord | undefined;
  if (chatId > 0) {
    if (chatId !== userId) throw new ControlError(`user ${userId} can only write to the bot in their own private chat (${userId}) or in a group`);
    // Writing to a bot starts it; writing to a blocked bot restarts it, as the Restart button does.
    if (bot.privateChats.get(userId) === "kicked") unblockBot(bot, world, userId);
    bot.privateChats.set(userId, "member");
    chat = privateChatOf(user);
  } else {
    group = world.requireGroup(chatId);
    requireMember(group, user);
    if (!isPresent(group.members.get(bot.identity.id))) {
      throw new ControlError(`bot ${bot.identity.username} is not in group ${chatId}; use addBotToGroup first`);
    }
    chat = group.chat;
  }

  let replyTo: StoredMessage | undefined;
  if (options.replyToMessageId !== undefined) {
    replyTo = bot.findMessage(chatId, options.replyToMessageId);
    if (!replyTo) throw new ControlError(`no message ${options.replyToMessageId} in chat ${chatId} to reply to`);
  }
  const threadId = options.messageThreadId;
  if (threadId !== undefined && threadId !== 1 && !group?.topics.has(threadId)) {
    throw new ControlError(`chat ${chatId} has no forum topic ${threadId}`);
  }

  const entities = detectUserEntities(text);
  const stored = bot.appendMessage(chatId, "user", (messageId) => {
    const message: Message = { message_id: messageId, from: user, chat, date: unixTime(), text };
    if (entities.length > 0) message.entities = entities;
    if (threadId !== undefined) {
      message.message_thread_id = threadId;
      message.is_topic_message = true;
    }
    if (replyTo) {
      const { reply_to_message: _nested, ...target } = replyTo.message;
      message.reply_to_message = target as NonNullable<Message["reply_to_message"]>;
    }
    return message;
  });
  if (!group || botSeesGroupMessage(bot, group, text, replyTo)) bot.updates.push({ message: asUpdateMessage(stored.message) });
  return stored.message;
}

function queueCallbackQuery(bot: BotState, query: CallbackQuery): { callbackQueryId: string } {
  bot.callbackQueries.set(query.id, { query, createdAt: Date.now(), answered: createDeferred<CallbackAnswer>() });
  if (!bot.updates.push({ callback_query: query })) {
    throw new ControlError("the bot's allowed_updates exclude callback_query, so it would never see the press");
  }
  return { callbackQueryId: query.id };
}

const callbackDataOf = (buttons: ReadonlyArray<ReadonlyArray<object>> | undefined): string[] =>
  (buttons ?? []).flat().flatMap((button) => ("callback_data" in button ? [String(button.callback_data)] : []));

/** A user presses an inline button with callback_data under a bot message. */
export function pressButton(
  bot: BotState,
  world: World,
  chatId: number,
  messageId: number,
  callbackData: string,
  options: { userId?: number } = {},
): { callbackQueryId: string } {
  const stored = bot.findMessage(chatId, messageId);
  if (!stored || stored.sender !== "bot") throw new ControlError(`no bot message ${messageId} in chat ${chatId}`);
  const available = callbackDataOf(stored.message.reply_markup?.inline_keyboard);
  if (!available.includes(callbackData)) {
    throw new ControlError(
      `message ${messageId} in chat ${chatId} has no button with callback_data ${JSON.stringify(callbackData)}; it has ${JSON.stringify(available)}`,
    );
  }
  if (options.userId === undefined && chatId < 0) throw new ControlError("pressing a button in a group needs the userId of who presses");
  const user = world.requireUser(options.userId ?? chatId);
  const group = chatId < 0 ? world.requireGroup(chatId) : undefined;
  if (group) requireMember(group, user);
  return queueCallbackQuery(bot, {
    id: bot.nextQueryId(),
    from: user,
    message: stored.message,
    // One value per chat, as Telegram's chat_instance is; games use it for high scores.
    chat_instance: `${bot.identity.id}${Math.abs(chatId)}`,
    data: callbackData,
  });
}

/** A user presses a callback button under a message sent in inline mode. */
export function pressInlineButton(
  bot: BotState,
  world: World,
  inlineMessageId: string,
  userId: number,
  callbackData: string,
): { callbackQueryId: string } {
  const record = bot.inlineMessages.find((candidate) => candidate.inlineMessageId === inlineMessageId);
  if (!record) throw new ControlError(`no inline message ${inlineMessageId}`);
  const available = callbackDataOf(record.replyMarkup?.inline_keyboard);
  if (!available.includes(callbackData)) {
    throw new ControlError(`inline message ${inlineMessageId} has no button with callback_data ${JSON.stringify(callbackData)}`);
  }
  return queueCallbackQuery(bot, {
    id: bot.nextQueryId(),
    from: world.requireUser(userId),
    inline_message_id: inlineMessageId,
    chat_instance: `${bot.identity.id}-inline`,
    data: callbackData,
  });
}

/** Waits for the bot's answerCallbackQuery to a press. */
export async function waitForCallbackAnswer(
  bot: BotState,
  callbackQueryId: string,
  timeoutMs = CONTROL_WAIT_DEFAULT_MS,
): Promise<CallbackAnswer> {
  const pending = bot.callbackQueries.get(callbackQueryId);
  if (!pending) throw new ControlError(`no callback query ${callbackQueryId}`);
  if (pending.answer) return pending.answer;
  return withTimeout(
    pending.answered.promise,
    timeoutMs,
    () => `the bot did not answer callback query ${callbackQueryId} (data ${JSON.stringify(pending.query.data)}) within ${timeoutMs} ms`,
  );
}

/** A user types an inline query; resolves with the bot's answerInlineQuery. */
export async function inlineQuery(
  bot: BotState,
  world: World,
  userId: number,
  query: string,
  options: InlineQueryOptions = {},
): Promise<InlineAnswer> {
  const user = world.requireUser(userId);
  if (typeof query !== "string" || [...query].length > INLINE_QUERY_MAX_CHARACTERS) {
    throw new ControlError(`an inline query is a string of at most ${INLINE_QUERY_MAX_CHARACTERS} characters`);
  }
  const inline: InlineQuery = { id: bot.nextQueryId(), from: user, query, offset: options.offset ?? "" };
  if (options.chatType !== undefined) inline.chat_type = options.chatType;
  const answered = createDeferred<InlineAnswer>();
  bot.inlineQueries.set(inline.id, { query: inline, createdAt: Date.now(), answered });
  if (!bot.updates.push({ inline_query: inline })) {
    throw new ControlError("the bot's allowed_updates exclude inline_query, so it would never see the query");
  }
  const timeoutMs = options.timeoutMs ?? INLINE_QUERY_TTL_MS;
  return withTimeout(
    answered.promise,
    timeoutMs,
    () => `the bot did not answer inline query ${JSON.stringify(query)} from user ${userId} within ${timeoutMs} ms`,
  );
}

/** A user picks a result of an answered inline query, which sends it "via @bot" into some chat. */
export function chooseInlineResult(
  bot: BotState,
  world: World,
  userId: number,
  resultId: string,
  query: string,
  options: { chatId?: number } = {},
): InlineMessageRecord {
  const user = world.requireUser(userId);
  const answer = bot.inlineAnswers.get(inlineAnswerKey(userId, query));
  if (!answer) throw new ControlError(`the bot has not answered inline query ${JSON.stringify(query)} from user ${userId}`);
  if (!answer.results.some((result) => result.id === resultId)) {
    throw new ControlError(`inline query ${JSON.stringify(query)} has no result ${JSON.stringify(resultId)}`);
  }
  const content = answer.messages[resultId];
  const record: InlineMessageRecord = {
    userId,
    resultId,
    query,
    text: content?.text ?? "",
    entities: content?.entities ?? [],
    html: content?.html ?? "",
  };
  // Telegram gives an inline_message_id only to messages with an inline keyboard: only those can be edited later.
  if (content?.replyMarkup) {
    record.inlineMessageId = bot.nextQueryId();
    record.replyMarkup = content.replyMarkup;
  }
  if (options.chatId !== undefined) record.chatId = options.chatId;
  bot.inlineMessages.push(record);
  const chosen: ChosenInlineResult = { result_id: resultId, from: user, query };
  if (record.inlineMessageId !== undefined) chosen.inline_message_id = record.inlineMessageId;
  bot.updates.push({ chosen_inline_result: chosen });
  return record;
}

/** The user blocks the bot: a my_chat_member update, and sends to them fail with 403 from now on. */
export function blockBot(bot: BotState, world: World, userId: number): void {
  const user = world.requireUser(userId);
  if (bot.privateChats.get(userId) === "kicked") return;
  bot.privateChats.set(userId, "kicked");
  bot.updates.push({ my_chat_member: chatMemberUpdated(privateChatOf(user), user, bot.user, "member", "kicked") });
}

/** The user unblocks (restarts) the bot. */
export function unblockBot(bot: BotState, world: World, userId: number): void {
  const user = world.requireUser(userId);
  if (bot.privateChats.get(userId) !== "kicked") return;
  bot.privateChats.set(userId, "member");
  bot.updates.push({ my_chat_member: chatMemberUpdated(privateChatOf(user), user, bot.user, "kicked", "member") });
}

/**
 * A group member changes the bot's status in a group (adds, promotes, demotes, removes it):
 * a my_chat_member update, plus the new_chat_members / left_chat_member service message Telegram posts.
 */
export function setBotStatus(bot: BotState, world: World, chatId: number, status: MemberStatus, byUserId: number): void {
  const group = world.requireGroup(chatId);
  const by = world.requireUser(byUserId);
  requireMember(group, by);
  if (status === "creator") throw new ControlError("a bot cannot own a group");
  const oldStatus = group.members.get(bot.identity.id) ?? "left";
  if (oldStatus === status) return;
  group.members.set(bot.identity.id, status);
  bot.updates.push({ my_chat_member: chatMemberUpdated(group.chat, by, bot.user, oldStatus, status) });

  const joined = !isPresent(oldStatus) && isPresent(status);
  const left = isPresent(oldStatus) && !isPresent(status);
  if (!joined && !left) return;
  const stored = bot.appendMessage(chatId, "user", (messageId) => {
    const message: Message = { message_id: messageId, from: by, chat: group.chat, date: unixTime() };
    if (joined) message.new_chat_members = [bot.user];
    else message.left_chat_member = bot.user;
    return message;
  });
  // The bot receives the service message about its own arrival, not about its removal.
  if (joined) bot.updates.push({ message: asUpdateMessage(stored.message) });
}

/** Changes a user's status in a group; bots that administer the group get a chat_member update (when they asked for it). */
export function setMemberStatus(
  bots: readonly BotState[],
  world: World,
  chatId: number,
  userId: number,
  status: MemberStatus,
  byUserId?: number,
): void {
  const group = world.requireGroup(chatId);
  const user = world.requireUser(userId);
  if (user.is_bot) throw new ControlError("use addBotToGroup / promoteBot / removeBotFromGroup for bots");
  const oldStatus = group.members.get(userId) ?? "left";
  if (oldStatus === status) return;
  group.members.set(userId, status);
  const by = byUserId === undefined ? user : world.requireUser(byUserId);
  for (const bot of bots) {
    // Telegram sends chat_member only to administrators, and only when allowed_updates names it.
    if (isAdministrator(group.members.get(bot.identity.id))) {
      bot.updates.push({ chat_member: chatMemberUpdated(group.chat, by, user, oldStatus, status) });
    }
  }
}
