/**
 * The subscription conversation (@grammyjs/conversations 2): topics, delivery time, time zone,
 * then the subscription is saved and the first digest announced. Values already known (from
 * `/subscribe space 08:00 …` or a settings button) skip their step.
 *
 * The plugin REPLAYS this function from the top for every update that reaches it, so everything
 * that is not a Bot API call or a translation (the store, the clock, admin checks) goes through
 * `conversation.external`, and every input comes from the stored draft or a waited-for update.
 */
import { createConversation, type Conversation } from "@grammyjs/conversations";
import type { I18n } from "@grammyjs/i18n";
import { Composer, InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import { topicName, type Topic } from "../../content/topics.js";
import { parseLocalTime } from "../../digest/schedule.js";
import type { ChatType } from "../../store/index.js";
import type { SubscriptionService } from "../../subscriptions/index.js";
import { COMMON_DELIVERY_TIMES, COMMON_TIME_ZONES, normalizeTimeZone } from "../../subscriptions/time-zones.js";
import type { BotContext, TranslatedContext } from "../context.js";
import { decodeCallback, encodeCallback, type CallbackAction, type SettingsField } from "../payloads.js";
import { ignoreTelegramError, isChatAdmin, senderManagesChat } from "./chat-admins.js";
import { echo, savedText } from "./subscription-text.js";

/** The conversation's id for `ctx.conversation.enter` / `exit`. */
export const SUBSCRIBE_CONVERSATION = "subscribe";

/**
 * Version of the stored conversation state. Bump it whenever the steps below change: a stored
 * replay of the old steps would not fit the new code, and a new version discards it.
 * 3: answers are awaited with `waitUntil`, whose replay log differs from the plain `wait` of 2.
 */
export const CONVERSATION_STATE_VERSION = 3;

/**
 * An answer that comes later than this (ms) after its question ends the conversation instead, so
 * an abandoned setup does not swallow plain messages days later.
 */
const ANSWER_TIMEOUT_MS = 24 * 60 * 60_000;

/** Typed answers are echoed back in error messages only up to this many characters. */
const ECHO_CHARS = 40;

/** Buttons per keyboard row: topics and zones have long labels, times short ones. */
const TOPIC_BUTTONS_PER_ROW = 2;
const TIME_BUTTONS_PER_ROW = 3;
const ZONE_BUTTONS_PER_ROW = 2;

/**
 * What the conversation starts with. Stored as JSON with the conversation state, so plain data
 * only; fields left out are asked for.
 */
export interface SubscribeDraft {
  /** The chat that receives the digests: this chat, or a channel set up from a private chat. */
  chatId: number;
  chatType: ChatType;
  /** The channel ("@news" or its title) when setting one up from a private chat; shown in the confirmation. */
  channel?: string;
  /** Forum topic the digest goes to, or null for the main thread. */
  messageThreadId: number | null;
  /** Who started; in groups only their messages are answers (buttons count from any admin). */
  userId: number;
  /** Known topics: the topics step is skipped unless `ask` is "topics". */
  topics?: string[];
  /** Topics ticked when the topics step opens; every topic when absent. */
  preselectedTopics?: string[];
  /** Known delivery time "HH:MM": the time step is skipped unless `ask` is "time". */
  deliveryTime?: string;
  /** Known IANA zone: the zone step is skipped unless `ask` is "zone". */
  timeZone?: string;
  /** The zone offered first when the zone step opens. */
  suggestedTimeZone: string;
  /** Kept as it is when settings change one field; a new subscription is active. */
  paused?: boolean;
  /** A settings button: ask this step even though its value is known. */
  ask?: SettingsField;
}

export interface SubscribeConversationDependencies {
  subscriptions: SubscriptionService;
  /** Installed inside the conversation, whose contexts do not pass the bot's middleware. */
  i18n: I18n<TranslatedContext>;
}

/** A topic as the conversation offers it: read once through `conversation.external`, so replays see the same list. */
type OfferedTopic = Pick<Topic, "id" | "name">;

/** What every step works with: the conversation, the context it was entered with, and its draft. */
interface Dialogue {
  conversation: Conversation<TranslatedContext, TranslatedContext>;
  ctx: TranslatedContext;
  draft: SubscribeDraft;
}

/** A reply to the current question: a press on one of its buttons, or typed text. */
type Answer =
  | { kind: "button"; ctx: TranslatedContext; action: CallbackAction }
  | { kind: "text"; ctx: TranslatedContext; text: string };

/** A step with choices as buttons that also takes a typed value: `choiceOf` reads its buttons, `parse` any text, `invalid` explains the rest. */
interface ChoiceStep {
  question: string;
  keyboard: InlineKeyboard;
  choiceOf: (action: CallbackAction) => string | undefined;
  parse: (text: string) => string | undefined;
  invalid: (echoed: string) => string;
}

/** Actions only the subscription conversation understands; outside of it their buttons have expired. */
export function isConversationAction(action: CallbackAction | undefined): boolean {
  const kind = action?.kind;
  return kind === "subscribe-topic" || kind === "subscribe-done" || kind === "subscribe-time" || kind === "subscribe-zone";
}

/**
 * `/cancel`, then the conversation itself. `/cancel` comes first so that it reaches the bot even
 * while the conversation waits for an answer.
 */
export function subscribeConversation(deps: SubscribeConversationDependencies): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("cancel", async (ctx) => {
    if (ctx.conversation.active(SUBSCRIBE_CONVERSATION) === 0) {
      await ctx.reply(ctx.t("subscriptions-nothing-to-cancel"));
      return;
    }
    // In a group, a member cannot break off an admin's setup.
    if (!(await senderManagesChat(ctx))) {
      await ctx.reply(ctx.t("subscriptions-admins-only"));
      return;
    }
    await ctx.conversation.exit(SUBSCRIBE_CONVERSATION);
    await ctx.reply(ctx.t("subscriptions-cancelled"));
  });

  composer.use(
    createConversation<TranslatedContext, TranslatedContext>(
      (conversation, ctx, draft: SubscribeDraft) => runSubscribe({ conversation, ctx, draft }, deps.subscriptions),
      { id: SUBSCRIBE_CONVERSATION, plugins: [deps.i18n], maxMillisecondsToWait: ANSWER_TIMEOUT_MS },
    ),
  );

  return composer;
}

