/** Operators (ADMIN_IDS): /stats and /reload. Everyone else gets the unknown-command answer. */
import { Composer } from "grammy";
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
    await ctx.reply(
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
      { parse_mode: "HTML" },
    );
  });

  admins.command("reload", async (ctx) => {
    const library = await deps.reload();
    const problems = library.problems.map((problem) => `${escapeHtml(problem.file)}: ${escapeHtml(problem.reason)}`);
    await ctx.reply(
      ctx.t("admin-reload-done", {
        documents: library.documents.length,
        sections: library.sections().length,
        problems: problems.length === 0 ? "—" : problems.join("\n"),
      }),
      { parse_mode: "HTML" },
    );
  });

  return composer;
}
