/**
 * The one codec for what the bot gets back from Telegram: inline-button callback data and inline
 * result ids. Both are limited to 64 bytes, so ids that could grow (section ids come from file
 * names) are replaced by a short stable hash.
 */
import { createHash } from "node:crypto";

/** Telegram's limit for `callback_data`, in bytes. */
export const CALLBACK_DATA_LIMIT_BYTES = 64;

/** Length of a section key: 12 base64url characters = 72 bits, far from colliding among sections. */
const SECTION_KEY_LENGTH = 12;

/** What a settings button changes: the subscription conversation is re-entered at that step. */
export type SettingsField = "topics" | "time" | "zone";

const SETTINGS_FIELDS: ReadonlySet<string> = new Set<SettingsField>(["topics", "time", "zone"]);

export type CallbackAction =
  | { kind: "topic"; topic: string }
  | { kind: "full"; sectionKey: string }
  /** The next page of a topic's briefing: its sections from `offset` on. */
  | { kind: "more"; topic: string; offset: number }
  /** "Subscribe" under a briefing: starts the subscription conversation. */
  | { kind: "subscribe" }
  /** /digest without a subscription: everything new in every topic, now. */
  | { kind: "digest-all" }
  /** Subscription conversation, topics step: turn one topic on or off. */
  | { kind: "subscribe-topic"; topic: string }
  /** Subscription conversation, topics step: the selection is complete. */
  | { kind: "subscribe-done" }
  /** Subscription conversation, time step: a suggested delivery time ("HH:MM"). */
  | { kind: "subscribe-time"; time: string }
  /** Subscription conversation, zone step: a suggested IANA time zone. */
  | { kind: "subscribe-zone"; timeZone: string }
  /** A /settings button: change one field of the subscription of `chatId` (a channel's, from a private chat). */
  | { kind: "settings"; field: SettingsField; chatId: number }
  /** /forget's confirmation: delete everything stored about `chatId`, the chat the button was sent to. */
  | { kind: "forget-confirm"; chatId: number }
  /** /forget's confirmation: keep everything. */
  | { kind: "forget-cancel" };

/** Prefix of each action in callback data; actions without a value are the bare prefix. */
const PREFIX = {
  topic: "topic",
  full: "full",
  more: "more",
  subscribe: "sub",
  "digest-all": "digest-all",
  "subscribe-topic": "sub-topic",
  "subscribe-done": "sub-done",
  "subscribe-time": "sub-time",
  "subscribe-zone": "sub-zone",
  settings: "settings",
  "forget-confirm": "forget",
  "forget-cancel": "forget-no",
} as const satisfies Record<CallbackAction["kind"], string>;

const KIND_BY_PREFIX: ReadonlyMap<string, CallbackAction["kind"]> = new Map(
  Object.entries(PREFIX).map(([kind, prefix]) => [prefix, kind as CallbackAction["kind"]]),
);

/** A delivery time as buttons carry it: always two-digit "HH:MM". */
const DELIVERY_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
/** A Telegram chat id: an integer, negative for groups and channels (checked as a safe, non-zero integer too). */
const CHAT_ID = /^-?[1-9]\d{0,15}$/;

/** Encodes an action; throws if the result would break Telegram's limit (a bug, never user input). */
export function encodeCallback(action: CallbackAction): string {
  const data = `${PREFIX[action.kind]}${callbackValue(action)}`;
  if (Buffer.byteLength(data) > CALLBACK_DATA_LIMIT_BYTES) {
    throw new RangeError(`callback data over ${CALLBACK_DATA_LIMIT_BYTES} bytes: ${data}`);
  }
  return data;
}

