/** The last stop: anything no feature handled gets a helpful answer listing the topics. */
import { Composer } from "grammy";
import type { ContentLibrary } from "../../content/library.js";
import type { BotContext } from "../context.js";
import { topicKeyboard } from "./briefings.js";

export function unhandledFeature(deps: { library: () => ContentLibrary }): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on("message:text", async (ctx) => {
    const isCommand = ctx.message.entities?.some((entity) => entity.type === "bot_command" && entity.offset === 0);
    if (ctx.chat.type !== "private") {
      // In groups, stay silent unless the command was addressed to this bot by name.
      const addressedToUs = isCommand && ctx.message.text.split(/\s/)[0]?.endsWith(`@${ctx.me.username}`);
      if (!addressedToUs) return;
    }
    await ctx.reply(ctx.t(isCommand ? "unhandled-unknown-command" : "unhandled-text"), {
      parse_mode: "HTML",
      reply_markup: topicKeyboard(deps.library(), await ctx.i18n.getLocale()),
    });
  });

  // Buttons from old messages, other versions or forged data, with or without a message: stop the
  // spinner instead of leaving it hanging, and say why nothing happens.
  composer.on("callback_query:data", (ctx) => ctx.answerCallbackQuery({ text: ctx.t("unhandled-button-expired") }));
  composer.on("callback_query", (ctx) => ctx.answerCallbackQuery());

  return composer;
}
