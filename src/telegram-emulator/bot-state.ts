import type {
  BotCommand,
  CallbackQuery,
  InlineKeyboardMarkup,
  InlineQuery,
  InlineQueryResult,
  InlineQueryResultsButton,
  Message,
  MessageEntity,
  User,
  UserFromGetMe,
} from "grammy/types";
import { renderTelegramHtml } from "./html-entities.js";
import type { ReplyKeyboard } from "./markup.js";
import type { RateLimiter } from "./rate-limit.js";
import { createStarBalance, type StarBalance } from "./star-balance.js";
import type { UpdateQueue } from "./update-queue.js";
import type { Deferred } from "./waiting.js";

/** One emulated bot: what getMe returns plus the token that addresses it. */
export interface BotIdentity {
  /** `<bot id>:<35 characters>`, the shape BotFather hands out and grammY expects. */
  token: string;
  id: number;
  username: string;
  first_name: string;
  /** Privacy mode off: the bot sees every group message, not only commands, mentions and replies. Default false. */
  canReadAllGroupMessages?: boolean;
}

/** A message in a chat as the emulator keeps it: its current state after edits. */
export interface StoredMessage {
  /** The Message object exactly as the bot got it back (or received it), updated by edits. */
  message: Message;
  sender: "bot" | "user";
  deleted: boolean;
  /** A reply keyboard, keyboard removal or force reply sent with it; Telegram does not echo these in Message. */
  keyboard?: ReplyKeyboard;
}

/** A message the bot sent, in the shape tests read. */
export interface BotMessageView {
  chatId: number;
  messageId: number;
  date: number;
  editDate?: number;
  text: string;
  entities: MessageEntity[];
  /** The text re-rendered as Telegram HTML, handy for asserting formatting in one string. */
  html: string;
  /** The inline keyboard, if any. */
  replyMarkup?: InlineKeyboardMarkup;
  /** A reply keyboard, ReplyKeyboardRemove or ForceReply sent with the message. */
  keyboard?: ReplyKeyboard;
  messageThreadId?: number;
  replyToMessageId?: number;
  /** The full Message object. */
  message: Message;
}

/** What {@link BotState.onBotMessage} listeners receive. */
export interface BotMessageEvent {
  kind: "sent" | "edited" | "deleted";
  chatId: number;
  message: BotMessageView;
}

/** The bot's answerCallbackQuery. */
export interface CallbackAnswer {
  text?: string;
  showAlert: boolean;
  url?: string;
  cacheTime: number;
}

/** The message an inline result would send, parsed like sendMessage. */
export interface InlineMessageContentView {
  text: string;
  entities: MessageEntity[];
  html: string;
  replyMarkup?: InlineKeyboardMarkup;
}

/** The bot's answerInlineQuery. */
export interface InlineAnswer {
  results: InlineQueryResult[];
  cacheTime: number;
  isPersonal: boolean;
  nextOffset: string;
  button?: InlineQueryResultsButton;
  /** For each result id with a text input_message_content, the message it sends. */
  messages: Record<string, InlineMessageContentView>;
}

/** A message a user sent "via @bot" into some chat by choosing an inline result. */
export interface InlineMessageRecord {
  /** Present when the result had an inline keyboard, as in Telegram; otherwise the message cannot be edited. */
  inlineMessageId?: string;
  userId: number;
  resultId: string;
  query: string;
  /** The chat it went to, if the test named one. */
  chatId?: number;
  text: string;
  entities: MessageEntity[];
  html: string;
  replyMarkup?: InlineKeyboardMarkup;
  editDate?: number;
}

/** A callback or inline query waiting for the bot's answer. */
export interface PendingQuery<Query, Answer> {
  query: Query;
  createdAt: number;
  answer?: Answer;
  answered: Deferred<Answer>;
}

