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
import { Composer, GrammyError, InlineKeyboard } from "grammy";
import type { InlineKeyboardButton, Message } from "grammy/types";
import { topicName, type Topic, type TopicCatalog } from "../../content/topics.js";
import { nextRunAt, parseLocalTime } from "../../digest/schedule.js";
import { escapeHtml } from "../../format/html.js";
import type { ChatType, Store } from "../../store/index.js";
import { isChatAdmin, senderManagesChat } from "../chat-admins.js";
import type { BotContext, TranslatedContext } from "../context.js";
import { decodeCallback, encodeCallback, type CallbackAction, type SettingsField } from "../payloads.js";
import { formatRunAt, topicNames } from "../subscription-text.js";
import { COMMON_DELIVERY_TIMES, COMMON_TIME_ZONES, normalizeTimeZone } from "../time-zones.js";

/** The conversation's id for `ctx.conversation.enter` / `exit`. */
export const SUBSCRIBE_CONVERSATION = "subscribe";

/**
 * Version of the stored conversation state. Bump it whenever the steps below change: a stored
 * replay of the old steps would not fit the new code, and a new version discards it.
 */
export const CONVERSATION_STATE_VERSION = 2;

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
  store: Store;
  /** Installed inside the conversation, whose contexts do not pass the bot's middleware. */
  i18n: I18n<TranslatedContext>;
  /** The clock for the first digest (epoch ms). */
  now: () => number;
  /** The current topics (they change with topics.yaml). */
  topics: () => TopicCatalog;
}

/** A topic as the conversation offers it: read once through `conversation.external`, so replays see the same list. */
type OfferedTopic = Pick<Topic, "id" | "name">;

type SubscribeConversation = Conversation<TranslatedContext, TranslatedContext>;

/** A reply to the current question: a press on one of its buttons, or typed text. */
type Answer =
  | { kind: "button"; ctx: TranslatedContext; action: CallbackAction }
  | { kind: "text"; ctx: TranslatedContext; text: string };

/** Actions only the subscription conversation understands; outside of it their buttons have expired. */
export function isConversationAction(action: CallbackAction | undefined): boolean {
  return (
    action?.kind === "subscribe-topic" ||
    action?.kind === "subscribe-done" ||
    action?.kind === "subscribe-time" ||
    action?.kind === "subscribe-zone"
  );
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
      (conversation, ctx, draft: SubscribeDraft) => runSubscribe(conversation, ctx, draft, deps),
      { id: SUBSCRIBE_CONVERSATION, plugins: [deps.i18n], maxMillisecondsToWait: ANSWER_TIMEOUT_MS },
    ),
  );

  return composer;
}

async function runSubscribe(
  conversation: SubscribeConversation,
  ctx: TranslatedContext,
  draft: SubscribeDraft,
  deps: SubscribeConversationDependencies,
): Promise<void> {
  // The topics file may change while the conversation waits; a replay must see the list it started with.
  const offered = await conversation.external(() => deps.topics().topics.map(({ id, name }): OfferedTopic => ({ id, name })));
  const topics =
    draft.topics !== undefined && draft.ask !== "topics"
      ? draft.topics
      : await askTopics(conversation, ctx, draft, offered, draft.topics ?? draft.preselectedTopics ?? offered.map((topic) => topic.id));
  const deliveryTime =
    draft.deliveryTime !== undefined && draft.ask !== "time" ? draft.deliveryTime : await askTime(conversation, ctx, draft);
  const timeZone =
    draft.timeZone !== undefined && draft.ask !== "zone"
      ? draft.timeZone
      : await askTimeZone(conversation, ctx, draft, draft.timeZone ?? draft.suggestedTimeZone, deliveryTime);

  const locale = await ctx.i18n.getLocale();
  const firstRunAt = await conversation.external(async () => {
    const runAt = nextRunAt(deliveryTime, timeZone, deps.now());
    const { chats, subscriptions } = deps.store;
    await chats.upsert({ id: draft.chatId, type: draft.chatType, language: locale, timeZone });
    // Digests come in the language the subscription was set up in, and the zone becomes the chat's.
    await chats.setLanguage(draft.chatId, locale);
    await chats.setTimeZone(draft.chatId, timeZone);
    await subscriptions.save({
      chatId: draft.chatId,
      topics,
      deliveryTime,
      timeZone,
      nextRunAt: runAt,
      paused: draft.paused ?? false,
      messageThreadId: draft.messageThreadId,
    });
    return runAt;
  });

  const lines = [
    ...(draft.channel === undefined ? [] : [ctx.t("subscriptions-saved-channel", { channel: escapeHtml(draft.channel) })]),
    ctx.t("subscriptions-saved", {
      topics: topicNames(offered, locale, topics),
      time: deliveryTime,
      zone: timeZone,
      first:
        draft.paused === true
          ? ctx.t("subscriptions-next-after-resume")
          : formatRunAt(ctx.t, locale, firstRunAt, timeZone),
    }),
    ...(draft.paused === true ? [ctx.t("subscriptions-saved-paused")] : []),
  ];
  await ctx.reply(lines.join("\n"), { parse_mode: "HTML" });
}

