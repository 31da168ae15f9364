/**
 * `features/`: one file per feature, each exporting a Composer that adapts updates to the pure
 * modules (briefings, inline mode, plain-text search, start, forget, operators, the unhandled rest).
 *
 * Operators (ADMIN_IDS): /stats and /reload. Everyone else gets the unknown-command answer. Their
 * answers describe the whole bot (every chat, file problems), so typed in a group they go to the
 * operator's private chat and the group only hears that they did.
 */
import type { I18n } from "@grammyjs/i18n";
import { Composer, GrammyError, type Api } from "grammy";
import type { ContentLibrary } from "../../content/library.js";
import { escapeHtml } from "../../format/html.js";
import type { Store } from "../../store/index.js";
import type { Logger } from "../../logger.js";
import type { BotContext, TranslatedContext } from "../context.js";
import { DEFAULT_LOCALE } from "../i18n.js";

/** How many inline topics /stats lists. */
const TOP_INLINE_TOPICS = 5;
/** "Deliveries today" counts from this many ms ago. */
const DAY_MS = 24 * 60 * 60 * 1000;

export interface AdminDependencies {
  adminIds: readonly number[];
  store: Store;
  /** Re-reads the seeds folder and swaps the content in; resolves with the new library. */
  reload: () => Promise<ContentLibrary>;
  now?: () => number;
}

export function adminFeature(deps: AdminDependencies): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const admins = composer.filter((ctx) => ctx.from !== undefined && deps.adminIds.includes(ctx.from.id));
  const now = deps.now ?? Date.now;

  admins.command("stats", async (ctx) => {
    const { store } = deps;
    const [chats, topics, languages, deliveries, inline] = await Promise.all([
      store.chats.countByStatus(),
      store.subscriptions.countByTopic(),
      store.subscriptions.countByLanguage(),
      store.deliveries.countByStatusSince(now() - DAY_MS),
      store.stats.topInlineTopics(TOP_INLINE_TOPICS),
    ]);
    const list = (entries: Array<{ label: string; count: number }>): string =>
      entries.length === 0 ? "—" : entries.map((entry) => `${escapeHtml(entry.label)}: ${entry.count}`).join(", ");
    await replyPrivately(
      ctx,
      ctx.t("admin-stats", {
        active: chats.active,
        blocked: chats.blocked,
        left: chats.left,
        topics: list(topics.map((entry) => ({ label: entry.topic, count: entry.count }))),
        languages: list(languages.map((entry) => ({ label: entry.language, count: entry.count }))),
        sent: deliveries.sent,
        failed: deliveries.failed,
        skipped: deliveries.skipped,
        pending: deliveries.pending,
        inline: list(inline.map((entry) => ({ label: entry.topic, count: entry.count }))),
      }),
    );
  });

  admins.command("reload", async (ctx) => {
    const library = await deps.reload();
    const problems = library.problems.map((problem) => `${escapeHtml(problem.file)}: ${escapeHtml(problem.reason)}`);
    await replyPrivately(
      ctx,
      ctx.t("admin-reload-done", {
        documents: library.documents.length,
        sections: library.sections().length,
        problems: problems.length === 0 ? "—" : problems.join("\n"),
      }),
    );
  });

  return composer;
}

export interface OperatorChannel {
  api: Api;
  adminIds: readonly number[];
  /** Where each operator's language is known from (the chat they use with the bot). */
  store: Store;
  i18n: I18n<TranslatedContext>;
  logger: Logger;
}

/**
 * Tells every operator something they must act on (a rejected topics file), in their language,
 * in their private chat. Best effort: an operator the bot cannot reach is logged, never retried.
 */
export async function tellOperators(channel: OperatorChannel, key: string, variables: Record<string, string>): Promise<void> {
  const escaped = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, escapeHtml(value)]));
  for (const adminId of channel.adminIds) {
    try {
      const language = (await channel.store.chats.get(adminId))?.language ?? DEFAULT_LOCALE;
      await channel.api.sendMessage(adminId, channel.i18n.t(language, key, escaped), { parse_mode: "HTML" });
    } catch (error) {
      channel.logger.warn({ err: error, adminId }, "could not tell an operator");
    }
  }
}

/**
 * Sends an operator's answer (HTML) where only they read it: as a reply in a private chat, or from
 * a group or channel into their private chat, with a short note in the group. When the bot cannot
 * write to them (403: they never started it), the group is told to ask in a private chat instead.
 */
async function replyPrivately(ctx: BotContext, html: string): Promise<void> {
  if (ctx.chat?.type === "private") {
    await ctx.reply(html, { parse_mode: "HTML" });
    return;
  }
  // Never posted in the group, whatever happens: without a sender there is nobody to send it to.
  if (ctx.from === undefined) return;
  try {
    await ctx.api.sendMessage(ctx.from.id, html, { parse_mode: "HTML" });
  } catch (error) {
    if (!isUnreachable(error)) throw error;
    await ctx.reply(ctx.t("admin-private-unreachable", { username: ctx.me.username }));
    return;
  }
  await ctx.reply(ctx.t("admin-sent-privately"));
}

/** The operator's private chat is closed to the bot: never started (403), blocked (403), or unknown to Telegram. */
function isUnreachable(error: unknown): boolean {
  return error instanceof GrammyError && (error.error_code === 403 || /chat not found/iu.test(error.description));
}
