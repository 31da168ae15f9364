/**
 * Operators (ADMIN_IDS): /stats and /reload. Everyone else gets the unknown-command answer. Their
 * answers describe the whole bot (every chat, file problems), so typed in a group they go to the
 * operator's private chat and the group only hears that they did.
 */
import { Composer, GrammyError } from "grammy";
import type { ContentLibrary } from "../../content/library.js";
import { escapeHtml } from "../../format/html.js";
import type { Store } from "../../store/index.js";
import type { BotContext } from "../context.js";

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
