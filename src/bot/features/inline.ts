/**
 * Inline mode: `@bot space` in any chat. An empty query lists every topic, a topic name in any
 * language puts that topic's briefing first, anything else searches every section.
 */
import { Composer, InlineKeyboard, InlineQueryResultBuilder } from "grammy";
import type { InlineQueryResult } from "grammy/types";
import type { ContentLibrary } from "../../content/library.js";
import type { SearchIndex } from "../../content/search.js";
import { topicName } from "../../content/topics.js";
import type { TopicId } from "../../content/types.js";
import { briefingFor, composeSearchHit, sectionLabel, type Translate } from "../../format/briefing.js";
import { shorten } from "../../format/html.js";
import type { StatsRepository } from "../../store/types.js";
import type { BotContext } from "../context.js";
import { decodeInlineResultId, encodeInlineResultId, sectionKey } from "../payloads.js";
import { deepLink, findSection } from "./briefings.js";

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
  /** Where chosen results are counted (the operators' /stats). */
  stats: StatsRepository;
  /** The search index of a library, shared with the search of plain text. */
  searchIndex: (library: ContentLibrary) => SearchIndex;
}

export function inlineFeature(deps: InlineDependencies): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on("inline_query", async (ctx) => {
    const query = ctx.inlineQuery.query.trim().slice(0, INLINE_QUERY_LIMIT_CHARS);
    const library = deps.library();
    const locale = await ctx.i18n.getLocale();
    const reader: Reader = { t: memoized(ctx.t), locale, username: ctx.me.username };
    const results = listResults(reader, library, deps.searchIndex(library), query);
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
        ? deps.library().topics.byId(ref.topic)?.id
        : ref?.kind === "section"
          ? findSection(deps.library(), ref.sectionKey)?.section.topics[0]
          : undefined;
    if (topic !== undefined) await deps.stats.recordInlineChoice(topic);
  });

  return composer;
}

function parseOffset(offset: string): number {
  const value = Number.parseInt(offset, 10);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Who the results are for: their translations (memoized for the one query, since fifty results
 * repeat the same labels and source lines) and the bot's username for deep links.
 */
interface Reader {
  t: Translate;
  locale: string;
  username: string;
}

/** `t` remembering its answers: one update translates the same labels for every result. */
function memoized(t: Translate): Translate {
  const answers = new Map<string, string>();
  return (key, variables) => {
    const cacheKey = variables === undefined ? key : `${key}\u0000${JSON.stringify(variables)}`;
    let answer = answers.get(cacheKey);
    if (answer === undefined) {
      answer = t(key, variables);
      answers.set(cacheKey, answer);
    }
    return answer;
  };
}

/** A result composed on demand; undefined when its content is gone. */
type LazyResult = () => InlineQueryResult | undefined;

/** Every result for a query, best first, not yet composed; paging slices this list. */
function listResults(
  reader: Reader,
  library: ContentLibrary,
  index: SearchIndex,
  query: string,
): LazyResult[] {
  const withContent = (topic: TopicId): boolean => library.sectionsForTopic(topic).length > 0;
  if (query === "") {
    return library.topics.topics.filter((topic) => withContent(topic.id)).map((topic) => () => topicResult(reader, library, topic.id));
  }
  const topic = library.topics.find(query);
  const hits: LazyResult[] = index.search(query).map((hit) => () => searchResult(reader, library, hit.sectionId, query));
  return topic === undefined || !withContent(topic.id) ? hits : [() => topicResult(reader, library, topic.id), ...hits];
}

function searchResult(
  reader: Reader,
  library: ContentLibrary,
  sectionId: string,
  query: string,
): InlineQueryResult | undefined {
  const entry = findSection(library, sectionKey(sectionId));
  if (entry === undefined) return undefined;
  const { html, firstMatch } = composeSearchHit(library.topics, entry, query, reader.t, reader.locale);
  const mainTopic = entry.section.topics[0];
  return InlineQueryResultBuilder.article(
    encodeInlineResultId({ kind: "section", sectionKey: sectionKey(entry.section.id) }),
    reader.t("inline-search-title", { heading: sectionLabel(entry) }),
    { description: shorten(firstMatch, DESCRIPTION_CHARS), reply_markup: resultKeyboard(reader, query) },
  ).text(withBotLink(reader, html, library.topics.byId(mainTopic ?? "")?.command), { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
}

function topicResult(reader: Reader, library: ContentLibrary, topic: TopicId): InlineQueryResult | undefined {
  const briefing = briefingFor(library, topic, reader.t, reader.locale);
  const definition = library.topics.byId(topic);
  if (briefing === undefined || definition === undefined) return undefined;
  return InlineQueryResultBuilder.article(encodeInlineResultId({ kind: "topic", topic }), topicName(definition, reader.locale), {
    description: shorten(briefing.sections[0]?.section.summary[0] ?? "", DESCRIPTION_CHARS),
    reply_markup: resultKeyboard(reader, definition.command),
  }).text(withBotLink(reader, briefing.html, definition.command), { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
}

/** A "Share" button under a sent result, so whoever receives it can pass it on. */
function resultKeyboard(reader: Reader, shareQuery: string): InlineKeyboard {
  return new InlineKeyboard().switchInline(reader.t("briefing-share-button"), shareQuery);
}

/** Appends the deep link that opens the bot on the topic's command: the message works for any recipient. */
function withBotLink(reader: Reader, html: string, command: string | undefined): string {
  const link = deepLink(reader.username, command);
  return `${html}\n\n<a href="${link}">${reader.t("inline-open-in-bot", { username: reader.username })}</a>`;
}