async function runSubscribe(dialogue: Dialogue, subscriptions: SubscriptionService): Promise<void> {
  const { conversation, ctx, draft } = dialogue;
  // The topics file may change while the conversation waits; a replay must see the list it started with.
  const offered = await conversation.external(() => subscriptions.catalog().topics.map(({ id, name }): OfferedTopic => ({ id, name })));
  const known = <T>(field: SettingsField, value: T | undefined): T | undefined => (draft.ask === field ? undefined : value);
  const topics = known("topics", draft.topics) ?? (await askTopics(dialogue, offered));
  const deliveryTime = known("time", draft.deliveryTime) ?? (await askTime(dialogue));
  const timeZone = known("zone", draft.timeZone) ?? (await askTimeZone(dialogue, deliveryTime));

  const locale = await ctx.i18n.getLocale();
  const { chatId, chatType, messageThreadId, paused } = draft;
  const saved = await conversation.external(() =>
    subscriptions.subscribe({ chatId, chatType, language: locale, topics, deliveryTime, timeZone, messageThreadId, paused }),
  );
  await ctx.reply(savedText(ctx.t, locale, offered, saved, { channel: draft.channel, changed: draft.ask !== undefined }), { parse_mode: "HTML" });
}

/** "yes" when a settings button changes one field of a subscription (its questions and answer say so), else "no". */
function changing(draft: SubscribeDraft): "yes" | "no" {
  return draft.ask === undefined ? "no" : "yes";
}

