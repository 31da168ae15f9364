/** /start and /help: the welcome with its topic keyboard, deep links (`/start space`), and the help text. */
import { Composer } from "grammy";
import type { ContentLibrary } from "../../content/library.js";
import { plainTopicName, type Topic } from "../../content/topics.js";
import { escapeHtml } from "../../format/html.js";
import type { BotContext } from "../context.js";
import { replyWithBriefing, topicKeyboard, type BriefingsDependencies } from "./briefings.js";

export function startFeature(deps: BriefingsDependencies): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("start", async (ctx) => {
    // A deep link t.me/<bot>?start=<topic> arrives as "/start <topic>".
    const library = deps.library();
    const topic = ctx.match === "" ? undefined : library.topics.find(ctx.match);
    if (topic !== undefined) {
      await replyWithBriefing(ctx, topic.id, deps);
      return;
    }
    const example = exampleTopic(library);
    await ctx.reply(ctx.t("start-welcome", { name: escapeHtml(ctx.from?.first_name ?? ""), exampleCommand: example?.command ?? "topics" }), {
      parse_mode: "HTML",
      reply_markup: topicKeyboard(library, await ctx.i18n.getLocale()),
    });
  });

  composer.command("help", async (ctx) => {
    const example = exampleTopic(deps.library());
    const locale = await ctx.i18n.getLocale();
    const exampleName = example === undefined ? "" : plainTopicName(example, locale).toLowerCase();
    await ctx.reply(
      ctx.t("help-text", { exampleCommand: example?.command ?? "topics", exampleName: escapeHtml(exampleName), username: ctx.me.username }),
      { parse_mode: "HTML" },
    );
  });

  return composer;
}

/** The topic examples name: the first one past the overview, a subject as people will use it. */
function exampleTopic(library: ContentLibrary): Topic | undefined {
  const { topics } = library.topics;
  return topics.find((topic) => !topic.overview) ?? topics[0];
}
