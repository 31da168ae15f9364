/**
 * Daily digest subscriptions: /subscribe (and the Subscribe button under briefings), /settings,
 * /unsubscribe, /pause, /resume and /digest. In groups only admins change the digest; a channel's
 * digest is set up from a private chat by one of its admins (`/subscribe @channel`).
 */
import { Composer, GrammyError, InlineKeyboard } from "grammy";
import type { TopicCatalog } from "../../content/topics.js";
import type { TopicId } from "../../content/types.js";
import type { DigestService } from "../../digest/scheduler.js";
import { nextRunAt, parseLocalTime } from "../../digest/schedule.js";
import { escapeHtml } from "../../format/html.js";
import type { ChatType, Store, Subscription } from "../../store/index.js";
import { botCanPost, isChatAdmin, senderManagesChat } from "../chat-admins.js";
import type { BotContext } from "../context.js";
import { isConversationAction, SUBSCRIBE_CONVERSATION, type SubscribeDraft } from "../conversations/subscribe.js";
import { localeFor } from "../i18n.js";
import { decodeCallback, encodeCallback, type SettingsField } from "../payloads.js";
import { formatRunAt, topicNames } from "../subscription-text.js";
import { guessTimeZone, normalizeTimeZone } from "../time-zones.js";

export interface SubscriptionsDependencies {
  store: Store;
  /** The current topics (they change with topics.yaml). */
  topics: () => TopicCatalog;
  /** Sends a digest on demand; without it /digest says digests are unavailable. */
  digest?: DigestService;
  /** The clock for schedules (epoch ms). */
  now: () => number;
}

/** Unknown words are echoed back up to this many characters. */
const ECHO_WORDS_CHARS = 100;

/** A channel as people name it: "@name" (5-32 characters) or its id "-100…". */
const CHANNEL_REFERENCE = /^(?:@[A-Za-z]\w{3,31}|-100\d{1,13})$/u;

/** What the words after /subscribe or /unsubscribe ask for. */
export interface SubscribeArguments {
  topics: TopicId[];
  deliveryTime?: string;
  timeZone?: string;
  /** "@name" or "-100…": a channel to manage from a private chat. */
  channel?: string;
  /** Words that are none of the above. */
  unknown: string[];
}

/** Reads "space arctic 08:00 Europe/Moscow @channel" in any order; topics are names or commands of `topics`. */
export function parseSubscribeArguments(text: string, topics: TopicCatalog): SubscribeArguments {
  const parsed: SubscribeArguments = { topics: [], unknown: [] };
  const words = text.split(/\s+/u).filter((token) => token !== "");
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? "";
    // A city of two words ("New York", "Нижний Новгород") is one zone, read before its halves.
    const twoWordZone = index + 1 < words.length ? normalizeTimeZone(`${word} ${words[index + 1]}`) : undefined;
    if (twoWordZone !== undefined) {
      parsed.timeZone = twoWordZone;
      index += 1;
      continue;
    }
    const time = parseLocalTime(word);
    const topic = topics.find(word);
    const zone = time === undefined && topic === undefined ? normalizeTimeZone(word) : undefined;
    if (CHANNEL_REFERENCE.test(word)) parsed.channel = word;
    else if (time !== undefined) parsed.deliveryTime = time;
    else if (topic !== undefined) {
      if (!parsed.topics.includes(topic.id)) parsed.topics.push(topic.id);
    } else if (zone !== undefined) parsed.timeZone = zone;
    else parsed.unknown.push(word);
  }
  return parsed;
}

/** The chat whose digest a command or button manages, once the sender may manage it. */
interface Target {
  chatId: number;
  chatType: ChatType;
  /** Set for a channel managed from a private chat: how to name it ("@news" or its title). */
  channel?: string;
  /** The forum topic the command came from, or null. */
  messageThreadId: number | null;
}

/** How a refusal reaches the person: a reply to a command, an alert for a button. */
type Refuse = (text: string) => Promise<unknown>;