/** Topics step: a keyboard of topics with ✅ marks and a Done button; at least one topic. */
async function askTopics(
  conversation: SubscribeConversation,
  ctx: TranslatedContext,
  draft: SubscribeDraft,
  offered: readonly OfferedTopic[],
  preselected: readonly string[],
): Promise<string[]> {
  const ids = offered.map((topic) => topic.id);
  const selected = new Set(preselected.filter((topic) => ids.includes(topic)));
  const locale = await ctx.i18n.getLocale();
  const keyboard = (): InlineKeyboard => topicsKeyboard(ctx, offered, locale, selected);
  const prompt = await ctx.reply(ctx.t("subscriptions-topics-prompt"), { parse_mode: "HTML", reply_markup: keyboard() });
  for (;;) {
    const answer = await waitForAnswer(conversation, ctx, draft, prompt);
    if (answer.kind === "text") {
      await answer.ctx.reply(ctx.t("subscriptions-topics-use-buttons"));
      continue;
    }
    const { action, ctx: press } = answer;
    if (action.kind === "subscribe-topic" && ids.includes(action.topic)) {
      if (selected.has(action.topic)) selected.delete(action.topic);
      else selected.add(action.topic);
      await press.answerCallbackQuery();
      await press.editMessageReplyMarkup({ reply_markup: keyboard() });
      continue;
    }
    if (action.kind === "subscribe-done") {
      if (selected.size === 0) {
        await press.answerCallbackQuery({ text: ctx.t("subscriptions-topics-none"), show_alert: true });
        continue;
      }
      await press.answerCallbackQuery();
      await press.editMessageReplyMarkup();
      return ids.filter((topic) => selected.has(topic));
    }
    await press.answerCallbackQuery();
  }
}

function topicsKeyboard(ctx: TranslatedContext, offered: readonly OfferedTopic[], locale: string, selected: ReadonlySet<string>): InlineKeyboard {
  const topicButtons = offered.map((topic) => {
    const name = topicName(topic, locale);
    const label = selected.has(topic.id)
      ? ctx.t("subscriptions-topic-selected", { name })
      : ctx.t("subscriptions-topic-unselected", { name });
    return { label, data: encodeCallback({ kind: "subscribe-topic", topic: topic.id }) };
  });
  return buttonGrid(topicButtons, TOPIC_BUTTONS_PER_ROW)
    .row()
    .text(ctx.t("subscriptions-topics-done-button"), encodeCallback({ kind: "subscribe-done" }));
}

/** Time step: buttons for common hours, or a typed "HH:MM"; anything else is explained and asked again. */
async function askTime(conversation: SubscribeConversation, ctx: TranslatedContext, draft: SubscribeDraft): Promise<string> {
  const keyboard = (): InlineKeyboard =>
    buttonGrid(
      COMMON_DELIVERY_TIMES.map((time) => ({ label: time, data: encodeCallback({ kind: "subscribe-time", time }) })),
      TIME_BUTTONS_PER_ROW,
    );
  let prompt = await ctx.reply(ctx.t("subscriptions-time-prompt"), { parse_mode: "HTML", reply_markup: keyboard() });
  for (;;) {
    const answer = await waitForAnswer(conversation, ctx, draft, prompt);
    if (answer.kind === "button") {
      await answer.ctx.answerCallbackQuery();
      if (answer.action.kind !== "subscribe-time") continue;
      await answer.ctx.editMessageReplyMarkup();
      return answer.action.time;
    }
    const time = parseLocalTime(answer.text);
    if (time !== undefined) return time;
    prompt = await answer.ctx.reply(ctx.t("subscriptions-time-invalid", { text: echo(answer.text) }), {
      parse_mode: "HTML",
      reply_markup: keyboard(),
    });
  }
}

