/**
 * Inline mode: `@bot space` in any chat. An empty query lists every topic, a topic name in any
 * language puts that topic's briefing first, anything else searches every section.
 */
import { Composer, InlineKeyboard, InlineQueryResultBuilder } from "grammy";
import type { InlineQueryResult } from "grammy/types";
import { perLibrary, type ContentLibrary } from "../../content/library.js";
import { createSearchIndex, matchingSentences, queryStems, type SearchIndex } from "../../content/search.js";
import { findTopic, TOPICS, topicById } from "../../content/topics.js";
import type { TopicId } from "../../content/types.js";
import { briefingFor, composeExcerpt, sectionLabel } from "../../format/briefing.js";
import { highlightStems } from "../../format/highlight.js";
import type { StatsRepository } from "../../store/types.js";
import type { BotContext } from "../context.js";
import { decodeInlineResultId, encodeInlineResultId, sectionKey } from "../payloads.js";
import { findSection } from "./briefings.js";

/** Telegram accepts at most this many results per answer; more come through `next_offset`. */
export const INLINE_RESULTS_PER_PAGE = 50;
/** Telegram's limit for an inline query text, in characters. */
export const INLINE_QUERY_LIMIT_CHARS = 256;
/**
 * How long Telegram may reuse an answer (seconds). Short, because seeds can change while the bot
 * runs; answers are per user (`is_personal`) because they are in the user's language.
 */
const INLINE_CACHE_SECONDS = 60;
/** A result description shows about two lines; longer text is cut by Telegram anyway. */
const DESCRIPTION_CHARS = 120;

export interface InlineDependencies {
  /** The current content; a function because seeds can be reloaded while the bot runs. */
  library: () => ContentLibrary;
  /** Where chosen results are counted; absent when the bot runs without a store. */
  stats?: StatsRepository;
}

export function inlineFeature(deps: InlineDependencies): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  // One search index per loaded library: built on first use, dropped with the library.
  const searchIndex = perLibrary((library) => createSearchIndex(library.sections()));

  composer.on("inline_query", async (ctx) => {
    const query = ctx.inlineQuery.query.trim().slice(0, INLINE_QUERY_LIMIT_CHARS);
    const library = deps.library();
    const locale = await ctx.i18n.getLocale();
    const results = listResults(ctx, library, searchIndex(library), query, locale);
    const offset = parseOffset(ctx.inlineQuery.offset);
    // Only the page asked for is composed: a broad query over many documents matches thousands.
    const page = results.slice(offset, offset + INLINE_RESULTS_PER_PAGE).flatMap((build) => build() ?? []);
    // A decimal index: always far below Telegram's 64-byte limit for next_offset.
    const nextOffset = offset + INLINE_RESULTS_PER_PAGE < results.length ? String(offset + INLINE_RESULTS_PER_PAGE) : "";
    await ctx.answerInlineQuery(page, {
      cache_time: INLINE_CACHE_SECONDS,
      is_personal: true,
      next_offset: nextOffset,
      // No result: a button into the bot instead of an empty list or an error.
      ...(results.length === 0 ? { button: { text: ctx.t("inline-nothing-found"), start_parameter: "help" } } : {}),
    });
  });

  composer.on("chosen_inline_result", async (ctx) => {
    const ref = decodeInlineResultId(ctx.chosenInlineResult.result_id);
    const topic =
      ref?.kind === "topic"
        ? topicById(ref.topic)?.id
        : ref?.kind === "section"
          ? findSection(deps.library(), ref.sectionKey)?.section.topics[0]
          : undefined;
    if (topic !== undefined) await deps.stats?.recordInlineChoice(topic);
  });

  return composer;
}

function parseOffset(offset: string): number {
  const value = Number.parseInt(offset, 10);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** A result composed on demand; undefined when its content is gone. */
type LazyResult = () => InlineQueryResult | undefined;

/** Every result for a query, best first, not yet composed; paging slices this list. */
function listResults(
  ctx: BotContext,
  library: ContentLibrary,
  index: SearchIndex,
  query: string,
  locale: string,
): LazyResult[] {
  const withContent = (topic: TopicId): boolean => library.sectionsForTopic(topic).length > 0;
  if (query === "") {
    return TOPICS.filter((topic) => withContent(topic.id)).map((topic) => () => topicResult(ctx, library, topic.id, locale));
  }
  const topic = findTopic(query);
  const hits: LazyResult[] = index.search(query).map((hit) => () => searchResult(ctx, library, hit.sectionId, query, locale));
  return topic === undefined || !withContent(topic.id) ? hits : [() => topicResult(ctx, library, topic.id, locale), ...hits];
}

function searchResult(
  ctx: BotContext,
  library: ContentLibrary,
  sectionId: string,
  query: string,
  locale: string,
): InlineQueryResult | undefined {
  const entry = findSection(library, sectionKey(sectionId));
  if (entry === undefined) return undefined;
  const stems = new Set(queryStems(query));
  const sentenceIndexes = matchingSentences(entry.section, query);
  const html = composeExcerpt(entry, sentenceIndexes, (text) => highlightStems(text, stems), ctx.t, locale);
  const firstMatch = entry.section.sentences[sentenceIndexes[0] ?? 0] ?? "";
  const mainTopic = entry.section.topics[0] ?? "overview";
  return InlineQueryResultBuilder.article(
    encodeInlineResultId({ kind: "section", sectionKey: sectionKey(entry.section.id) }),
    ctx.t("inline-search-title", { heading: sectionLabel(entry) }),
    { description: shorten(firstMatch), reply_markup: resultKeyboard(ctx, query) },
  ).text(withBotLink(ctx, html, mainTopic), { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
}

function topicResult(ctx: BotContext, library: ContentLibrary, topic: TopicId, locale: string): InlineQueryResult | undefined {
  const briefing = briefingFor(library, topic, ctx.t, locale);
  if (briefing === undefined) return undefined;
  const command = topicById(topic)?.command ?? topic;
  return InlineQueryResultBuilder.article(encodeInlineResultId({ kind: "topic", topic }), ctx.t(`topic-${topic}-name`), {
    description: shorten(briefing.sections[0]?.section.summary[0] ?? ""),
    reply_markup: resultKeyboard(ctx, command),
  }).text(withBotLink(ctx, briefing.html, topic), { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
}

/** A "Share" button under a sent result, so whoever receives it can pass it on. */
function resultKeyboard(ctx: BotContext, shareQuery: string): InlineKeyboard {
  return new InlineKeyboard().switchInline(ctx.t("briefing-share-button"), shareQuery);
}

/** Appends the deep link that opens the bot on the topic: the message works for any recipient. */
function withBotLink(ctx: BotContext, html: string, topic: TopicId): string {
  const command = topicById(topic)?.command ?? topic;
  const link = `https://t.me/${ctx.me.username}?start=${command}`;
  return `${html}\n\n<a href="${link}">${ctx.t("inline-open-in-bot", { username: ctx.me.username })}</a>`;
}

function shorten(text: string): string {
  return text.length <= DESCRIPTION_CHARS ? text : `${text.slice(0, DESCRIPTION_CHARS - 1)}…`;
}