/** The ":value" part of an action's data, empty for actions without a value. */
function callbackValue(action: CallbackAction): string {
  switch (action.kind) {
    case "topic":
    case "subscribe-topic":
      return `:${action.topic}`;
    case "full":
      return `:${action.sectionKey}`;
    case "more":
      return `:${action.topic}:${action.offset}`;
    case "subscribe-time":
      return `:${action.time}`;
    case "subscribe-zone":
      return `:${action.timeZone}`;
    case "settings":
      return `:${action.field}:${action.chatId}`;
    case "forget-confirm":
      return `:${action.chatId}`;
    case "subscribe":
    case "digest-all":
    case "subscribe-done":
    case "forget-cancel":
      return "";
  }
}

/** Decodes callback data; undefined for anything this bot did not produce (old or forged buttons). */
export function decodeCallback(data: string): CallbackAction | undefined {
  const separator = data.indexOf(":");
  const prefix = separator < 0 ? data : data.slice(0, separator);
  const value = separator < 0 ? undefined : data.slice(separator + 1);
  const kind = KIND_BY_PREFIX.get(prefix);
  if (kind === "subscribe" || kind === "digest-all" || kind === "subscribe-done" || kind === "forget-cancel") {
    return value === undefined ? { kind } : undefined;
  }
  if (kind === undefined || value === undefined || value === "") return undefined;
  switch (kind) {
    case "topic":
    case "subscribe-topic":
      return { kind, topic: value };
    case "full":
      return { kind, sectionKey: value };
    case "more": {
      const parts = value.split(":");
      const [topic = "", offset = ""] = parts;
      // A page offset as this bot writes it: a positive integer without leading zeros, not absurdly large.
      if (parts.length !== 2 || topic === "" || !/^[1-9]\d{0,4}$/.test(offset)) return undefined;
      return { kind, topic, offset: Number(offset) };
    }
    case "subscribe-time":
      return DELIVERY_TIME.test(value) ? { kind, time: value } : undefined;
    case "subscribe-zone":
      return { kind, timeZone: value };
    case "settings": {
      const parts = value.split(":");
      const [field = "", chatId = ""] = parts;
      const id = parseChatId(chatId);
      if (parts.length !== 2 || !SETTINGS_FIELDS.has(field) || id === undefined) return undefined;
      return { kind, field: field as SettingsField, chatId: id };
    }
    case "forget-confirm": {
      const id = parseChatId(value);
      return id === undefined ? undefined : { kind, chatId: id };
    }
  }
}

/** A chat id as buttons carry it; undefined for anything Telegram could not have handed out. */
function parseChatId(text: string): number | undefined {
  if (!CHAT_ID.test(text)) return undefined;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : undefined;
}

/** A short key for a section id, stable across restarts. */
export function sectionKey(sectionId: string): string {
  let key = sectionKeys.get(sectionId);
  if (key === undefined) {
    key = createHash("sha256").update(sectionId).digest("base64url").slice(0, SECTION_KEY_LENGTH);
    sectionKeys.set(sectionId, key);
  }
  return key;
}

/** Keys already hashed: every briefing, button and search result asks again for the same few sections. */
const sectionKeys = new Map<string, string>();


/** Telegram's limit for an inline result id, in bytes. */
export const INLINE_RESULT_ID_LIMIT_BYTES = 64;

/** What an inline result stands for; its id must stay the same across restarts. */
export type InlineResultRef = { kind: "topic"; topic: string } | { kind: "section"; sectionKey: string };

export function encodeInlineResultId(ref: InlineResultRef): string {
  const id = ref.kind === "topic" ? `topic:${ref.topic}` : `section:${ref.sectionKey}`;
  if (Buffer.byteLength(id) > INLINE_RESULT_ID_LIMIT_BYTES) {
    throw new RangeError(`inline result id over ${INLINE_RESULT_ID_LIMIT_BYTES} bytes: ${id}`);
  }
  return id;
}

export function decodeInlineResultId(id: string): InlineResultRef | undefined {
  const [kind, value] = id.split(":", 2);
  if (value === undefined || value === "") return undefined;
  if (kind === "topic") return { kind: "topic", topic: value };
  if (kind === "section") return { kind: "section", sectionKey: value };
  return undefined;
}