/** Topics step: a keyboard of topics with ✅ marks and a Done button; at least one topic. */
async function askTopics(dialogue: Dialogue, offered: readonly OfferedTopic[]): Promise<string[]> {
  const { ctx, draft } = dialogue;
  const ids = offered.map((topic) => topic.id);
  const selected = new Set((draft.topics ?? draft.preselectedTopics ?? ids).filter((topic) => ids.includes(topic)));
  const locale = await ctx.i18n.getLocale();
  const keyboard = (): InlineKeyboard => topicsKeyboard(ctx, offered, locale, selected);
  const prompt = await ctx.reply(ctx.t("subscriptions-topics-prompt", { change: changing(draft) }), { parse_mode: "HTML", reply_markup: keyboard() });
  for (;;) {
    const answer = await waitForAnswer(dialogue, prompt);
    if (answer.kind === "text") {
      await answer.ctx.reply(ctx.t("subscriptions-topics-use-buttons"));
      continue;
    }
    const { action, ctx: press } = answer;
    if (action.kind === "subscribe-done" && selected.size === 0) {
      await press.answerCallbackQuery({ text: ctx.t("subscriptions-topics-none"), show_alert: true });
      continue;
    }
    await press.answerCallbackQuery();
    if (action.kind === "subscribe-done") {
      await press.editMessageReplyMarkup();
      return ids.filter((topic) => selected.has(topic));
    }
    if (action.kind === "subscribe-topic" && ids.includes(action.topic)) {
      if (!selected.delete(action.topic)) selected.add(action.topic);
      await press.editMessageReplyMarkup({ reply_markup: keyboard() });
    }
  }
}

function topicsKeyboard(ctx: TranslatedContext, offered: readonly OfferedTopic[], locale: string, selected: ReadonlySet<string>): InlineKeyboard {
  const topicButtons = offered.map((topic) => {
    const name = topicName(topic, locale);
    const label = selected.has(topic.id) ? ctx.t("subscriptions-topic-selected", { name }) : ctx.t("subscriptions-topic-unselected", { name });
    return InlineKeyboard.text(label, encodeCallback({ kind: "subscribe-topic", topic: topic.id }));
  });
  return new InlineKeyboard([topicButtons]).toFlowed(TOPIC_BUTTONS_PER_ROW)
    .row()
    .text(ctx.t("subscriptions-topics-done-button"), encodeCallback({ kind: "subscribe-done" }));
}

/** Time step: buttons for common hours, or a typed "HH:MM". */
function askTime(dialogue: Dialogue): Promise<string> {
  const { ctx, draft } = dialogue;
  const buttons = COMMON_DELIVERY_TIMES.map((time) => InlineKeyboard.text(time, encodeCallback({ kind: "subscribe-time", time })));
  return askChoice(dialogue, {
    question: ctx.t("subscriptions-time-prompt", { change: changing(draft) }),
    keyboard: new InlineKeyboard([buttons]).toFlowed(TIME_BUTTONS_PER_ROW),
    choiceOf: (action) => (action.kind === "subscribe-time" ? action.time : undefined),
    parse: parseLocalTime,
    invalid: (text) => ctx.t("subscriptions-time-invalid", { text }),
  });
}

/** Zone step: the suggested zone first, then common zones, or a typed IANA name or city. */
function askTimeZone(dialogue: Dialogue, deliveryTime: string): Promise<string> {
  const { ctx, draft } = dialogue;
  const suggested = draft.timeZone ?? draft.suggestedTimeZone;
  const buttons = [suggested, ...COMMON_TIME_ZONES.filter((zone) => zone !== suggested)].map((zone) =>
    InlineKeyboard.text(zone === suggested ? ctx.t("subscriptions-zone-suggested", { zone }) : zone, encodeCallback({ kind: "subscribe-zone", timeZone: zone })),
  );
  return askChoice(dialogue, {
    question: ctx.t("subscriptions-zone-prompt", { time: deliveryTime, zone: suggested, change: changing(draft) }),
    keyboard: new InlineKeyboard([buttons]).toFlowed(ZONE_BUTTONS_PER_ROW),
    choiceOf: (action) => (action.kind === "subscribe-zone" ? action.timeZone : undefined),
    parse: normalizeTimeZone,
    invalid: (text) => ctx.t("subscriptions-zone-invalid", { text }),
  });
}