/** Everything one bot has seen and done. */
export interface BotState {
  readonly identity: BotIdentity;
  readonly user: User;
  readonly me: UserFromGetMe;
  readonly updates: UpdateQueue;
  readonly rateLimiter: RateLimiter | undefined;
  /** The bot's Star balance, which pays for messages sent with allow_paid_broadcast beyond the free rate. */
  readonly stars: StarBalance;
  /** Private chats the bot may write to: "member" once the user started it, "kicked" while blocked. */
  readonly privateChats: Map<number, "member" | "kicked">;
  /** Commands by scope and language key (see methods/commands.ts). */
  readonly commands: Map<string, BotCommand[]>;
  /** Description and short description by "field|language" (see methods/commands.ts). */
  readonly profileTexts: Map<string, string>;
  readonly chatActions: Map<number, Array<{ action: string; date: number }>>;
  readonly callbackQueries: Map<string, PendingQuery<CallbackQuery, CallbackAnswer>>;
  readonly inlineQueries: Map<string, PendingQuery<InlineQuery, InlineAnswer>>;
  /** The latest answer per user and query text, which chooseInlineResult picks from. */
  readonly inlineAnswers: Map<string, InlineAnswer>;
  readonly inlineMessages: InlineMessageRecord[];
  appendMessage(
    chatId: number,
    sender: StoredMessage["sender"],
    build: (messageId: number) => Message,
    keyboard?: ReplyKeyboard,
  ): StoredMessage;
  /** A message that exists and was not deleted. */
  findMessage(chatId: number, messageId: number): StoredMessage | undefined;
  /** The chat's messages in order, deleted ones excluded. */
  chatMessages(chatId: number): StoredMessage[];
  notify(kind: BotMessageEvent["kind"], chatId: number, stored: StoredMessage): void;
  onBotMessage(listener: (event: BotMessageEvent) => void): () => void;
  /** A fresh id for a callback query, inline query or inline message. */
  nextQueryId(): string;
}

/** The key under which an answered inline query is remembered for chooseInlineResult. */
export const inlineAnswerKey = (userId: number, query: string): string => `${userId}\n${query}`;

// Query ids are opaque strings in Telegram; long decimal numbers look like the real ones.
const QUERY_ID_BASE = 4_000_000_000_000n;

interface ChatLog {
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
}

/** Creates the state of one bot. */
export function createBotState(
  identity: BotIdentity,
  updates: UpdateQueue,
  rateLimiter: RateLimiter | undefined,
): BotState {
  const user: User = { id: identity.id, is_bot: true, first_name: identity.first_name, username: identity.username };
  const me: UserFromGetMe = {
    ...user,
    is_bot: true,
    username: identity.username,
    can_join_groups: true,
    can_read_all_group_messages: identity.canReadAllGroupMessages ?? false,
    supports_inline_queries: true,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
  const logs = new Map<number, ChatLog>();
  const listeners = new Set<(event: BotMessageEvent) => void>();
  let queryCounter = 0n;

  const logOf = (chatId: number): ChatLog => {
    let log = logs.get(chatId);
    if (!log) {
      log = { nextMessageId: 1, messages: new Map() };
      logs.set(chatId, log);
    }
    return log;
  };

  return {
    identity,
    user,
    me,
    updates,
    rateLimiter,
    stars: createStarBalance(),
    privateChats: new Map(),
    commands: new Map(),
    profileTexts: new Map(),
    chatActions: new Map(),
    callbackQueries: new Map(),
    inlineQueries: new Map(),
    inlineAnswers: new Map(),
    inlineMessages: [],
    appendMessage(chatId, sender, build, keyboard) {
      const log = logOf(chatId);
      const stored: StoredMessage = { message: build(log.nextMessageId++), sender, deleted: false };
      if (keyboard) stored.keyboard = keyboard;
      log.messages.set(stored.message.message_id, stored);
      return stored;
    },
    findMessage(chatId, messageId) {
      const stored = logs.get(chatId)?.messages.get(messageId);
      return stored && !stored.deleted ? stored : undefined;
    },
    chatMessages(chatId) {
      return [...(logs.get(chatId)?.messages.values() ?? [])].filter((stored) => !stored.deleted);
    },
    notify(kind, chatId, stored) {
      const event: BotMessageEvent = { kind, chatId, message: viewOf(stored) };
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A failing listener (a sandbox printer) must not break the bot's API call.
        }
      }
    },
    onBotMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    nextQueryId() {
      queryCounter += 1n;
      return String(QUERY_ID_BASE * BigInt(identity.id % 1_000_000) + queryCounter);
    },
  };
}

/** The read-back view of a stored message. */
export function viewOf(stored: StoredMessage): BotMessageView {
  const { message } = stored;
  const text = message.text ?? "";
  const entities = message.entities ?? [];
  const view: BotMessageView = {
    chatId: message.chat.id,
    messageId: message.message_id,
    date: message.date,
    text,
    entities,
    html: renderTelegramHtml(text, entities),
    message,
  };
  if (message.edit_date !== undefined) view.editDate = message.edit_date;
  if (message.reply_markup !== undefined) view.replyMarkup = message.reply_markup;
  if (stored.keyboard !== undefined) view.keyboard = stored.keyboard;
  if (message.message_thread_id !== undefined) view.messageThreadId = message.message_thread_id;
  if (message.reply_to_message !== undefined) view.replyToMessageId = message.reply_to_message.message_id;
  return view;
}
