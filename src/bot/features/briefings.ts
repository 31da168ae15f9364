/**
 * Topic briefings: one command per topic plus aliases, the topic buttons, "Full text" and "Share".
 */
import { Composer, InlineKeyboard } from "grammy";
import { perLibrary, type ContentLibrary } from "../../content/library.js";
import { TOPICS, topicById } from "../../content/topics.js";
import type { TopicId } from "../../content/types.js";
import { briefingFor, composeFullText, sectionLabel, type SectionWithDocument } from "../../format/briefing.js";
import { decodeCallback, encodeCallback, sectionKey } from "../payloads.js";
import type { BotContext } from "../context.js";

/** Telegram shows about this many characters of a button label before cutting it. */
const BUTTON_LABEL_CHARS = 40;

export interface BriefingsDependencies {
  /** The current content; a function because seeds can be reloaded while the bot runs. */
  library: () => ContentLibrary;
  /** Offer a "Subscribe" button under every briefing (when the bot has a store to keep subscriptions). */
  subscribeButton?: boolean;
}

/** Sends the briefing of `topic` with its buttons, or says the topic has no content yet. */
export async function replyWithBriefing(
  ctx: BotContext,
  topic: TopicId,
  deps: BriefingsDependencies,
  offset = 0,
): Promise<void> {
  const locale = await ctx.i18n.getLocale();
  const briefing = briefingFor(deps.library(), topic, ctx.t, locale, offset);
  if (briefing === undefined && offset > 0) {
    // The content changed since the "More" button was sent: start again from the newest.
    await replyWithBriefing(ctx, topic, deps);
    return;
  }
  if (briefing === undefined) {
    await ctx.reply(ctx.t("briefing-empty", { topic: ctx.t(`topic-${topic}-name`) }), { parse_mode: "HTML" });
    return;
  }
  const keyboard = new InlineKeyboard();
  for (const entry of briefing.sections) {
    const label =
      briefing.sections.length === 1
        ? ctx.t("briefing-full-text-button")
        : ctx.t("briefing-full-text-section-button", { heading: shorten(sectionLabel(entry)) });
    keyboard.text(label, encodeCallback({ kind: "full", sectionKey: sectionKey(entry.section.id) })).row();
  }
  // Older sections page by page, so every section of the topic is reachable from its command.
  if (briefing.nextOffset !== undefined) {
    keyboard.text(ctx.t("briefing-more-button", { count: briefing.remaining }), encodeCallback({ kind: "more", topic, offset: briefing.nextOffset })).row();
  }
  const definition = topicById(topic);
  keyboard.switchInline(ctx.t("briefing-share-button"), definition.command);
  if (deps.subscribeButton === true) {
    keyboard.row().text(ctx.t("subscriptions-subscribe-button"), encodeCallback({ kind: "subscribe" }));
  }
  await ctx.reply(briefing.html, {
    parse_mode: "HTML",
    reply_markup: keyboard,
    link_preview_options: { is_disabled: true },
  });
}

/** An inline keyboard with one button per topic, two per row. */
export function topicKeyboard(ctx: BotContext): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  TOPICS.forEach((topic, index) => {
    keyboard.text(ctx.t(`topic-${topic.id}-name`), encodeCallback({ kind: "topic", topic: topic.id }));
    if (index % 2 === 1) keyboard.row();
  });
  return keyboard;
}

export function briefingsFeature(deps: BriefingsDependencies): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("topics", async (ctx) => {
    const lines = TOPICS.map((topic) =>
      ctx.t("topics-line", {
        name: ctx.t(`topic-${topic.id}-name`),
        command: topic.command,
        about: ctx.t(`topic-${topic.id}-about`),
      }),
    );
    await ctx.reply([ctx.t("topics-header"), ...lines].join("\n\n"), {
      parse_mode: "HTML",
      reply_markup: topicKeyboard(ctx),
    });
  });

  for (const topic of TOPICS) {
    composer.command([topic.command, ...topic.aliases], (ctx) => replyWithBriefing(ctx, topic.id, deps));
  }

  composer.on("callback_query:data", async (ctx, next) => {
    const action = decodeCallback(ctx.callbackQuery.data);
    if (action?.kind === "topic") {
      const topic = TOPICS.find((definition) => definition.id === action.topic);
      if (topic !== undefined && ctx.chat === undefined) {
        // A button without a chat to answer in (an inline message): open the bot on the topic instead.
        await ctx.answerCallbackQuery({ url: topicDeepLink(ctx, topic.id) });
        return;
      }
      await ctx.answerCallbackQuery();
      if (topic === undefined) return;
      await replyWithBriefing(ctx, topic.id, deps);
      return;
    }
    if (action?.kind === "more") {
      const topic = topicById(action.topic);
      if (topic === undefined || ctx.chat === undefined) {
        await ctx.answerCallbackQuery(topic === undefined ? {} : { url: topicDeepLink(ctx, topic.id) });
        return;
      }
      await ctx.answerCallbackQuery();
      await replyWithBriefing(ctx, topic.id, deps, action.offset);
      return;
    }
    if (action?.kind === "full") {
      const entry = findSection(deps.library(), action.sectionKey);
      if (entry === undefined) {
        await ctx.answerCallbackQuery({ text: ctx.t("briefing-section-gone"), show_alert: true });
        return;
      }
      if (ctx.chat === undefined) {
        await ctx.answerCallbackQuery({ url: topicDeepLink(ctx, entry.section.topics[0] ?? "overview") });
        return;
      }
      await ctx.answerCallbackQuery();
      const locale = await ctx.i18n.getLocale();
      // Parts go out in order: each waits for the previous one, so the chat reads top to bottom.
      for (const part of composeFullText(entry, ctx.t, locale)) {
        await ctx.reply(part, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
      }
      return;
    }
    await next();
  });

  return composer;
}

/** The section a payload key points to, with its document; undefined when it is gone. */
export function findSection(library: ContentLibrary, key: string): SectionWithDocument | undefined {
  const section = sectionsByKey(library).get(key);
  const document = section === undefined ? undefined : library.document(section.documentId);
  return section === undefined || document === undefined ? undefined : { section, document };
}

/** Sections by their payload key, built once per library instead of hashing every id per lookup. */
const sectionsByKey = perLibrary(
  (library) => new Map(library.sections().map((section) => [sectionKey(section.id), section])),
);

/** The link that opens a private chat with the bot on `topic` (`/start <command>`), as answerCallbackQuery allows. */
function topicDeepLink(ctx: BotContext, topic: TopicId): string {
  return `https://t.me/${ctx.me.username}?start=${topicById(topic).command}`;
}

function shorten(label: string): string {
  return label.length <= BUTTON_LABEL_CHARS ? label : `${label.slice(0, BUTTON_LABEL_CHARS - 1)}…`;
}
