/**
 * Daily digest subscriptions: /subscribe (and the Subscribe button under briefings), /settings,
 * /unsubscribe, /pause, /resume and /digest. In groups only admins change the digest; a channel's
 * digest is set up from a private chat by one of its admins (`/subscribe @channel`). The rules are
 * the subscription service's; each handler turns a command into a call and its outcome into a reply.
 */
import { Composer, InlineKeyboard, type CommandContext } from "grammy";
import type { TopicId } from "../../content/types.js";
import { escapeHtml } from "../../format/html.js";
import { unexpectedWords, type SubscriptionService } from "../../subscriptions/index.js";
import type { BotContext } from "../context.js";
import { decodeCallback, encodeCallback, type SettingsField } from "../payloads.js";
import { channelOfButton, resolveTarget, type Refuse, type Target } from "./chat-admins.js";
import { isConversationAction, SUBSCRIBE_CONVERSATION, type SubscribeDraft } from "./conversation.js";
import { echo, formatRunAt, settingsText, topicNames } from "./subscription-text.js";

export interface SubscriptionsDependencies {
  subscriptions: SubscriptionService;
}

/** Unknown words are echoed back up to this many characters. */
const ECHO_WORDS_CHARS = 100;

export function subscriptionsFeature({ subscriptions }: SubscriptionsDependencies): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const replyRefusal = (ctx: BotContext): Refuse => (text) => ctx.reply(text, { parse_mode: "HTML" });
  const replyNone = (ctx: BotContext): Promise<unknown> => replyRefusal(ctx)(ctx.t("subscriptions-none"));

  async function startSubscribe(ctx: BotContext, words: string, refuse: Refuse): Promise<void> {
    const parsed = subscriptions.parse(words);
    if (parsed.unknown.length > 0) {
      await refuse(ctx.t("subscriptions-unknown-words", { words: echo(parsed.unknown.join(" "), ECHO_WORDS_CHARS) }));
      return;
    }
    const target = await resolveTarget(ctx, subscriptions, { channel: parsed.channel, refuse });
    if (target === undefined || ctx.from === undefined) return;
    const start = await subscriptions.startingPoint(target.chatId, await ctx.i18n.getLocale());
    // Undefined fields vanish when the draft is stored as JSON: the conversation asks for them.
    await enterSubscribe(ctx, {
      ...target,
      userId: ctx.from.id,
      topics: parsed.topics.length > 0 ? parsed.topics : undefined,
      preselectedTopics: start.topics,
      deliveryTime: parsed.deliveryTime,
      timeZone: parsed.timeZone,
      suggestedTimeZone: start.timeZone,
    });
  }

  /** The handler of a command that manages a digest: its words checked, its chat (and for /unsubscribe topics) given to `run`. */
  function manage(options: { topics?: boolean; viewOnly?: boolean }, run: (ctx: CommandContext<BotContext>, managed: { target: Target; topics: TopicId[] }) => Promise<unknown>) {
    return async (ctx: CommandContext<BotContext>): Promise<void> => {
      const parsed = subscriptions.parse(ctx.match);
      const unexpected = unexpectedWords(parsed, { topics: options.topics === true });
      if (unexpected.length > 0) {
        await replyRefusal(ctx)(ctx.t("subscriptions-unexpected-words", { words: echo(unexpected.join(" "), ECHO_WORDS_CHARS) }));
        return;
      }
      const target = await resolveTarget(ctx, subscriptions, { channel: parsed.channel, refuse: replyRefusal(ctx), viewOnly: options.viewOnly });
      if (target !== undefined) await run(ctx, { target, topics: parsed.topics });
    };
  }

  composer.command("subscribe", (ctx) => startSubscribe(ctx, ctx.match, replyRefusal(ctx)));

  composer.command("settings", manage({ viewOnly: true }, async (ctx, { target }) => {
    const subscription = await subscriptions.get(target.chatId);
    if (subscription === undefined) return replyNone(ctx);
    const text = settingsText(ctx.t, await ctx.i18n.getLocale(), subscriptions.catalog().topics, subscription, target.channel);
    const data = (field: SettingsField): string => encodeCallback({ kind: "settings", field, chatId: subscription.chatId });
    const keyboard = new InlineKeyboard()
      .text(ctx.t("subscriptions-settings-topics-button"), data("topics"))
      .text(ctx.t("subscriptions-settings-time-button"), data("time"))
      .text(ctx.t("subscriptions-settings-zone-button"), data("zone"));
    await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard });
  }));

  composer.command("unsubscribe", manage({ topics: true }, async (ctx, { target, topics }) => {
    const outcome = await subscriptions.unsubscribe(target.chatId, topics);
    const locale = await ctx.i18n.getLocale();
    const names = (ids: readonly string[]): string => topicNames(subscriptions.catalog().topics, locale, ids);
    if (outcome.status === "none") return replyNone(ctx);
    if (outcome.status === "ended") return ctx.reply(ctx.t("subscriptions-unsubscribed"));
    if (outcome.status === "not-subscribed") {
      return ctx.reply(ctx.t("subscriptions-not-subscribed-topics", { topics: names(topics), current: names(outcome.current) }));
    }
    return ctx.reply(ctx.t("subscriptions-unsubscribed-topics", { removed: names(outcome.removed), topics: names(outcome.left) }));
  }));

  composer.command("pause", manage({}, async (ctx, { target }) => {
    const outcome = await subscriptions.pause(target.chatId);
    if (outcome === "none") return replyNone(ctx);
    return ctx.reply(outcome === "paused" ? ctx.t("subscriptions-paused") : ctx.t("subscriptions-already-paused"));
  }));

  composer.command("resume", manage({}, async (ctx, { target }) => {
    const outcome = await subscriptions.resume(target.chatId);
    if (outcome.status === "none") return replyNone(ctx);
    const { nextRunAt, timeZone } = outcome.subscription;
    const next = formatRunAt(ctx.t, await ctx.i18n.getLocale(), nextRunAt, timeZone);
    return ctx.reply(outcome.status === "resumed" ? ctx.t("subscriptions-resumed", { next }) : ctx.t("subscriptions-not-paused", { next }));
  }));

  composer.command("digest", manage({}, async (ctx, { target }) => {
    if ((await subscriptions.get(target.chatId)) === undefined) {
      // Without a subscription there are no "your topics": offer one, or everything at once.
      const keyboard = new InlineKeyboard()
        .text(ctx.t("subscriptions-subscribe-button"), encodeCallback({ kind: "subscribe" }))
        .text(ctx.t("subscriptions-digest-all-button"), encodeCallback({ kind: "digest-all" }));
      return ctx.reply(ctx.t("subscriptions-digest-none"), { reply_markup: keyboard });
    }
    return sendDigestNow(ctx, target);
  }));

  /** Sends `target`'s digest of what is new and says how it went where the command was typed. */
  async function sendDigestNow(ctx: BotContext, target: Target): Promise<unknown> {
    const outcome = await subscriptions.sendDigest(target.chatId);
    if (outcome === "nothing-new") return ctx.reply(ctx.t("subscriptions-digest-nothing-new"));
    if (outcome === "failed") return ctx.reply(ctx.t("subscriptions-digest-failed"));
    // The digest went to the channel; say so here, where the command was typed.
    if (target.channel !== undefined) {
      return ctx.reply(ctx.t("subscriptions-digest-sent-to", { channel: escapeHtml(target.channel) }), { parse_mode: "HTML" });
    }
    return undefined;
  }

  composer.on("callback_query:data", async (ctx, next) => {
    const action = decodeCallback(ctx.callbackQuery.data);
    if (isConversationAction(action)) {
      // A button of an earlier step (a double tap) while a setup runs: nothing to say. Otherwise
      // the setup has ended (finished, cancelled or timed out).
      const running = ctx.conversation.active(SUBSCRIBE_CONVERSATION) > 0;
      await ctx.answerCallbackQuery(running ? {} : { text: ctx.t("subscriptions-expired"), show_alert: true });
      return;
    }
    if (action?.kind !== "subscribe" && action?.kind !== "settings" && action?.kind !== "digest-all") return next();
    // A press is answered once: with an alert when refused, plainly otherwise.
    let answered = false;
    const alert: Refuse = (text) => {
      answered = true;
      // Alerts are plain text: the HTML of a message text would show as tags.
      return ctx.answerCallbackQuery({ text: text.replace(/<[^>]+>/gu, ""), show_alert: true });
    };
    if (ctx.chat === undefined) {
      // No chat to hold a dialogue in (an inline message, or forged data).
      await alert(ctx.t("subscriptions-expired"));
    } else if (action.kind === "subscribe") {
      await startSubscribe(ctx, "", alert);
    } else if (action.kind === "digest-all") {
      const target = await resolveTarget(ctx, subscriptions, { refuse: alert });
      if (target !== undefined) {
        answered = true;
        await ctx.answerCallbackQuery();
        await sendDigestNow(ctx, target);
      }
    } else {
      const draft = await settingsDraftFor(ctx, action.chatId, action.field, alert);
      if (draft !== undefined) {
        answered = true;
        await ctx.answerCallbackQuery();
        await enterSubscribe(ctx, draft);
      }
    }
    if (!answered) await ctx.answerCallbackQuery();
  });

  /** What a settings button opens: the setup again, asking `field` and keeping the rest of the subscription as it is. */
  async function settingsDraftFor(ctx: BotContext, chatId: number, field: SettingsField, alert: Refuse): Promise<SubscribeDraft | undefined> {
    const channel = channelOfButton(ctx, chatId);
    if (channel === null) {
      await alert(ctx.t("subscriptions-expired"));
      return undefined;
    }
    const target = await resolveTarget(ctx, subscriptions, { channel, refuse: alert });
    if (target === undefined || ctx.from === undefined) return undefined;
    const subscription = await subscriptions.get(target.chatId);
    if (subscription === undefined) {
      await alert(ctx.t("subscriptions-none"));
      return undefined;
    }
    const { deliveryTime, timeZone, paused, messageThreadId } = subscription;
    // With no live topic left, the topics step is asked.
    const topics = subscriptions.liveTopics(subscription);
    const kept = { topics: topics.length === 0 ? undefined : topics, deliveryTime, timeZone, messageThreadId, paused };
    return { ...target, userId: ctx.from.id, ...kept, suggestedTimeZone: timeZone, ask: field };
  }

  return composer;
}

/** Leaves a running setup and starts a new one. */
async function enterSubscribe(ctx: BotContext, draft: SubscribeDraft): Promise<void> {
  await ctx.conversation.exit(SUBSCRIBE_CONVERSATION);
  await ctx.conversation.enter(SUBSCRIBE_CONVERSATION, draft);
}
