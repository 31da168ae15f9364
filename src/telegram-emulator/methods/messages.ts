import type { InlineKeyboardMarkup, LinkPreviewOptions, Message, ReplyParameters } from "grammy/types";
import { badRequest, ERROR_TEXT } from "../api-error.js";
import type { InlineMessageRecord, StoredMessage } from "../bot-state.js";
import { renderTelegramHtml } from "../html-entities.js";
import { checkReplyMarkup, sameMarkup, stableJson } from "../markup.js";
import { prepareMessageText, type FormattedText } from "../message-text.js";
import { unixTime } from "../unix-time.js";
import { isAdministrator } from "../world.js";
import { readChatId, readableChat, writableChat, type AccessibleChat } from "./chat-access.js";
import type { MethodContext, MethodHandler } from "./types.js";

/** sendChatAction's accepted actions. */
const CHAT_ACTIONS: ReadonlySet<string> = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);

const readText = (context: MethodContext): FormattedText =>
  prepareMessageText({
    text: context.params.string("text"),
    parseMode: context.params.string("parse_mode"),
    entities: context.params.json("entities", "entities"),
    findUser: (id) => context.world.user(id),
  });

/** The inline keyboard of an edit; edits cannot carry reply keyboards. */
function readInlineMarkup(context: MethodContext): InlineKeyboardMarkup | undefined {
  const markup = checkReplyMarkup(context.params.json("reply_markup", "reply keyboard markup"));
  if (markup.keyboard) throw badRequest("inline keyboard expected");
  return markup.inline;
}

/** A message as Telegram nests it in reply_to_message: without its own reply. */
function asReplyTarget(stored: StoredMessage): NonNullable<Message["reply_to_message"]> {
  const { reply_to_message: _nested, ...rest } = stored.message;
  return rest as NonNullable<Message["reply_to_message"]>;
}

function readReplyTarget(context: MethodContext, chatId: number): StoredMessage | undefined {
  const parameters = context.params.json("reply_parameters", "reply parameters") as ReplyParameters | undefined;
  const legacyId = context.params.integer("reply_to_message_id");
  const messageId = parameters?.message_id ?? legacyId;
  if (messageId === undefined) return undefined;
  const targetChat = parameters?.chat_id;
  // A reply into another chat is an external reply; the emulator keeps replies within the chat.
  if (targetChat !== undefined && String(targetChat) !== String(chatId)) return undefined;
  const stored = context.bot.findMessage(chatId, messageId);
  const allowMissing =
    parameters?.allow_sending_without_reply ?? context.params.boolean("allow_sending_without_reply");
  if (!stored && !allowMissing) throw badRequest("message to be replied not found");
  return stored;
}

function readThreadId(context: MethodContext, target: AccessibleChat): number | undefined {
  const threadId = context.params.integer("message_thread_id");
  if (threadId === undefined || !target.group?.chat.is_forum) return undefined;
  // Thread 1 is a forum's General topic, which always exists.
  if (threadId !== 1 && !target.group.topics.has(threadId)) throw badRequest("message thread not found");
  return threadId;
}

const sendMessage: MethodHandler = (context) => {
  const { bot, world, params } = context;
  const chatId = readChatId(world, params);
  const target = writableChat(bot, world, chatId);
  const formatted = readText(context);
  const markup = checkReplyMarkup(params.json("reply_markup", "reply keyboard markup"));
  const replyTo = readReplyTarget(context, chatId);
  const threadId = readThreadId(context, target);
  const linkPreview = params.json("link_preview_options", "link preview options") as LinkPreviewOptions | undefined;

  const stored = bot.appendMessage(
    chatId,
    "bot",
    (messageId) => {
      const message: Message = { message_id: messageId, from: bot.user, chat: target.chat, date: unixTime() };
      if (threadId !== undefined) {
        message.message_thread_id = threadId;
        message.is_topic_message = true;
      }
      if (replyTo) message.reply_to_message = asReplyTarget(replyTo);
      message.text = formatted.text;
      if (formatted.entities.length > 0) message.entities = formatted.entities;
      if (linkPreview) message.link_preview_options = linkPreview;
      if (markup.inline) message.reply_markup = markup.inline;
      return message;
    },
    markup.keyboard,
  );
  bot.notify("sent", chatId, stored);
  return stored.message;
};

