/**
 * Builds the bot: API configuration, then the one middleware order, group by group. Nothing here
 * starts polling or a server; `main.ts` decides how updates arrive.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { conversations } from "@grammyjs/conversations";
import type { I18n } from "@grammyjs/i18n";
import { Bot, GrammyError, HttpError, type ApiClientOptions, type BotError } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { perLibrary, type ContentLibrary } from "../content/library.js";
import { createSearchIndex } from "../content/search.js";
import type { DigestService } from "../digest/scheduler.js";
import type { Logger } from "../logger.js";
import type { Store } from "../store/index.js";
import { createSubscriptionService } from "../subscriptions/index.js";
import type { BotContext, TranslatedContext } from "./context.js";
import { limit } from "@grammyjs/ratelimiter";
import type { Metrics } from "../metrics.js";
import { apiMetricsTransformer } from "../metrics.js";
import { conversationKeys, conversationStorage } from "./conversation-storage.js";
import { adminFeature } from "./features/admin.js";
import { forgetFeature } from "./features/forget.js";
import { observeUpdates } from "./observe-updates.js";
import { CONVERSATION_STATE_VERSION, subscribeConversation, subscriptionsFeature } from "./subscriptions/index.js";
import { briefingsFeature } from "./features/briefings.js";
import { inlineFeature } from "./features/inline.js";
import { searchFeature } from "./features/search.js";
import { startFeature } from "./features/start.js";
import { unhandledFeature } from "./features/unhandled.js";
import { trackChats } from "./track-chats.js";

/** Retries of one API call on 429 and 5xx before the error reaches the handler. */
const MAX_RETRY_ATTEMPTS = 5;
/** A 429 asking to wait longer than this (seconds) is not waited for inside a handler. */
const MAX_RETRY_DELAY_SECONDS = 60;

export interface BotDependencies {
  token: string;
  /** Bot API server root without a trailing slash; api.telegram.org when undefined. */
  apiRoot?: string;
  /**
   * The HTTP client of Bot API calls; tests answer calls here. Transformers installed on `bot.api`
   * do not reach the calls made inside conversations (the plugin builds its own `Api` from the
   * client options alone), so this is the one place that sees every call.
   */
  fetch?: ApiClientOptions["fetch"];
  /** Known bot identity (tests); fetched with getMe by `bot.init()` otherwise. */
  botInfo?: UserFromGetMe;
  i18n: I18n<TranslatedContext>;
  /** The current content; a function because seeds can be reloaded while the bot runs. */
  library: () => ContentLibrary;
  /** Persistence of chats, subscriptions, conversations and statistics (tests: SQLite in a temp folder). */
  store: Store;
  /** Sends a chat's digest on demand (`/digest`): the scheduler, through its delivery ledger. */
  digest: DigestService;
  /** The clock for digest schedules (epoch ms); tests pin it. Default `Date.now`. */
  now?: () => number;
  /** Prometheus metrics of updates and API calls; none when absent. */
  metrics?: Metrics;
  /**
   * Aborted when shutdown can wait no longer: API calls still waiting between retries give up, so
   * their updates end (and are handled again after the restart) instead of holding the exit.
   */
  shutdownSignal?: AbortSignal;
  /** Where flood protection counts (Redis, shared by instances); in this process when absent. */
  floodCounter?: FloodCounter;
  /** Operators (ADMIN_IDS) and what /reload does; without it /stats and /reload do not exist. */
  admin?: { adminIds: readonly number[]; reload: () => Promise<ContentLibrary> };
  logger: Logger;
}

/**
 * Flood protection per user: past this many updates within the window, updates are dropped. A
 * person tapping buttons stays far below it; a script hammering the bot does not.
 */
export const FLOOD_LIMIT_UPDATES = 30;
/** The flood protection window (ms). */
export const FLOOD_WINDOW_MS = 10_000;
/** A shared counter for flood protection: what @grammyjs/ratelimiter needs of a Redis client. */
export interface FloodCounter {
  incr(key: string): Promise<number>;
  pexpire(key: string, milliseconds: number): Promise<number>;
}

