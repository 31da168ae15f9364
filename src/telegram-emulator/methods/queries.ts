import type { InlineQueryResult, InlineQueryResultsButton } from "grammy/types";
import { badRequest, ERROR_TEXT } from "../api-error.js";
import { inlineAnswerKey, type CallbackAnswer, type InlineAnswer, type PendingQuery } from "../bot-state.js";
import { codePointLength, renderTelegramHtml } from "../html-entities.js";
import {
  CALLBACK_ANSWER_TEXT_MAX_CHARACTERS,
  CALLBACK_QUERY_TTL_MS,
  INLINE_CACHE_TIME_DEFAULT_SECONDS,
  INLINE_NEXT_OFFSET_MAX_BYTES,
  INLINE_QUERY_TTL_MS,
  INLINE_RESULT_ID_MAX_BYTES,
  INLINE_RESULTS_MAX_COUNT,
} from "../limits.js";
import { checkReplyMarkup } from "../markup.js";
import { prepareMessageText } from "../message-text.js";
import type { MethodHandler } from "./types.js";

/** InlineQueryResult types the Bot API defines. */
const RESULT_TYPES: ReadonlySet<string> = new Set([
  "article",
  "photo",
  "gif",
  "mpeg4_gif",
  "video",
  "audio",
  "voice",
  "document",
  "location",
  "venue",
  "contact",
  "game",
  "sticker",
]);

/** A query that can still be answered: known, unanswered, and younger than its time to live. */
function openQuery<Query, Answer>(
  queries: Map<string, PendingQuery<Query, Answer>>,
  id: string | undefined,
  ttlMs: number,
): PendingQuery<Query, Answer> {
  const pending = id === undefined ? undefined : queries.get(id);
  if (!pending || pending.answer !== undefined || Date.now() - pending.createdAt > ttlMs) {
    throw badRequest(ERROR_TEXT.queryTooOld);
  }
  return pending;
}

const answerCallbackQuery: MethodHandler = ({ bot, params }) => {
  const pending = openQuery(bot.callbackQueries, params.string("callback_query_id"), CALLBACK_QUERY_TTL_MS);
  const text = params.string("text");
  if (text !== undefined && codePointLength(text) > CALLBACK_ANSWER_TEXT_MAX_CHARACTERS) {
    throw badRequest("MESSAGE_TOO_LONG");
  }
  const answer: CallbackAnswer = { showAlert: params.boolean("show_alert"), cacheTime: params.integer("cache_time") ?? 0 };
  if (text !== undefined) answer.text = text;
  const url = params.string("url");
  if (url !== undefined) answer.url = url;
  pending.answer = answer;
  pending.answered.resolve(answer);
  return true;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const answerInlineQuery: MethodHandler = ({ bot, world, params }) => {
  const pending = openQuery(bot.inlineQueries, params.string("inline_query_id"), INLINE_QUERY_TTL_MS);
  const results = params.json("results", "inline query results");
  if (!Array.isArray(results)) throw badRequest("can't parse inline query results JSON object");
  if (results.length > INLINE_RESULTS_MAX_COUNT) throw badRequest("RESULTS_TOO_MUCH");

  const answer: InlineAnswer = {
    results: results as InlineQueryResult[],
    cacheTime: params.integer("cache_time") ?? INLINE_CACHE_TIME_DEFAULT_SECONDS,
    isPersonal: params.boolean("is_personal"),
    nextOffset: params.string("next_offset") ?? "",
    messages: {},
  };
  if (Buffer.byteLength(answer.nextOffset, "utf8") > INLINE_NEXT_OFFSET_MAX_BYTES) {
    throw badRequest("NEXT_OFFSET_INVALID");
  }
  const button = params.json("button", "inline query results button");
  if (button !== undefined) answer.button = button as InlineQueryResultsButton;

  const seen = new Set<string>();
  for (const result of results) {
    if (!isObject(result)) throw badRequest("can't parse InlineQueryResult: InlineQueryResult must be an Object");
    const id = result.id;
    if (typeof id !== "string") throw badRequest("RESULT_ID_INVALID");
    const idBytes = Buffer.byteLength(id, "utf8");
    if (idBytes < 1 || idBytes > INLINE_RESULT_ID_MAX_BYTES) throw badRequest("RESULT_ID_INVALID");
    if (seen.has(id)) throw badRequest("RESULT_ID_DUPLICATE");
    seen.add(id);
    if (typeof result.type !== "string" || !RESULT_TYPES.has(result.type)) throw badRequest("RESULT_TYPE_INVALID");
    if (result.type === "article") {
      if (typeof result.title !== "string") {
        throw badRequest("can't parse InlineQueryResult: Field \"title\" must be of type String");
      }
      if (!isObject(result.input_message_content)) {
        throw badRequest("can't parse InlineQueryResult: Field \"input_message_content\" must be of type Object");
      }
    }
    const markup = checkReplyMarkup(result.reply_markup);
    if (markup.keyboard) throw badRequest("inline keyboard expected");
    const content = result.input_message_content;
    // Text contents are parse-checked now, as Telegram does, so a bad one fails the whole answer.
    if (isObject(content) && content.message_text !== undefined) {
      const formatted = prepareMessageText({
        text: typeof content.message_text === "string" ? content.message_text : undefined,
        parseMode: typeof content.parse_mode === "string" ? content.parse_mode : undefined,
        entities: content.entities,
        findUser: (userId) => world.user(userId),
      });
      answer.messages[id] = {
        ...formatted,
        html: renderTelegramHtml(formatted.text, formatted.entities),
        ...(markup.inline ? { replyMarkup: markup.inline } : {}),
      };
    }
  }

  pending.answer = answer;
  bot.inlineAnswers.set(inlineAnswerKey(pending.query.from.id, pending.query.query), answer);
  pending.answered.resolve(answer);
  return true;
};

/** Answers to callback and inline queries. */
export const queryMethods: Record<string, MethodHandler> = { answerCallbackQuery, answerInlineQuery };
