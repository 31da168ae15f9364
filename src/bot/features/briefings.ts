/**
 * Topic briefings: one command per topic plus aliases, the topic buttons, "Full text" and "Share".
 * The topics come with the library (`topics.yaml`), so their commands follow a reload too.
 */
import { Composer, InlineKeyboard, type MiddlewareFn } from "grammy";
import { perLibrary, type ContentLibrary } from "../../content/library.js";
import { topicDescription, topicName, type Topic } from "../../content/topics.js";
import type { TopicId } from "../../content/types.js";
import { escapeHtml, shorten } from "../../format/html.js";
import { briefingFor, composeFullText, sectionLabel, type Briefing, type SectionWithDocument } from "../../format/briefing.js";
import { decodeCallback, encodeCallback, sectionKey } from "../payloads.js";
import type { BotContext } from "../context.js";

/** Telegram shows about this many characters of a button label before cutting it. */
export const BUTTON_LABEL_CHARS = 40;

export interface BriefingsDependencies {
  /** The current content; a function because seeds can be reloaded while the bot runs. */
  library: () => ContentLibrary;
}

/** Sends the briefing of `topic` with its buttons, or says the topic has no content yet. */
export async function replyWithBriefing(
  ctx: BotContext,
  topic: TopicId,
  deps: BriefingsDependencies,
  offset = 0,
): Promise<void> {
  const locale = await ctx.i18n.getLocale();
  const library = deps.library();
  const definition = library.topics.byId(topic);
  // A button of a topic that has since been removed from topics.yaml.
  if (definition === undefined) {
    await ctx.reply(ctx.t("briefing-topic-gone"), { reply_markup: topicKeyboard(library, locale) });
    return;
  }
  const briefing = briefingFor(library, topic, ctx.t, locale, offset);
  if (briefing === undefined && offset > 0) {
    // The content changed since the "More" button was sent: start again from the newest.
    await replyWithBriefing(ctx, topic, deps);
    return;
  }
  if (briefing === undefined) {
    await ctx.reply(ctx.t("briefing-empty", { topic: escapeHtml(topicName(definition, locale)) }), { parse_mode: "HTML" });
    return;
  }
  const keyboard = briefingKeyboard(library, { topic: definition, locale, offset, username: ctx.me.username }, briefing, ctx.t);
  await ctx.reply(briefing.html, {
    parse_mode: "HTML",
    reply_markup: keyboard,
    link_preview_options: { is_disabled: true },
  });
}

/**
 * The buttons under a briefing: its sections' full texts, "More", sharing and subscribing. The
 * same for everyone who asks for the topic in one language, so built once per library and kept,
 * like the briefing's text.
 */
function briefingKeyboard(
  library: ContentLibrary,
  request: { topic: Topic; locale: string; offset: number; username: string },
  briefing: Briefing,
  t: BotContext["t"],
): InlineKeyboard {
  const { topic, locale, offset, username } = request;
  const cache = briefingKeyboards(library);
  const key = `${topic.id}\u0000${locale}\u0000${offset}\u0000${username}`;
  let keyboard = cache.get(key);
  if (keyboard !== undefined) return keyboard;
  keyboard = new InlineKeyboard();
  for (const entry of briefing.sections) {
    const label =
      briefing.sections.length === 1
        ? t("briefing-full-text-button")
        : t("briefing-full-text-section-button", { heading: shorten(sectionLabel(entry), BUTTON_LABEL_CHARS) });
    keyboard.text(label, encodeCallback({ kind: "full", sectionKey: sectionKey(entry.section.id) })).row();
  }
  // Older sections page by page, so every section of the topic is reachable from its command.
  if (briefing.nextOffset !== undefined) {
    keyboard.text(t("briefing-more-button", { count: briefing.remaining }), encodeCallback({ kind: "more", topic: topic.id, offset: briefing.nextOffset })).row();
  }
  // Sharing, the other half of what people use the bot for: any chat, a contact or group picked
  // in one tap, or the deep link to paste anywhere.
  keyboard
    .switchInline(t("briefing-share-button"), topic.command)
    .switchInlineChosen(t("briefing-send-to-contact-button"), { query: topic.command, allow_user_chats: true, allow_group_chats: true })
    .row()
    .copyText(t("briefing-copy-link-button"), deepLink(username, topic.command))
    .text(t("subscriptions-subscribe-button"), encodeCallback({ kind: "subscribe" }));
  cache.set(key, keyboard);
  return keyboard;
}