export function createBot(deps: BotDependencies): Bot<BotContext> {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  const bot = new Bot<BotContext>(deps.token, {
    botInfo: deps.botInfo,
    client: {
      ...(deps.apiRoot === undefined ? {} : { apiRoot: deps.apiRoot }),
      ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    },
  });

  // Counted under auto-retry (installed after it, so called by it): every attempt and every 429 is seen.
  if (deps.metrics !== undefined) bot.api.config.use(apiMetricsTransformer(deps.metrics));

  // Outgoing calls: wait out 429 retry_after and retry 5xx/network errors with backoff. Not inside
  // conversations: there a transformer would run again on every replay and wait out old 429s again.
  bot.api.config.use(
    autoRetry({ maxRetryAttempts: MAX_RETRY_ATTEMPTS, maxDelaySeconds: MAX_RETRY_DELAY_SECONDS }),
  );
  // Outermost, so auto-retry's waits listen to it too.
  const { shutdownSignal } = deps;
  if (shutdownSignal !== undefined) {
    bot.api.config.use((prev, method, payload, signal) =>
      prev(method, payload, (signal === undefined ? shutdownSignal : AbortSignal.any([signal as AbortSignal, shutdownSignal])) as typeof signal),
    );
  }

  // 1. Error boundary: one failing update is logged and answered, never stops the bot. Around
  //    everything, one log line and the metrics per update with its latency.
  bot.catch((error) => handleError(error, deps.logger));
  bot.use(observeUpdates(deps.logger, deps.metrics));

  // 2. Updates of one chat run in order, different chats concurrently: the inbox hands the bot one
  //    update per chat at a time, on this instance and across instances, so nothing here repeats it.

  // 3. Translations in the user's Telegram language.
  bot.use(deps.i18n);

  // 3a. Flood protection per user: past the limit, updates are dropped; the plugin calls
  //     onLimitExceeded once per window, so the user is warned once.
  bot.use(
    limit<BotContext, FloodCounter>({
      timeFrame: FLOOD_WINDOW_MS,
      limit: FLOOD_LIMIT_UPDATES,
      storageClient: deps.floodCounter ?? "MEMORY_STORE",
      onLimitExceeded: (ctx) => {
        // A dropped button press is still answered, or its spinner turns until Telegram gives up.
        if (ctx.callbackQuery !== undefined) void ctx.answerCallbackQuery().catch(() => undefined);
        if (ctx.chat?.type === "private") void ctx.reply(ctx.t("rate-limit-exceeded")).catch(() => undefined);
      },
      // Inline queries arrive as the user types: they have their own pace and Telegram's cache.
      keyGenerator: (ctx) => (ctx.inlineQuery === undefined ? ctx.from?.id.toString() : undefined),
    }),
  );

  // 4. Chats: record each chat, its status (blocked, left, back) and group-to-supergroup moves.
  bot.use(trackChats(store.chats));

  // 5. Conversations, kept in the store so a half-finished one survives a restart. /cancel comes
  //    before the running conversation, which then gets every update of its chat first.
  bot.use(
    conversations<TranslatedContext, TranslatedContext>({ storage: conversationStorage(store.keyValue, CONVERSATION_STATE_VERSION) }),
  );
  const subscriptions = createSubscriptionService({ store, now, topics: () => deps.library().topics, digest: deps.digest });
  bot.use(subscribeConversation({ subscriptions, i18n: deps.i18n }));

  // 6. Features. One search index per loaded library, built on first use, dropped with the library.
  const searchIndex = perLibrary((library) => createSearchIndex(library.sections()));
  const briefings = { library: deps.library };
  bot.use(startFeature(briefings));
  bot.use(briefingsFeature(briefings));
  bot.use(subscriptionsFeature({ subscriptions }));
  bot.use(inlineFeature({ library: deps.library, stats: store.stats, searchIndex }));
  bot.use(forgetFeature({ store, conversationKeys }));
  if (deps.admin !== undefined) {
    bot.use(adminFeature({ adminIds: deps.admin.adminIds, reload: deps.admin.reload, store, now }));
  }

  // Plain text in a private chat: a topic's name, or a search.
  bot.use(searchFeature({ library: deps.library, searchIndex }));

  // 7. Whatever nobody handled.
  bot.use(unhandledFeature({ library: deps.library }));

  return bot;
}

async function handleError(error: BotError<BotContext>, logger: Logger): Promise<void> {
  const { ctx } = error;
  const cause = error.error;
  const details =
    cause instanceof GrammyError
      ? { method: cause.method, code: cause.error_code, description: cause.description }
      : cause instanceof HttpError
        ? { network: cause.message }
        : { err: cause };
  logger.error({ updateId: ctx.update.update_id, ...details }, "update failed");
  // A failed button press is answered too, so the button stops spinning.
  if (ctx.callbackQuery !== undefined) await ctx.answerCallbackQuery().catch(() => undefined);
  // Blocked users and vanished chats cannot be told anything; for the rest, say sorry once.
  if (cause instanceof GrammyError && (cause.error_code === 403 || cause.error_code === 400)) return;
  if (ctx.chat === undefined) return;
  try {
    await ctx.reply(ctx.t("error-generic"));
  } catch {
    // Replying about an error can fail the same way; the log above already has it.
  }
}
