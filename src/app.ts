/**
 * `src/`: the bot's entry point (`main.ts`), the app it starts (`app.ts`), config, logging and
 * metrics at the top; one folder per part below it.
 *
 * The application without the process around it: content, store, bot, the way updates arrive,
 * the HTTP endpoints and the digest scheduler. `main.ts` adds the environment, the sandbox and
 * signal handling; the end-to-end tests and the sandbox start exactly this.
 */
import type { I18n } from "@grammyjs/i18n";
import { Api, BotError, GrammyError, HttpError, type Bot } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { registerCommands } from "./bot/commands.js";
import { tellOperators, type OperatorChannel } from "./bot/features/admin.js";
import { createBot } from "./bot/create-bot.js";
import { createI18n } from "./bot/i18n.js";
import type { BotContext, TranslatedContext } from "./bot/context.js";
import { loadLibrary, type ContentLibrary } from "./content/library.js";
import { TOPICS_FILE, TopicsFileError } from "./content/topics-file.js";
import { watchSeeds } from "./content/watch-seeds.js";
import type { Config } from "./config.js";
import { createDeliverer } from "./digest/deliver.js";
import { FREE_MESSAGES_PER_SECOND } from "./digest/pacing.js";
import { createScheduler, type Scheduler } from "./digest/scheduler.js";
import { createHttpServer } from "./http/http-server.js";
import { claimInstanceIdentity, InstanceIdInUseError } from "./instance-identity.js";
import { redactSecrets, type Logger } from "./logger.js";
import { apiMetricsTransformer, createMetrics, type Metrics } from "./metrics.js";
import { createRedisFloodCounter, type RedisFloodCounter } from "./redis-flood-counter.js";
import { createStore, type Store } from "./store/index.js";
import { createUpdateInbox, type HandleOutcome, type UpdateInbox } from "./updates/inbox.js";
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

/** A running piece of the app (the store, the scheduler, the watcher, the inbox, the HTTP server, the intake). */
type Part = { stop(): Promise<void> | void };
type Parts = ReturnType<typeof createParts>;

/**
 * The parts started so far, stopped in reverse start order in this one place, on shutdown or when
 * a later part fails to start: intake first (polling, the webhook's server), then the updates being
 * handled finish, then digests, the watcher, the instance id and the store.
 */
function createParts(logger: Logger) {
  const started: Array<[name: string, part: Part]> = [];
  let stopped: Promise<void> | undefined;
  return {
    add<T extends Part>(name: string, part: T): T {
      started.push([name, part]);
      return part;
    },
    stop: (): Promise<void> =>
      (stopped ??= (async () => {
        for (const [name, part] of started.reverse()) {
          // One part failing to stop must not keep the others (the store) open.
          await (async () => part.stop())().catch((error: unknown) => logger.error({ err: error, part: name }, "could not stop part of the app"));
        }
      })()),
  };
}

/** Starts everything the config asks for and returns the handle that stops it. */
export async function startApp(config: Config & { botToken: string }, logger: Logger): Promise<App> {
  const parts = createParts(logger);
  try {
    return await startParts(config, logger, parts);
  } catch (error) {
    await parts.stop();
    throw error;
  }
}

async function startParts(config: Config & { botToken: string }, logger: Logger, parts: Parts): Promise<App> {
  let library = await loadContent(config.seedsDir, logger);
  const store = await openStore(config, logger);
  parts.add("store", { stop: () => store.close() });
  parts.add("instance id", await claimIdentity(store, config, logger));
  const metrics = createMetrics(() => store.subscriptions.countByTopic());
  const i18n = createI18n();
  const apiOptions = config.botApiRoot === undefined ? {} : { apiRoot: config.botApiRoot };

  // Started before updates flow and stopped after they end: a /digest in flight still has a scheduler.
  // The operators' channel exists once the bot does; the scheduler needs it only if a paid broadcast is refused.
  const late: { operators?: OperatorChannel } = {};
  const paidBroadcastRefused = (error: string): void => {
    if (late.operators !== undefined) void tellOperators(late.operators, "admin-broadcast-unpaid", { error, rate: String(FREE_MESSAGES_PER_SECOND) });
  };
  const scheduler = parts.add(
    "scheduler",
    createDigestScheduler(config, { store, library: () => library, i18n, metrics, logger, paidBroadcastRefused }),
  );
  scheduler.start();
  const floodCounter = config.redisUrl === undefined ? undefined : await openRedis(config.redisUrl, logger);
  if (floodCounter !== undefined) parts.add("redis", { stop: () => floodCounter.close() });

  // Aborted when shutdown has waited long enough for the updates being handled.
  const abandon = new AbortController();
  const bot = createBot({
    token: config.botToken,
    apiRoot: config.botApiRoot,
    i18n,
    library: () => library,
    store,
    digest: scheduler,
    metrics,
    floodCounter,
    admin: { adminIds: config.adminIds, reload: () => watcher.reload() },
    shutdownSignal: abandon.signal,
    logger,
  });
  bot.botInfo = await identify(new Api(config.botToken, apiOptions), config.botToken, config.botApiRoot);
  const operators: OperatorChannel = { api: bot.api, adminIds: config.adminIds, store, i18n, logger };
  late.operators = operators;
  await registerMenus(operators, library);

  const watcher = watchSeeds({
    seedsDir: config.seedsDir,
    initial: library,
    onChange: (next) => {
      const previous = library;
      library = next;
      contentChanged(operators, previous, next);
    },
    logger,
  });
  parts.add("seed watcher", { stop: () => watcher.close() });

  const inbox = await startInbox({ store, instanceId: config.instanceId, bot, abandon, parts, logger });

  let intakeStarted = false;
  const http = createHttpServer({
    port: config.port,
    webhook:
      config.mode.kind === "webhook"
        ? { path: new URL(config.mode.url).pathname, secret: config.mode.secret, accept: (update) => inbox.accept([update]) }
        : undefined,
    metrics: metrics.registry,
    // Ready once updates flow (the webhook set, polling running), with a database that answers.
    ready: async () => {
      await store.ping();
      return intakeStarted && library.documents.length > 0;
    },
    onError: (error) => logger.error({ err: error }, "http request failed"),
  });
  const port = await http.listen();
  parts.add("http server", { stop: () => http.close() });
  logger.info({ port }, "http server listening (/healthz, /readyz, /metrics)");

  await startIntake(config, bot, inbox, parts, logger);
  intakeStarted = true;
  return { username: bot.botInfo.username, port, stop: () => parts.stop() };
}