/** Finds the message an edit addresses: chat_id + message_id, or inline_message_id. */
function editTarget(
  context: MethodContext,
): { kind: "chat"; chatId: number; stored: StoredMessage } | { kind: "inline"; record: InlineMessageRecord } {
  const { bot, world, params } = context;
  const inlineMessageId = params.string("inline_message_id");
  if (inlineMessageId !== undefined) {
    const record = bot.inlineMessages.find((candidate) => candidate.inlineMessageId === inlineMessageId);
    if (!record) throw badRequest(ERROR_TEXT.messageToEditNotFound);
    return { kind: "inline", record };
  }
  const chatId = readChatId(world, params);
  writableChat(bot, world, chatId);
  const messageId = params.integer("message_id");
  if (messageId === undefined) throw badRequest("message identifier is not specified");
  const stored = bot.findMessage(chatId, messageId);
  if (!stored) throw badRequest(ERROR_TEXT.messageToEditNotFound);
  if (stored.sender !== "bot") throw badRequest("message can't be edited");
  return { kind: "chat", chatId, stored };
}

/** Applies an edit, or fails like Telegram when nothing would change. */
function applyEdit(
  context: MethodContext,
  next: { text?: FormattedText; markup: InlineKeyboardMarkup | undefined },
): unknown {
  const target = editTarget(context);
  const current =
    target.kind === "chat"
      ? {
          text: target.stored.message.text ?? "",
          entities: target.stored.message.entities ?? [],
          markup: target.stored.message.reply_markup,
        }
      : { text: target.record.text, entities: target.record.entities, markup: target.record.replyMarkup };
  const text = next.text ?? { text: current.text, entities: current.entities };
  const unchanged =
    text.text === current.text &&
    stableJson(text.entities) === stableJson(current.entities) &&
    sameMarkup(next.markup, current.markup);
  if (unchanged) throw badRequest(ERROR_TEXT.messageNotModified);

  if (target.kind === "inline") {
    const { record } = target;
    record.text = text.text;
    record.entities = text.entities;
    record.html = renderTelegramHtml(text.text, text.entities);
    if (next.markup) record.replyMarkup = next.markup;
    else delete record.replyMarkup;
    record.editDate = unixTime();
    // Edits of inline messages return True: the bot has no Message object for them.
    return true;
  }

  const { stored, chatId } = target;
  const message: Message = { ...stored.message, edit_date: unixTime() };
  message.text = text.text;
  if (text.entities.length > 0) message.entities = text.entities;
  else delete message.entities;
  // Telegram drops an inline keyboard that an edit does not repeat.
  if (next.markup) message.reply_markup = next.markup;
  else delete message.reply_markup;
  stored.message = message;
  context.bot.notify("edited", chatId, stored);
  return message;
}

const editMessageText: MethodHandler = (context) =>
  applyEdit(context, { text: readText(context), markup: readInlineMarkup(context) });

const editMessageReplyMarkup: MethodHandler = (context) => applyEdit(context, { markup: readInlineMarkup(context) });

const deleteMessage: MethodHandler = ({ bot, world, params }) => {
  const chatId = readChatId(world, params);
  const target = readableChat(bot, world, chatId);
  const messageId = params.integer("message_id");
  if (messageId === undefined) throw badRequest("message identifier is not specified");
  const stored = bot.findMessage(chatId, messageId);
  if (!stored) throw badRequest("message to delete not found");
  // In groups a bot deletes other people's messages only as an administrator.
  if (target.group && stored.sender === "user" && !isAdministrator(target.group.members.get(bot.identity.id))) {
    throw badRequest("message can't be deleted");
  }
  stored.deleted = true;
  if (stored.sender === "bot") bot.notify("deleted", chatId, stored);
  return true;
};

const sendChatAction: MethodHandler = ({ bot, world, params }) => {
  const chatId = readChatId(world, params);
  writableChat(bot, world, chatId);
  const action = params.string("action");
  if (action === undefined || !CHAT_ACTIONS.has(action)) throw badRequest("wrong parameter action in request");
  const actions = bot.chatActions.get(chatId) ?? [];
  actions.push({ action, date: unixTime() });
  bot.chatActions.set(chatId, actions);
  return true;
};

/** Sending, editing and deleting messages. */
export const messageMethods: Record<string, MethodHandler> = {
  sendMessage,
  editMessageText,
  editMessageReplyMarkup,
  deleteMessage,
  sendChatAction,
};
