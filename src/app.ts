/**
 * The application without the process around it: content, store, bot, the way updates arrive,
 * the HTTP endpoints and the digest scheduler. `main.ts` adds the environment, the sandbox and
 * signal handling; the end-to-end tests and the sandbox start exactly this.
 */
import { Api, BotError, GrammyError, HttpError, type Bot } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { fileURLToPath } from "node:url";
import { registerCommands } from "./bot/commands.js";
import { tellOperators } from "./bot/features/admin.js";
import { createBot } from "./bot/create-bot.js";
import { createI18n } from "./bot/i18n.js";
import type { BotContext } from "./bot/context.js";
import { loadLibrary, type ContentLibrary } from "./content/library.js";
import { TOPICS_FILE, TopicsFileError } from "./content/topics-file.js";
import { watchSeeds } from "./content/watch-seeds.js";
import type { Config } from "./config.js";
import { createDeliverer } from "./digest/deliver.js";
import { createScheduler } from "./digest/scheduler.js";
import { createHttpServer } from "./http/http-server.js";
import { claimInstanceIdentity, InstanceIdInUseError } from "./instance-identity.js";
import { redactSecrets, type Logger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import { createRedisFloodCounter, type RedisFloodCounter } from "./redis-flood-counter.js";
import { createStore, type Store } from "./store/index.js";
import { createUpdateInbox, type HandleOutcome } from "./updates/inbox.js";
import { startLongPolling } from "./updates/long-polling.js";

/** Update types the bot handles; Telegram sends only these. */
export const ALLOWED_UPDATES = [
  "message",
  "callback_query",
  "inline_query",
  "chosen_inline_result",
  "my_chat_member",
] as const;

/** The lease whose holder runs the daily digest ticks. */
const SCHEDULER_LEASE = "digest-scheduler";

/**
 * On shutdown, how long updates being handled may take before their API calls still waiting to be
 * retried are abandoned (ms); the whole shutdown must fit main.ts's 10 s.
 */
const HANDLER_GRACE_MS = 5_000;

/** The translations shipped with the bot. */
const LOCALES_DIR = fileURLToPath(new URL("../locales", import.meta.url));

/** Raised when the bot cannot start at all, with a message meant for the operator. */
export class StartupError extends Error {
  override name = "StartupError";
}

export interface App {
  /** The bot's username, for banners. */
  username: string;
  /** The HTTP port actually bound (health, metrics, webhook). */
  port: number;
  /**
   * Stops taking updates, lets those in flight and the digest message being sent finish, leaves
   * the delivery ledger consistent, closes the store; resolves when done.
   */
  stop(): Promise<void>;
}

/** Loads the seeds; reports each unusable file and refuses to go on with none usable. */
export async function loadContent(seedsDir: string, logger: Logger): Promise<ContentLibrary> {
  let library: ContentLibrary;
  try {
    library = await loadLibrary(seedsDir);
  } catch (error) {
    if (error instanceof TopicsFileError) throw new StartupError(`The topics file cannot be used:\n${error.message}`);
    throw error;
  }
  for (const problem of library.problems) {
    logger.warn({ file: problem.file }, `seed skipped: ${problem.file}: ${problem.reason}`);
  }
  if (library.documents.length === 0) {
    const details = library.problems.map((problem) => `\n  - ${problem.file}: ${problem.reason}`).join("");
    throw new StartupError(`No usable document in ${seedsDir}: add a .txt or .md file.${details}`);
  }
  logger.info({ documents: library.documents.length, sections: library.sections().length }, "content loaded");
  return library;
}

/** Opens the store and brings its schema up to date; says clearly when the database is unusable. */
async function openStore(config: Config, logger: Logger): Promise<Store> {
  try {
    const store = createStore(config);
    const applied = await store.migrate();
    if (applied.length > 0) logger.info({ migrations: applied }, "database migrated");
    return store;
  } catch (error) {
    const where = config.databaseUrl === undefined ? config.databasePath : "DATABASE_URL";
    throw new StartupError(`Cannot open the database (${where}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Asks the Bot API who the bot is, once and without retries: at start a wrong token or an
 * unreachable server should be said at once, not retried for minutes.
 */
async function identify(api: Api, token: string, apiRoot: string | undefined): Promise<UserFromGetMe> {
  const server = apiRoot ?? "https://api.telegram.org";
  try {
    return await api.getMe();
  } catch (error) {
    if (error instanceof GrammyError && error.error_code === 401) {
      throw new StartupError(`${server} rejected BOT_TOKEN (401 Unauthorized): check the token @BotFather gave you.`);
    }
    const reason = error instanceof HttpError ? String(error.error) : error instanceof Error ? error.message : String(error);
    // Network errors quote the request URL, which holds the token.
    throw new StartupError(`Cannot reach the Bot API at ${server}: ${redactSecrets(reason, [token])}`);
  }
}

/** Connects the shared flood counter; an unreachable Redis at start is a clear error. */
async function openRedis(url: string, logger: Logger): Promise<RedisFloodCounter> {
  const counter = createRedisFloodCounter(url, logger);
  try {
    await counter.ping();
    return counter;
  } catch (error) {
    await counter.close();
    throw new StartupError(`Cannot reach Redis (REDIS_URL): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Starts everything the config asks for and returns the handle that stops it. */
export async function startApp(config: Config & { botToken: string }, logger: Logger): Promise<App> {
  let library = await loadContent(config.seedsDir, logger);
  const store = await openStore(config, logger);
  const stack: Array<() => Promise<void> | void> = [() => store.close()];
  try {
    const identity = await claimInstanceIdentity({ store, instanceId: config.instanceId, logger });
    stack.push(() => identity.release());
  } catch (error) {
    await store.close();
    if (error instanceof InstanceIdInUseError) throw new StartupError(error.message);
    throw error;
  }
  const unwind = async (): Promise<void> => {
    for (const stop of stack.reverse()) await stop();
  };
  try {
    return await startServing(config, logger, store, () => library, (next) => (library = next), stack);
  } catch (error) {
    await unwind();
    throw error;
  }
}

async function startServing(
  config: Config & { botToken: string },
  logger: Logger,
  store: Store,
  currentLibrary: () => ContentLibrary,
  replaceLibrary: (library: ContentLibrary) => void,
  stack: Array<() => Promise<void> | void>,
): Promise<App> {
  const metrics = createMetrics(() => store.subscriptions.countByTopic());
  const i18n = createI18n(LOCALES_DIR);
  const apiOptions = config.botApiRoot === undefined ? {} : { apiRoot: config.botApiRoot };

  const deliverer = createDeliverer({ api: new Api(config.botToken, apiOptions), logger });
  const scheduler = createScheduler({
    store,
    library: currentLibrary,
    deliverer,
    translate: (locale, key, variables) => i18n.t(locale, key, variables),
    instanceId: config.instanceId,
    logger,
    cronExpression: config.digestCron,
    leaseMs: config.deliveryClaimMs,
    leadership: {
      acquire: () => store.leases.acquire(SCHEDULER_LEASE, config.instanceId, config.schedulerLeaseMs, Date.now()),
      release: () => store.leases.release(SCHEDULER_LEASE, config.instanceId),
      renewEveryMs: Math.max(1, Math.floor(config.schedulerLeaseMs / 3)),
    },
    onTick: (report) => {
      for (const [status, count] of Object.entries(report)) if (count > 0) metrics.deliveries.inc({ status }, count);
    },
  });

  // Started before updates flow and stopped after they end: a /digest in flight still has a scheduler.
  scheduler.start();
  stack.push(() => scheduler.stop());

  const floodCounter = config.redisUrl === undefined ? undefined : await openRedis(config.redisUrl, logger);
  if (floodCounter !== undefined) stack.push(() => floodCounter.close());

  // Aborted when shutdown has waited long enough for the updates being handled.
  const abandon = new AbortController();
  const bot = createBot({
    token: config.botToken,
    apiRoot: config.botApiRoot,
    i18n,
    library: currentLibrary,
    store,
    digest: scheduler,
    metrics,
    floodCounter,
    admin: { adminIds: config.adminIds, reload: () => watcher.reload() },
    shutdownSignal: abandon.signal,
    logger,
  });
  bot.botInfo = await identify(new Api(config.botToken, apiOptions), config.botToken, config.botApiRoot);
  const registerMenus = async (library: ContentLibrary): Promise<void> => {
    try {
      await registerCommands(bot.api, i18n, library.topics);
    } catch (error) {
      // The menu is a convenience: a failure here must not keep the bot from answering.
      logger.warn({ err: error }, "could not register the command menu");
    }
  };
  await registerMenus(currentLibrary());

  const watcher = watchSeeds({
    seedsDir: config.seedsDir,
    initial: currentLibrary(),
    onChange: (next) => {
      const previous = currentLibrary();
      replaceLibrary(next);
      if (next.topics.fingerprint !== previous.topics.fingerprint) {
        logger.info({ topics: next.topics.topics.map((topic) => topic.id) }, "topics changed");
        void registerMenus(next);
      }
      const broken = next.problems.find((problem) => problem.file === TOPICS_FILE);
      const wasBroken = previous.problems.find((problem) => problem.file === TOPICS_FILE);
      if (broken !== undefined && broken.reason !== wasBroken?.reason) {
        logger.error({ file: TOPICS_FILE, reason: broken.reason }, "topics file rejected, the previous topics stay");
        void tellOperators({ api: bot.api, adminIds: config.adminIds, store, i18n, logger }, "admin-topics-rejected", { reason: broken.reason });
      }
    },
    logger,
  });
  stack.push(() => watcher.close());

  const inbox = createUpdateInbox({
    inbox: store.inbox,
    holder: config.instanceId,
    handle: (update) => handleUpdate(bot, update, abandon.signal, logger),
    logger,
  });
  await inbox.start();
  stack.push(async () => {
    const drained = inbox.stop();
    const grace = new Promise<void>((resolve) => setTimeout(resolve, HANDLER_GRACE_MS).unref());
    await Promise.race([drained, grace]);
    abandon.abort();
    await drained;
  });

  const http = createHttpServer({
    port: config.port,
    webhook:
      config.mode.kind === "webhook"
        ? { path: new URL(config.mode.url).pathname, secret: config.mode.secret, accept: (update) => inbox.accept([update]) }
        : undefined,
    metrics: metrics.registry,
    ready: async () => {
      await store.ping();
      return currentLibrary().documents.length > 0;
    },
    onError: (error) => logger.error({ err: error }, "http request failed"),
  });
  const port = await http.listen();
  stack.push(() => http.close());
  logger.info({ port }, "http server listening (/healthz, /readyz, /metrics)");

  if (config.mode.kind === "webhook") {
    await bot.api.setWebhook(config.mode.url, {
      secret_token: config.mode.secret,
      allowed_updates: ALLOWED_UPDATES,
    });
    logger.info({ url: config.mode.url }, "bot started (webhook)");
  } else {
    // A webhook left over from a webhook deployment would make getUpdates fail with 409.
    await bot.api.deleteWebhook();
    // Its own Api: getUpdates must not go through auto-retry, whose waits grow to minutes.
    const polling = startLongPolling({ api: new Api(config.botToken, apiOptions), inbox, allowedUpdates: ALLOWED_UPDATES, logger });
    stack.push(() => polling.stop());
    logger.info({ username: bot.botInfo.username }, "bot started (long polling)");
  }

  let stopped: Promise<void> | undefined;
  return {
    username: bot.botInfo.username,
    port,
    stop() {
      // Reverse start order: intake stops first (polling, the webhook's server), then the updates being
      // handled finish, then digests, the watcher, the instance id and the store.
      stopped ??= (async () => {
        for (const stop of stack.reverse()) await stop();
      })();
      return stopped;
    },
  };
}

/**
 * Runs one update through the bot under its error boundary, as polling would: a failure is logged
 * and counted by the bot's error handler. An update whose API calls were cut off by shutdown is
 * `abandoned`: its answer never went out, so the next start handles it again.
 */
async function handleUpdate(bot: Bot<BotContext>, update: Update, abandon: AbortSignal, logger: Logger): Promise<HandleOutcome> {
  try {
    await bot.handleUpdate(update);
    return "handled";
  } catch (error) {
    if (abandon.aborted) {
      const cause = error instanceof BotError ? (error.error as Error) : error;
      logger.warn({ updateId: update.update_id, reason: cause instanceof Error ? cause.message : String(cause) }, "update abandoned at shutdown");
      return "abandoned";
    }
    if (error instanceof BotError) await bot.errorHandler(error as BotError<BotContext>);
    else logger.error({ err: error, updateId: update.update_id }, "update failed outside the bot");
    return "handled";
  }
}
