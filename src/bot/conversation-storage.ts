/** Where @grammyjs/conversations keeps a chat's half-finished conversations: the store's key-value table. */
import type { ConversationData, ConversationStorage, VersionedState } from "@grammyjs/conversations";
import type { Context } from "grammy";
import { typedStorage, type KeyValueRepository } from "../store/index.js";

/** Keys of conversation state in the key-value table, one per chat. */
const KEY_PREFIX = "conversation:";

/**
 * Conversation state per chat in `keyValue`, versioned with `version` (bump it when a
 * conversation's steps change, and stored replays of the old steps are dropped). Updates without
 * a chat (inline queries) read and write nothing.
 */
export function conversationStorage<C extends Context>(
  keyValue: KeyValueRepository,
  version: number,
): ConversationStorage<C, ConversationData> {
  const states = typedStorage<VersionedState<ConversationData>>(keyValue);
  // The "context" form, not "key": the plugin turns a missing key into the string "undefined".
  const keyOf = (ctx: C): string | undefined => (ctx.chatId === undefined ? undefined : `${KEY_PREFIX}${ctx.chatId}`);
  return {
    type: "context",
    version,
    adapter: {
      read: async (ctx) => {
        const key = keyOf(ctx);
        return key === undefined ? undefined : states.read(key);
      },
      write: async (ctx, state) => {
        const key = keyOf(ctx);
        if (key !== undefined) await states.write(key, state);
      },
      delete: async (ctx) => {
        const key = keyOf(ctx);
        if (key !== undefined) await states.delete(key);
      },
    },
  };
}

/** The keys `conversationStorage` may hold for a chat, e.g. for /forget to delete. */
export function conversationKeys(chatId: number): string[] {
  return [`${KEY_PREFIX}${chatId}`];
}
