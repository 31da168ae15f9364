/** /forget: deletes everything the bot stores about this chat (subscription, history, dialogue state). */
import { Composer } from "grammy";
import type { Store } from "../../store/index.js";
import type { BotContext } from "../context.js";

export interface ForgetDependencies {
  store: Store;
  /** Keys of conversation state kept for a chat, so the half-finished dialogue goes too. */
  conversationKeys: (chatId: number) => string[];
}

export function forgetFeature(deps: ForgetDependencies): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("forget", async (ctx) => {
    // Leave a running dialogue first; the plugin would otherwise write its state back afterwards.
    await ctx.conversation.exitAll();
    await deps.store.chats.forget(ctx.chat.id);
    for (const key of deps.conversationKeys(ctx.chat.id)) await deps.store.keyValue.delete(key);
    await ctx.reply(ctx.t("forget-done"));
  });
  return composer;
}
