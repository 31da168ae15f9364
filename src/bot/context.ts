import type { ConversationFlavor } from "@grammyjs/conversations";
import type { I18nFlavor } from "@grammyjs/i18n";
import type { Context } from "grammy";

/**
 * grammY's context plus the translation helpers of @grammyjs/i18n. This is also what handlers
 * inside a conversation see: the conversations plugin builds those contexts itself and installs
 * only i18n on them, never `ctx.conversation`.
 */
export type TranslatedContext = Context & I18nFlavor;

/** The context every handler outside conversations sees: translations, and `ctx.conversation` to enter and leave them. */
export type BotContext = ConversationFlavor<TranslatedContext>;