/**
 * The inbox that feeds the bot. On stop it lets the updates being handled finish for a while, then
 * abandons their API calls still waiting to be retried (`abandon`), so shutdown never hangs.
 */
async function startInbox(deps: {
  store: Store;
  instanceId: string;
  bot: Bot<BotContext>;
  abandon: AbortController;
  parts: Parts;
  logger: Logger;
}): Promise<UpdateInbox> {
  const { bot, abandon, logger } = deps;
  const inbox = createUpdateInbox({
    inbox: deps.store.inbox,
    holder: deps.instanceId,
    handle: (update) => handleUpdate(bot, update, abandon.signal, logger),
    logger,
  });
  await inbox.start();
  deps.parts.add("inbox", {
    async stop() {
      const drained = inbox.stop();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, HANDLER_GRACE_MS).unref());
      await Promise.race([drained, grace]);
      abandon.abort();
      await drained;
    },
  });
  return inbox;
}

/** The app's own instance id in the store, so two processes with one INSTANCE_ID do not both run. */
async function claimIdentity(store: Store, config: Config, logger: Logger): Promise<Part> {
  try {
    const identity = await claimInstanceIdentity({ store, instanceId: config.instanceId, logger });
    return { stop: () => identity.release() };
  } catch (error) {
    if (error instanceof InstanceIdInUseError) throw new StartupError(error.message);
    throw error;
  }
}

/** The daily digests: paced delivery, the ledger, and the lease that lets one instance schedule. */
function createDigestScheduler(
  config: Config & { botToken: string },
  deps: {
    store: Store;
    library: () => ContentLibrary;
    i18n: I18n<TranslatedContext>;
    metrics: Metrics;
    logger: Logger;
    paidBroadcastRefused: (error: string) => void;
  },
): Scheduler {
  const { store, metrics } = deps;
  const apiOptions = config.botApiRoot === undefined ? {} : { apiRoot: config.botApiRoot };
  return createScheduler({
    store,
    library: deps.library,
    deliverer: createDeliverer({
      token: config.botToken,
      client: apiOptions,
      // Digest messages count in bot_messages_sent_total and bot_api_errors_total like replies.
      observe: apiMetricsTransformer(metrics),
      limits: { overallPerSecond: config.broadcastRate },
      paidBroadcast: config.paidBroadcast,
      onPaidBroadcastRefused: deps.paidBroadcastRefused,
      logger: deps.logger,
    }),
    translate: (locale, key, variables) => deps.i18n.t(locale, key, variables),
    instanceId: config.instanceId,
    logger: deps.logger,
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
}

/** Registers the command menus of `library`'s topics in every language. */
async function registerMenus(operators: OperatorChannel, library: ContentLibrary): Promise<void> {
  try {
    await registerCommands(operators.api, operators.i18n, library.topics);
  } catch (error) {
    // The menu is a convenience: a failure here must not keep the bot from answering.
    operators.logger.warn({ err: error }, "could not register the command menu");
  }
}

/** After the seeds changed: new topics get their menus; a newly broken topics file is reported to operators. */
function contentChanged(operators: OperatorChannel, previous: ContentLibrary, next: ContentLibrary): void {
  const { logger } = operators;
  if (next.topics.fingerprint !== previous.topics.fingerprint) {
    logger.info({ topics: next.topics.topics.map((topic) => topic.id) }, "topics changed");
    void registerMenus(operators, next);
  }
  const broken = next.problems.find((problem) => problem.file === TOPICS_FILE);
  const wasBroken = previous.problems.find((problem) => problem.file === TOPICS_FILE);
  if (broken !== undefined && broken.reason !== wasBroken?.reason) {
    logger.error({ file: TOPICS_FILE, reason: broken.reason }, "topics file rejected, the previous topics stay");
    void tellOperators(operators, "admin-topics-rejected", { reason: broken.reason });
  }
}

/** Updates start to flow: the webhook is set, or long polling starts (after removing any webhook). */
async function startIntake(
  config: Config & { botToken: string },
  bot: Bot<BotContext>,
  inbox: UpdateInbox,
  parts: Parts,
  logger: Logger,
): Promise<void> {
  if (config.mode.kind === "webhook") {
    await bot.api.setWebhook(config.mode.url, { secret_token: config.mode.secret, allowed_updates: ALLOWED_UPDATES });
    logger.info({ url: config.mode.url }, "bot started (webhook)");
    return;
  }
  // A webhook left over from a webhook deployment would make getUpdates fail with 409.
  await bot.api.deleteWebhook();
  // Its own Api: getUpdates must not go through auto-retry, whose waits grow to minutes.
  const api = new Api(config.botToken, config.botApiRoot === undefined ? {} : { apiRoot: config.botApiRoot });
  parts.add("long polling", startLongPolling({ api, inbox, allowedUpdates: ALLOWED_UPDATES, logger }));
  logger.info({ username: bot.botInfo.username }, "bot started (long polling)");
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
