/** /start and /help: the welcome with its topic keyboard, deep links (`/start space`), and the help text. */
import { Composer } from "grammy";
import { findTopic, TOPICS } from "../../content/topics.js";
import { escapeHtml } from "../../format/html.js";
import type { BotContext } from "../context.js";
import { replyWithBriefing, topicKeyboard, type BriefingsDependencies } from "./briefings.js";

export function startFeature(deps: BriefingsDependencies): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("start", async (ctx) => {
    // A deep link t.me/<bot>?start=<topic> arrives as "/start <topic>".
    const topic = ctx.match === "" ? undefined : findTopic(ctx.match);
    if (topic !== undefined) {
      await replyWithBriefing(ctx, topic.id, deps);
      return;
    }
    await ctx.reply(ctx.t("start-welcome", { name: escapeHtml(ctx.from?.first_name ?? "") }), {
      parse_mode: "HTML",
      reply_markup: topicKeyboard(ctx),
    });
  });

  composer.command("help", async (ctx) => {
    const example = TOPICS.find((topic) => topic.id === "space") ?? TOPICS[0];
    await ctx.reply(
      ctx.t("help-text", { exampleCommand: example?.command ?? "topics", username: ctx.me.username }),
      { parse_mode: "HTML" },
    );
  });

  return composer;
}