export function subscriptionsFeature(deps: SubscriptionsDependencies): Composer<BotContext> {
  const { store } = deps;
  const composer = new Composer<BotContext>();
  const replyRefusal = (ctx: BotContext): Refuse => (text) => ctx.reply(text, { parse_mode: "HTML" });

  /**
   * The chat to manage: a channel named in the arguments (private chats only, checked with
   * Telegram), or this chat, whose sender must be an admin in groups unless `viewOnly`.
   */
  async function resolveTarget(
    ctx: BotContext,
    channel: string | undefined,
    refuse: Refuse,
    viewOnly = false,
  ): Promise<Target | undefined> {
    const chat = ctx.chat;
    if (chat === undefined || ctx.from === undefined) return undefined;
    if (channel !== undefined) {
      if (chat.type !== "private") {
        await refuse(ctx.t("subscriptions-channel-private-only"));
        return undefined;
      }
      return resolveChannel(ctx, channel, refuse);
    }
    const target: Target = { chatId: chat.id, chatType: chat.type, messageThreadId: forumTopicOf(ctx) };
    if (chat.type === "private" || viewOnly) return target;
    if (await senderManagesChat(ctx)) return target;
    await refuse(ctx.t("subscriptions-admins-only"));
    return undefined;
  }

  /** A channel the person administers and the bot can post in; recorded in the store on the way. */
  async function resolveChannel(ctx: BotContext, reference: string, refuse: Refuse): Promise<Target | undefined> {
    const userId = ctx.from?.id ?? 0;
    const named = escapeHtml(reference);
    const channel = await ctx.api.getChat(/^-\d+$/u.test(reference) ? Number(reference) : reference).catch(ignoreTelegramError);
    if (channel === undefined || channel.type !== "channel") {
      await refuse(ctx.t("subscriptions-channel-not-found", { channel: named }));
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
    const language = localeFor(ctx.from?.language_code);
    await store.chats.upsert({ id: channel.id, type: "channel", language, timeZone: guessTimeZone(language) });
    return { chatId: channel.id, chatType: "channel", channel: label, messageThreadId: null };
  }

  /**
   * The target of a settings button: this chat (undefined), or a channel's `-100…` id, which only a
   * private chat manages. Null for a button that cannot be right: another group's id (a group since
   * moved to a supergroup), a private chat's, or a channel's outside a private chat.
   */
  function channelOf(ctx: BotContext, chatId: number): string | undefined | null {
    if (chatId === ctx.chat?.id) return undefined;
    const reference = String(chatId);
    return ctx.chat?.type === "private" && CHANNEL_REFERENCE.test(reference) ? reference : null;
  }

  /** Leaves a running setup and starts a new one. */
  async function enterSubscribe(ctx: BotContext, draft: SubscribeDraft): Promise<void> {
    await ctx.conversation.exit(SUBSCRIBE_CONVERSATION);
    await ctx.conversation.enter(SUBSCRIBE_CONVERSATION, draft);
  }

  async function startSubscribe(ctx: BotContext, words: string, refuse: Refuse): Promise<void> {
    const parsed = parseSubscribeArguments(words, deps.topics());
    if (parsed.unknown.length > 0) {
      await refuse(ctx.t("subscriptions-unknown-words", { words: echoWords(parsed.unknown) }));
      return;
    }
    const target = await resolveTarget(ctx, parsed.channel, refuse);
    if (target === undefined || ctx.from === undefined) return;
    const [existing, chat] = await Promise.all([store.subscriptions.get(target.chatId), store.chats.get(target.chatId)]);
    const locale = await ctx.i18n.getLocale();
    // Undefined fields vanish when the draft is stored as JSON: the conversation asks for them.
    await enterSubscribe(ctx, {
      chatId: target.chatId,
      chatType: target.chatType,
      channel: target.channel,
      messageThreadId: target.messageThreadId,
      userId: ctx.from.id,
      topics: parsed.topics.length > 0 ? parsed.topics : undefined,
      preselectedTopics: existing?.topics,
      deliveryTime: parsed.deliveryTime,
      timeZone: parsed.timeZone,
      suggestedTimeZone: existing?.timeZone ?? chat?.timeZone ?? guessTimeZone(locale),
    });
  }

  /** The subscription of the target, or a "none yet" answer. */
  async function subscriptionOf(ctx: BotContext, target: Target, refuse: Refuse): Promise<Subscription | undefined> {
    const subscription = await store.subscriptions.get(target.chatId);
    if (subscription === undefined) await refuse(ctx.t("subscriptions-none"));
    return subscription;
  }

  /** Parses the words of a management command: an optional channel and, if allowed, topics. */
  async function commandTarget(
    ctx: BotContext & { match: string },
    options: { topics: boolean; viewOnly?: boolean },
  ): Promise<{ target: Target; topics: TopicId[] } | undefined> {
    const refuse = replyRefusal(ctx);
    const parsed = parseSubscribeArguments(ctx.match, deps.topics());
    const unknown = [
      ...parsed.unknown,
      ...(options.topics ? [] : parsed.topics),
      ...[parsed.deliveryTime, parsed.timeZone].filter((word): word is string => word !== undefined),
    ];
    if (unknown.length > 0) {
      await refuse(ctx.t("subscriptions-unexpected-words", { words: echoWords(unknown) }));
      return undefined;
    }
    const target = await resolveTarget(ctx, parsed.channel, refuse, options.viewOnly);
    return target === undefined ? undefined : { target, topics: parsed.topics };
  }

  composer.command("subscribe", (ctx) => startSubscribe(ctx, ctx.match, replyRefusal(ctx)));

  composer.command("settings", async (ctx) => {
    const resolved = await commandTarget(ctx, { topics: false, viewOnly: true });
    if (resolved === undefined) return;
    const subscription = await subscriptionOf(ctx, resolved.target, replyRefusal(ctx));
    if (subscription === undefined) return;
    const locale = await ctx.i18n.getLocale();
    const lines = [
      ...(resolved.target.channel === undefined
        ? []
        : [ctx.t("subscriptions-saved-channel", { channel: escapeHtml(resolved.target.channel) })]),
      ctx.t("subscriptions-settings", {
        topics: topicNames(deps.topics().topics, locale, subscription.topics),
        time: subscription.deliveryTime,
        zone: subscription.timeZone,
        status: subscription.paused ? ctx.t("subscriptions-status-paused") : ctx.t("subscriptions-status-active"),
        next: subscription.paused
          ? ctx.t("subscriptions-next-after-resume")
          : formatRunAt(ctx.t, locale, subscription.nextRunAt, subscription.timeZone),
      }),
    ];
    const button = (label: string, field: SettingsField): [string, string] => [
      label,
      encodeCallback({ kind: "settings", field, chatId: subscription.chatId }),
    ];
    const keyboard = new InlineKeyboard()
      .text(...button(ctx.t("subscriptions-settings-topics-button"), "topics"))
      .text(...button(ctx.t("subscriptions-settings-time-button"), "time"))
      .text(...button(ctx.t("subscriptions-settings-zone-button"), "zone"));
    await ctx.reply(lines.join("\n"), { parse_mode: "HTML", reply_markup: keyboard });
  });

  composer.command("unsubscribe", async (ctx) => {
    const resolved = await commandTarget(ctx, { topics: true });
    if (resolved === undefined) return;
    const { target, topics } = resolved;
    const subscription = await subscriptionOf(ctx, target, replyRefusal(ctx));
    if (subscription === undefined) return;
    const removed = topics.filter((topic) => subscription.topics.includes(topic));
    const locale = await ctx.i18n.getLocale();
    const names = (ids: readonly string[]): string => topicNames(deps.topics().topics, locale, ids);
    if (topics.length > 0 && removed.length === 0) {
      await ctx.reply(
        ctx.t("subscriptions-not-subscribed-topics", {
          topics: names(topics),
          current: names(subscription.topics),
        }),
      );
      return;
    }
    const left = topics.length === 0 ? undefined : await store.subscriptions.removeTopics(target.chatId, removed);
    if (left === undefined || left.topics.length === 0) {
      // The last topic gone means no digest at all.
      await store.subscriptions.delete(target.chatId);
      await ctx.reply(ctx.t("subscriptions-unsubscribed"));
      return;
    }
    await ctx.reply(
      ctx.t("subscriptions-unsubscribed-topics", {
        removed: names(removed),
        topics: names(left.topics),
      }),
    );
  });

  composer.command("pause", async (ctx) => {
    const resolved = await commandTarget(ctx, { topics: false });
    if (resolved === undefined) return;
    const subscription = await subscriptionOf(ctx, resolved.target, replyRefusal(ctx));
    if (subscription === undefined) return;
    if (subscription.paused) {
      await ctx.reply(ctx.t("subscriptions-already-paused"));
      return;
    }
    await store.subscriptions.setPaused(subscription.chatId, true);
    await ctx.reply(ctx.t("subscriptions-paused"));
  });

  composer.command("resume", async (ctx) => {
    const resolved = await commandTarget(ctx, { topics: false });
    if (resolved === undefined) return;
    const subscription = await subscriptionOf(ctx, resolved.target, replyRefusal(ctx));
    if (subscription === undefined) return;
    const locale = await ctx.i18n.getLocale();
    if (!subscription.paused) {
      const next = formatRunAt(ctx.t, locale, subscription.nextRunAt, subscription.timeZone);
      await ctx.reply(ctx.t("subscriptions-not-paused", { next }));
      return;
    }
    // Digests missed while paused are skipped: the next one is the next delivery time from now.
    const runAt = nextRunAt(subscription.deliveryTime, subscription.timeZone, deps.now());
    await store.subscriptions.setPaused(subscription.chatId, false);
    await store.subscriptions.setNextRun(subscription.chatId, runAt);
    await ctx.reply(ctx.t("subscriptions-resumed", { next: formatRunAt(ctx.t, locale, runAt, subscription.timeZone) }));
  });

  composer.command("digest", async (ctx) => {
    const resolved = await commandTarget(ctx, { topics: false });
    if (resolved === undefined) return;
    if (deps.digest === undefined) {
      await ctx.reply(ctx.t("subscriptions-digest-unavailable"));
      return;
    }
    const outcome = await deps.digest.sendNow(resolved.target.chatId, deps.now());
    if (outcome === "nothing-new") await ctx.reply(ctx.t("subscriptions-digest-nothing-new"));
    else if (outcome === "failed") await ctx.reply(ctx.t("subscriptions-digest-failed"));
    else if (resolved.target.channel !== undefined) {
      // The digest went to the channel; say so here, where the command was typed.
      await ctx.reply(ctx.t("subscriptions-digest-sent-to", { channel: escapeHtml(resolved.target.channel) }), { parse_mode: "HTML" });
    }
  });

  composer.on("callback_query:data", async (ctx, next) => {
    const action = decodeCallback(ctx.callbackQuery.data);
    // A press is answered once: with an alert when refused, plainly otherwise.
    let answered = false;
    const alert: Refuse = (text) => {
      answered = true;
      return ctx.answerCallbackQuery({ text: stripTags(text), show_alert: true });
    };
    if ((action?.kind === "subscribe" || action?.kind === "settings") && ctx.chat === undefined) {
      // No chat to hold a dialogue in (an inline message, or forged data).
      await alert(ctx.t("subscriptions-expired"));
      return;
    }
    if (action?.kind === "subscribe") {
      await startSubscribe(ctx, "", alert);
      if (!answered) await ctx.answerCallbackQuery();
      return;
    }
    if (action?.kind === "settings") {
      const channel = channelOf(ctx, action.chatId);
      if (channel === null) {
        await alert(ctx.t("subscriptions-expired"));
        return;
      }
      const target = await resolveTarget(ctx, channel, alert);
      const subscription = target === undefined ? undefined : await subscriptionOf(ctx, target, alert);
      if (target === undefined || subscription === undefined) {
        if (!answered) await ctx.answerCallbackQuery();
        return;
      }
      await ctx.answerCallbackQuery();
      await enterSubscribe(ctx, draftFromSubscription(subscription, target, ctx.from.id, action.field, deps.topics()));
      return;
    }
    if (isConversationAction(action)) {
      // A button of an earlier step (a double tap) while a setup runs: nothing to say. Otherwise
      // the setup has ended (finished, cancelled or timed out).
      const running = ctx.conversation.active(SUBSCRIBE_CONVERSATION) > 0;
      await ctx.answerCallbackQuery(running ? {} : { text: ctx.t("subscriptions-expired"), show_alert: true });
      return;
    }
    await next();
  });

  return composer;
}

/** A draft that asks one field again and keeps the rest of the subscription as it is. */
function draftFromSubscription(
  subscription: Subscription,
  target: Target,
  userId: number,
  field: SettingsField,
  catalog: TopicCatalog,
): SubscribeDraft {
  // Topics removed from topics.yaml since are not saved again; with none left, the topics step is asked.
  const topics = subscription.topics.filter((topic) => catalog.byId(topic) !== undefined);
  return {
    chatId: subscription.chatId,
    chatType: target.chatType,
    channel: target.channel,
    messageThreadId: subscription.messageThreadId,
    userId,
    topics: topics.length === 0 ? undefined : topics,
    deliveryTime: subscription.deliveryTime,
    timeZone: subscription.timeZone,
    suggestedTimeZone: subscription.timeZone,
    paused: subscription.paused,
    ask: field,
  };
}

/** A Telegram refusal (chat not found, not a member) reads as "no"; anything else is a real failure. */
function ignoreTelegramError(error: unknown): undefined {
  if (error instanceof GrammyError) return undefined;
  throw error;
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

/** Unknown words as they may appear in an answer: escaped, and cut so the answer stays far below Telegram's limit. */
function echoWords(words: readonly string[]): string {
  const joined = words.join(" ");
  return escapeHtml(joined.length <= ECHO_WORDS_CHARS ? joined : `${joined.slice(0, ECHO_WORDS_CHARS - 1)}…`);
}

/** Alerts are plain text: the HTML of a message text would show as tags. */
function stripTags(html: string): string {
  return html.replace(/<[^>]+>/gu, "");
}