/** Briefing keyboards per topic, language, page and bot, for one library (bounded by those). */
const briefingKeyboards = perLibrary(() => new Map<string, InlineKeyboard>());

/** Topic buttons per row: names such as "💱 Trade and economy" fit two to a row on a phone. */
const TOPIC_BUTTONS_PER_ROW = 2;

/** An inline keyboard with one button per topic. */
export function topicKeyboard(library: ContentLibrary, locale: string): InlineKeyboard {
  const buttons = library.topics.topics.map((topic) => InlineKeyboard.text(topicName(topic, locale), encodeCallback({ kind: "topic", topic: topic.id })));
  return new InlineKeyboard([buttons]).toFlowed(TOPIC_BUTTONS_PER_ROW);
}


export function briefingsFeature(deps: BriefingsDependencies): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("topics", async (ctx) => {
    const library = deps.library();
    const locale = await ctx.i18n.getLocale();
    const lines = library.topics.topics.map((topic: Topic) => {
      const about = topicDescription(topic, locale);
      return ctx.t(about === "" ? "topics-line-plain" : "topics-line", {
        name: escapeHtml(topicName(topic, locale)),
        command: topic.command,
        about: escapeHtml(about),
      });
    });
    await ctx.reply([ctx.t("topics-header"), ...lines].join("\n\n"), {
      parse_mode: "HTML",
      reply_markup: topicKeyboard(library, locale),
    });
  });

  // The commands of the library's topics and their aliases, built once per library: a changed
  // topics file brings its new commands without a restart.
  // One command filter for them all and a lookup, rather than one filter per topic in turn.
  const topicCommands = perLibrary((library): MiddlewareFn<BotContext> => {
    const topicByCommand = new Map<string, TopicId>();
    for (const topic of library.topics.topics) {
      for (const command of [topic.command, ...topic.aliases]) topicByCommand.set(command, topic.id);
    }
    const commands = new Composer<BotContext>();
    commands.command([...topicByCommand.keys()], async (ctx, next) => {
      const topic = topicByCommand.get(commandName(ctx));
      if (topic === undefined) await next();
      else await replyWithBriefing(ctx, topic, deps);
    });
    return commands.middleware();
  });
  composer.use((ctx, next) => topicCommands(deps.library())(ctx, next));

  composer.on("callback_query:data", async (ctx, next) => {
    const action = decodeCallback(ctx.callbackQuery.data);
    if (action?.kind === "topic" || action?.kind === "more") {
      const topic = deps.library().topics.byId(action.topic);
      if (ctx.chat === undefined) {
        // A button without a chat to answer in (an inline message): open the bot on the topic instead.
        await ctx.answerCallbackQuery(topic === undefined ? {} : { url: topicDeepLink(ctx, topic) });
        return;
      }
      await ctx.answerCallbackQuery();
      await replyWithBriefing(ctx, action.topic, deps, action.kind === "more" ? action.offset : 0);
      return;
    }
    if (action?.kind === "full") {
      const entry = findSection(deps.library(), action.sectionKey);
      if (entry === undefined) {
        await ctx.answerCallbackQuery({ text: ctx.t("briefing-section-gone"), show_alert: true });
        return;
      }
      if (ctx.chat === undefined) {
        await ctx.answerCallbackQuery({ url: deepLink(ctx.me.username, deps.library().topics.byId(entry.section.topics[0] ?? "")?.command) });
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

/** The command of a message that grammY's `command` matched: "/space@bot rest" is "space". */
function commandName(ctx: BotContext): string {
  const message = ctx.message ?? ctx.channelPost;
  const text = message?.text ?? message?.caption ?? "";
  const entity = message?.entities?.find((candidate) => candidate.type === "bot_command" && candidate.offset === 0);
  const command = text.substring(1, entity?.length ?? 0);
  const at = command.indexOf("@");
  return at === -1 ? command : command.slice(0, at);
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
function topicDeepLink(ctx: BotContext, topic: Topic): string {
  return deepLink(ctx.me.username, topic.command);
}

/** The link that opens a private chat with the bot, on a topic command when one is given. */
export function deepLink(username: string, command: string | undefined): string {
  return `https://t.me/${username}${command === undefined ? "" : `?start=${command}`}`;
}
