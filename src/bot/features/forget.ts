/**
 * /forget: deletes everything the bot stores about this chat (subscription, history, dialogue
 * state), after a confirmation button. In groups, supergroups and channels only the chat's admins
 * may ask, and the press on "Delete" is checked again (any member can press a button in a group).
 */
import { Composer, GrammyError, InlineKeyboard } from "grammy";
import type { Store } from "../../store/index.js";
import { senderManagesChat } from "../subscriptions/chat-admins.js";
import type { BotContext } from "../context.js";
import { decodeCallback, encodeCallback } from "../payloads.js";

export interface ForgetDependencies {
  store: Store;
  /** Keys of conversation state kept for a chat, so the half-finished dialogue goes too. */
  conversationKeys: (chatId: number) => string[];
}

export function forgetFeature(deps: ForgetDependencies): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("forget", async (ctx) => {
    if (!(await senderManagesChat(ctx))) {
      await ctx.reply(ctx.t("forget-admins-only"));
      return;
    }
    const inPrivate = ctx.chat.type === "private";
    const keyboard = new InlineKeyboard()
      .text(
        inPrivate ? ctx.t("forget-confirm-button") : ctx.t("forget-confirm-chat-button"),
        encodeCallback({ kind: "forget-confirm", chatId: ctx.chat.id }),
      )
      .text(ctx.t("forget-cancel-button"), encodeCallback({ kind: "forget-cancel" }));
    await ctx.reply(inPrivate ? ctx.t("forget-confirm-private") : ctx.t("forget-confirm-group"), { reply_markup: keyboard });
  });

  composer.on("callback_query:data", async (ctx, next) => {
    const action = decodeCallback(ctx.callbackQuery.data);
    if (action?.kind !== "forget-confirm" && action?.kind !== "forget-cancel") return next();
    // No message (an inline message, or forged data): no chat to forget. A confirmation names the
    // chat it was sent to; one that names another chat (a group since moved to a supergroup) is stale.
    const chat = ctx.chat;
    if (chat === undefined || (action.kind === "forget-confirm" && action.chatId !== chat.id)) {
      await ctx.answerCallbackQuery({ text: ctx.t("forget-expired"), show_alert: true });
      return;
    }
    // Admin rights are checked again at the press, for "Cancel" too: a member cannot dismiss an admin's question.
    if (!(await senderManagesChat(ctx).catch(refusedOnTelegramError))) {
      await ctx.answerCallbackQuery({ text: ctx.t("forget-admins-only"), show_alert: true });
      return;
    }
    if (action.kind === "forget-cancel") {
      await ctx.answerCallbackQuery();
      await settle(ctx, ctx.t("forget-cancelled"));
      return;
    }
    // Leave a running dialogue first; the plugin would otherwise write its state back afterwards.
    await ctx.conversation.exitAll();
    await deps.store.chats.forget(chat.id);
    for (const key of deps.conversationKeys(chat.id)) await deps.store.keyValue.delete(key);
    await ctx.answerCallbackQuery();
    await settle(ctx, ctx.t("forget-done"));
  });

  return composer;
}

/** Turns the confirmation into the outcome (buttons gone); a message that can no longer be edited gets a reply instead. */
async function settle(ctx: BotContext, text: string): Promise<void> {
  try {
    await ctx.editMessageText(text);
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error;
    await ctx.reply(text);
  }
}

/** Telegram refusing to say (the bot left the group, the chat is gone) reads as "not an admin". */
function refusedOnTelegramError(error: unknown): false {
  if (error instanceof GrammyError) return false;
  throw error;
}
