import type {
  ForceReply,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
} from "grammy/types";
import { badRequest } from "./api-error.js";
import { checkedLink } from "./html-entities.js";
import { CALLBACK_DATA_MAX_BYTES } from "./limits.js";

/** A keyboard that replaces the user's keyboard: not part of the Message object, but kept for tests to read. */
export type ReplyKeyboard = ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

/** reply_markup split the way Telegram treats it: the inline keyboard travels with the message, the rest does not. */
export interface CheckedMarkup {
  inline?: InlineKeyboardMarkup;
  keyboard?: ReplyKeyboard;
}

/** The fields of which an inline button must have exactly one. */
const BUTTON_ACTIONS = [
  "url",
  "callback_data",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
  "disabled",
] as const;

const CANT_PARSE_MARKUP = "can't parse reply keyboard markup JSON object";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Checks reply_markup like Telegram: inline buttons need text and exactly one action,
 * callback_data is 1-64 bytes, URLs must be links Telegram accepts.
 * @throws ApiError "BUTTON_DATA_INVALID", "text buttons are unallowed in the inline keyboard", ...
 */
export function checkReplyMarkup(raw: unknown): CheckedMarkup {
  if (raw === undefined) return {};
  if (!isObject(raw)) throw badRequest(CANT_PARSE_MARKUP);
  if ("inline_keyboard" in raw) return { inline: { inline_keyboard: checkInlineKeyboard(raw.inline_keyboard) } };
  if ("keyboard" in raw) {
    const rows = raw.keyboard;
    if (!Array.isArray(rows) || !rows.every((row) => Array.isArray(row))) throw badRequest(CANT_PARSE_MARKUP);
    for (const row of rows as unknown[][]) {
      for (const button of row) {
        const text = typeof button === "string" ? button : isObject(button) ? button.text : undefined;
        if (typeof text !== "string") throw badRequest("can't parse keyboard button: Field \"text\" must be of type String");
      }
    }
    return { keyboard: raw as unknown as ReplyKeyboardMarkup };
  }
  if (raw.remove_keyboard === true) return { keyboard: raw as unknown as ReplyKeyboardRemove };
  if (raw.force_reply === true) return { keyboard: raw as unknown as ForceReply };
  throw badRequest(CANT_PARSE_MARKUP);
}

function checkInlineKeyboard(rows: unknown): InlineKeyboardButton[][] {
  if (!Array.isArray(rows)) throw badRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array");
  return rows.map((row) => {
    if (!Array.isArray(row)) throw badRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays");
    return row.map(checkInlineButton);
  });
}

function checkInlineButton(button: unknown): InlineKeyboardButton {
  if (!isObject(button)) throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  if (typeof button.text !== "string") {
    throw badRequest("can't parse inline keyboard button: Field \"text\" must be of type String");
  }
  const actions = BUTTON_ACTIONS.filter((field) => button[field] !== undefined);
  if (actions.length === 0) throw badRequest("text buttons are unallowed in the inline keyboard");
  if (actions.length > 1) {
    throw badRequest(`can't parse inline keyboard button: exactly one of the optional fields must be used, got ${actions.join(", ")}`);
  }
  if (actions[0] === "callback_data") {
    const data = button.callback_data;
    const bytes = typeof data === "string" ? Buffer.byteLength(data, "utf8") : 0;
    if (bytes < 1 || bytes > CALLBACK_DATA_MAX_BYTES) throw badRequest("BUTTON_DATA_INVALID");
  }
  if (actions[0] === "url") {
    if (typeof button.url !== "string" || checkedLink(button.url) === undefined) throw badRequest("BUTTON_URL_INVALID");
  }
  return button as unknown as InlineKeyboardButton;
}

/** Compares two markups by value, as "message is not modified" does; an empty keyboard equals none. */
export function sameMarkup(left: InlineKeyboardMarkup | undefined, right: InlineKeyboardMarkup | undefined): boolean {
  const normalize = (markup: InlineKeyboardMarkup | undefined): string =>
    markup === undefined || markup.inline_keyboard.every((row) => row.length === 0)
      ? ""
      : stableJson(markup.inline_keyboard);
  return normalize(left) === normalize(right);
}

/** JSON with object keys sorted, so {text, url} and {url, text} compare equal. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).filter((key) => value[key] !== undefined).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