/** Zone step: the guess first, then common zones, or a typed IANA name; unknown names are asked again. */
async function askTimeZone(
  conversation: SubscribeConversation,
  ctx: TranslatedContext,
  draft: SubscribeDraft,
  suggested: string,
  deliveryTime: string,
): Promise<string> {
  const keyboard = (): InlineKeyboard =>
    buttonGrid(
      [suggested, ...COMMON_TIME_ZONES.filter((zone) => zone !== suggested)].map((zone) => ({
        label: zone === suggested ? ctx.t("subscriptions-zone-suggested", { zone }) : zone,
        data: encodeCallback({ kind: "subscribe-zone", timeZone: zone }),
      })),
      ZONE_BUTTONS_PER_ROW,
    );
  let prompt = await ctx.reply(ctx.t("subscriptions-zone-prompt", { time: deliveryTime, zone: suggested }), {
    parse_mode: "HTML",
    reply_markup: keyboard(),
  });
  for (;;) {
    const answer = await waitForAnswer(conversation, ctx, draft, prompt);
    let given: string;
    if (answer.kind === "button") {
      await answer.ctx.answerCallbackQuery();
      if (answer.action.kind !== "subscribe-zone") continue;
      given = answer.action.timeZone;
    } else {
      given = answer.text;
    }
    const zone = normalizeTimeZone(given);
    if (zone !== undefined) {
      if (answer.kind === "button") await answer.ctx.editMessageReplyMarkup();
      return zone;
    }
    prompt = await answer.ctx.reply(ctx.t("subscriptions-zone-invalid", { text: echo(given) }), {
      parse_mode: "HTML",
      reply_markup: keyboard(),
    });
  }
}

/**
 * Waits for an answer to `prompt`: a press on one of its buttons, or a plain text message. Whatever
 * else arrives (commands, other buttons, other people's messages) goes on to the rest of the bot, and
 * the conversation keeps waiting. In groups a press counts from the starter or any admin.
 */
async function waitForAnswer(
  conversation: SubscribeConversation,
  ctx: TranslatedContext,
  draft: SubscribeDraft,
  prompt: Message,
): Promise<Answer> {
  for (;;) {
    const update = await conversation.wait();
    const query = update.callbackQuery;
    if (query?.data !== undefined) {
      const action = decodeCallback(query.data);
      if (action === undefined || !isConversationAction(action) || query.message?.message_id !== prompt.message_id) {
        return conversation.skip({ next: true });
      }
      const allowed =
        draft.chatType === "private" ||
        draft.chatType === "channel" ||
        query.from.id === draft.userId ||
        (await conversation.external((outer) => isChatAdmin(outer.api, draft.chatId, query.from.id).catch(refusedOnTelegramError)));
      if (!allowed) {
        await update.answerCallbackQuery({ text: ctx.t("subscriptions-admins-only"), show_alert: true });
        continue;
      }
      return { kind: "button", ctx: update, action };
    }
    const message = update.message;
    const isCommand = message?.entities?.some((entity) => entity.type === "bot_command" && entity.offset === 0) ?? false;
    // In groups only the starter answers (an anonymous admin writes as the same placeholder user).
    if (message?.text !== undefined && !isCommand && message.from?.id === draft.userId) {
      return { kind: "text", ctx: update, text: message.text };
    }
    return conversation.skip({ next: true });
  }
}

/** Telegram refusing the membership lookup (the bot left, the chat is gone) reads as "not an admin", so the press is still answered. */
function refusedOnTelegramError(error: unknown): false {
  if (error instanceof GrammyError) return false;
  throw error;
}

/** Buttons in rows of `perRow`, without an empty row at the end. */
function buttonGrid(buttons: ReadonlyArray<{ label: string; data: string }>, perRow: number): InlineKeyboard {
  const rows: InlineKeyboardButton[][] = [];
  buttons.forEach((button, index) => {
    if (index % perRow === 0) rows.push([]);
    rows.at(-1)?.push(InlineKeyboard.text(button.label, button.data));
  });
  return InlineKeyboard.from(rows);
}

/** User input as it may appear inside an HTML message: short and escaped. */
function echo(text: string): string {
  const trimmed = text.trim();
  return escapeHtml(trimmed.length <= ECHO_CHARS ? trimmed : `${trimmed.slice(0, ECHO_CHARS - 1)}…`);
}
