/**
 * The one codec for what the bot gets back from Telegram: inline-button callback data and inline
 * result ids. Both are limited to 64 bytes, so ids that could grow (section ids come from file
 * names) are replaced by a short stable hash.
 */
import { createHash } from "node:crypto";
import type { TopicId } from "../content/types.js";

/** Telegram's limit for `callback_data`, in bytes. */
export const CALLBACK_DATA_LIMIT_BYTES = 64;

/** Length of a section key: 12 base64url characters = 72 bits, far from colliding among sections. */
const SECTION_KEY_LENGTH = 12;

export type CallbackAction =
  | { kind: "topic"; topic: string }
  | { kind: "full"; sectionKey: string };

const PREFIX = { topic: "topic", full: "full" } as const;

/** Encodes an action; throws if the result would break Telegram's limit (a bug, never user input). */
export function encodeCallback(action: CallbackAction): string {
  const data =
    action.kind === "topic" ? `${PREFIX.topic}:${action.topic}` : `${PREFIX.full}:${action.sectionKey}`;
  if (Buffer.byteLength(data) > CALLBACK_DATA_LIMIT_BYTES) {
    throw new RangeError(`callback data over ${CALLBACK_DATA_LIMIT_BYTES} bytes: ${data}`);
  }
  return data;
}

/** Decodes callback data; undefined for anything this bot did not produce (old or forged buttons). */
export function decodeCallback(data: string): CallbackAction | undefined {
  const separator = data.indexOf(":");
  if (separator < 0) return undefined;
  const prefix = data.slice(0, separator);
  const value = data.slice(separator + 1);
  if (value === "") return undefined;
  if (prefix === PREFIX.topic) return { kind: "topic", topic: value };
  if (prefix === PREFIX.full) return { kind: "full", sectionKey: value };
  return undefined;
}

/** A short key for a section id, stable across restarts. */
export function sectionKey(sectionId: string): string {
  return createHash("sha256").update(sectionId).digest("base64url").slice(0, SECTION_KEY_LENGTH);
}

/** Callback data of the "show this topic" button. */
export function topicCallback(topic: TopicId): string {
  return encodeCallback({ kind: "topic", topic });
}

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
