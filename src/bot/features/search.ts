/**
 * Plain text in a private chat: a topic's name (`космос`, `arctic`) gets that topic's briefing,
 * anything else is searched like an inline query, and the best matches come back as one message
 * with a button per section and a Share button that opens the same search in inline mode.
 */
import { Composer, InlineKeyboard } from "grammy";
import type { ContentLibrary } from "../../content/library.js";
import type { SearchIndex } from "../../content/search.js";
import { composeSearchHit, MAX_BRIEFING_SECTIONS, sectionLabel } from "../../format/briefing.js";
import { escapeHtml, shorten, splitHtml } from "../../format/html.js";
import type { BotContext } from "../context.js";
import { encodeCallback, sectionKey } from "../payloads.js";
import { BUTTON_LABEL_CHARS, findSection, replyWithBriefing, topicKeyboard } from "./briefings.js";
import { INLINE_QUERY_LIMIT_CHARS } from "./inline.js";

/** A query echoed back in the answer is cut to this many characters. */
const ECHO_CHARS = 60;

export interface SearchDependencies {
  /** The current content; a function because seeds can be reloaded while the bot runs. */
  library: () => ContentLibrary;
  /** The search index of a library, shared with inline mode. */
  searchIndex: (library: ContentLibrary) => SearchIndex;
}

export function searchFeature(deps: SearchDependencies): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.chatType("private").on("message:text", async (ctx, next) => {
    const text = ctx.message.text.trim();
    // Commands (known or not) are for the other features and for `unhandled`.
    if (text.startsWith("/") || text === "") return next();
    const library = deps.library();
    const topic = library.topics.find(text);
    if (topic !== undefined) return replyWithBriefing(ctx, topic.id, deps);
    await replyWithSearch(ctx, library, deps.searchIndex(library), text.slice(0, INLINE_QUERY_LIMIT_CHARS));
  });
  return composer;
}

/** The best sections for `query`, quoted where they match, or the topics when nothing matches. */
async function replyWithSearch(ctx: BotContext, library: ContentLibrary, index: SearchIndex, query: string): Promise<void> {
  const locale = await ctx.i18n.getLocale();
  const echo = escapeHtml(shorten(query, ECHO_CHARS));
  const entries = index
    .search(query)
    .slice(0, MAX_BRIEFING_SECTIONS)
    .flatMap((hit) => findSection(library, sectionKey(hit.sectionId)) ?? []);
  if (entries.length === 0) {
    await ctx.reply(ctx.t("search-nothing-found", { query: echo }), { parse_mode: "HTML", reply_markup: topicKeyboard(library, locale) });
    return;
  }
  const blocks = entries.map((entry) => composeSearchHit(library.topics, entry, query, ctx.t, locale).html);
  const keyboard = new InlineKeyboard();
  for (const entry of entries) {
    const label = ctx.t("briefing-full-text-section-button", { heading: shorten(sectionLabel(entry), BUTTON_LABEL_CHARS) });
    keyboard.text(label, encodeCallback({ kind: "full", sectionKey: sectionKey(entry.section.id) })).row();
  }
  keyboard.switchInline(ctx.t("briefing-share-button"), query);
  const parts = splitHtml([ctx.t("search-results-header", { query: echo }), ...blocks].join("\n\n"));
  for (const [position, part] of parts.entries()) {
    const last = position === parts.length - 1;
    await ctx.reply(part, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, ...(last ? { reply_markup: keyboard } : {}) });
  }
}