/** Asks `step` until a button or typed text gives a value; anything that means nothing is explained and asked again. */
async function askChoice(dialogue: Dialogue, step: ChoiceStep): Promise<string> {
  let prompt = await dialogue.ctx.reply(step.question, { parse_mode: "HTML", reply_markup: step.keyboard });
  for (;;) {
    const answer = await waitForAnswer(dialogue, prompt);
    if (answer.kind === "button") await answer.ctx.answerCallbackQuery();
    const given = answer.kind === "text" ? answer.text : step.choiceOf(answer.action);
    if (given === undefined) continue;
    const value = step.parse(given);
    if (value !== undefined) {
      if (answer.kind === "button") await answer.ctx.editMessageReplyMarkup();
      return value;
    }
    prompt = await answer.ctx.reply(step.invalid(echo(given.trim(), ECHO_CHARS)), { parse_mode: "HTML", reply_markup: step.keyboard });
  }
}

/**
 * Waits for an answer to `prompt`: a press on one of its buttons, or a plain text message of the
 * starter. Whatever else arrives (commands, other buttons, other people's messages) goes on to the
 * rest of the bot, and the conversation keeps waiting. In groups a press counts from the starter or
 * any admin; anyone else's is refused with an alert.
 */
async function waitForAnswer({ conversation, ctx, draft }: Dialogue, prompt: Message): Promise<Answer> {
  const update = await conversation
    .waitUntil((update) => answerOf(update, draft, prompt) !== undefined, { next: true })
    .and((update) => mayAnswer(conversation, update, draft), {
      otherwise: (update) => update.answerCallbackQuery({ text: ctx.t("subscriptions-admins-only"), show_alert: true }),
    });
  // Never skips: only answers get past the wait above.
  return answerOf(update, draft, prompt) ?? conversation.skip({ next: true });
}

/** The answer `update` gives to `prompt`, if it is one. */
function answerOf(update: TranslatedContext, draft: SubscribeDraft, prompt: Message): Answer | undefined {
  const query = update.callbackQuery;
  if (query?.data !== undefined) {
    const action = decodeCallback(query.data);
    const onPrompt = isConversationAction(action) && query.message?.message_id === prompt.message_id;
    return action !== undefined && onPrompt ? { kind: "button", ctx: update, action } : undefined;
  }
  const message = update.message;
  const isCommand = message?.entities?.some((entity) => entity.type === "bot_command" && entity.offset === 0) ?? false;
  // In groups only the starter answers (an anonymous admin writes as the same placeholder user).
  return message?.text !== undefined && !isCommand && message.from?.id === draft.userId ? { kind: "text", ctx: update, text: message.text } : undefined;
}

/** Typed answers are the starter's already; a press counts in groups from the starter or any admin. */
async function mayAnswer(conversation: Dialogue["conversation"], update: TranslatedContext, draft: SubscribeDraft): Promise<boolean> {
  const presser = update.callbackQuery?.from.id;
  if (presser === undefined || presser === draft.userId || draft.chatType === "private" || draft.chatType === "channel") return true;
  // Telegram refusing the lookup (the bot left, the chat is gone) reads as "not an admin", so the press is still answered.
  const admin = await conversation.external((outer) => isChatAdmin(outer.api, draft.chatId, presser).catch(ignoreTelegramError));
  return admin === true;
}
