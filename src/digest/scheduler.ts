/**
 * The daily digest engine: every minute it finds the subscriptions that are due, composes each
 * chat's digest of what is new, and sends it through the paced deliverer. The delivery ledger makes
 * each day's digest go out at most once per chat, across restarts and several instances.
 */
import { setMaxListeners } from "node:events";
import { schedule, type ScheduledTask, type TaskOptions } from "node-cron";
import type { ContentLibrary } from "../content/library.js";
import type { Logger } from "../logger.js";
import type { DueSubscription, Store } from "../store/index.js";
import { composeDigest, type Digest } from "./compose.js";
import type { Deliverer, DeliveryResult } from "./deliver.js";
import { createKeyedQueue } from "./keyed-queue.js";
import { localDate, nextRunAt } from "./schedule.js";

/** Due subscriptions read per query. */
export const DUE_BATCH_SIZE = 100;
/** Digests composed and sent at once; the deliverer paces them, this only hides request latency. */
export const DIGEST_CONCURRENCY = 16;
/**
 * How long a claimed digest belongs to its instance, in ms. Longer than any one delivery (its
 * retry budget per message times the parts), so a live instance never loses its claim mid-send.
 */
export const CLAIM_LEASE_MS = 10 * 60_000;
/** Wait before a digest whose delivery failed is tried again (same local day only), in ms. */
export const FAILED_RETRY_DELAY_MS = 5 * 60_000;
/** Attempts at one day's digest before it is left until the next day. */
export const MAX_DIGEST_ATTEMPTS = 3;
/** Every minute: delivery times are whole minutes. */
const CRON_EVERY_MINUTE = "* * * * *";

/** Looks up a string of `locale`; variables are inserted as they are (escape HTML before). */
export type LocaleTranslate = (locale: string, key: string, variables?: Record<string, string | number>) => string;

/** What `/digest` needs: send a chat what is new now, outside the daily schedule. */
export interface DigestService {
  /**
   * Composes and sends the chat's digest at once: the sections of its subscribed topics (every
   * topic without a subscription) that it has not received, which then count as received. The
   * daily digest is not affected, except that it will not repeat these sections.
   * `nothing-new` means no message was sent; `failed` that the chat is unknown or unreachable.
   */
  sendNow(chatId: number, nowMs: number): Promise<"sent" | "nothing-new" | "failed">;
}

/** What one subscription came to in a tick. */
export type DueOutcome =
  | "sent"
  | "nothing-new"
  | "already-sent"
  | "in-progress"
  | "missed"
  | "blocked"
  | "migrated"
  | "failed"
  | "error";

/** How many due subscriptions of a tick came to each outcome. */
export type TickReport = Record<DueOutcome, number>;

export interface SchedulerOptions {
  store: Store;
  /** The current content; a function because the seeds can be reloaded while the bot runs. */
  library: () => ContentLibrary;
  deliverer: Deliverer;
  /** Translations; the chat's language picks the locale. */
  translate: LocaleTranslate;
  /** Names this process in the delivery ledger's claims (e.g. host name and pid); unique per instance. */
  instanceId: string;
  /** Wall clock in epoch ms for cron ticks. Default `Date.now`. */
  now?: () => number;
  logger: Logger;
  /** `start()` schedules a tick every minute with node-cron. Default true; false leaves ticking to the caller. */
  cron?: boolean;
  /** Due subscriptions per query. Default DUE_BATCH_SIZE. */
  batchSize?: number;
  /** Digests in flight at once. Default DIGEST_CONCURRENCY. */
  concurrency?: number;
  /** Claim lease in ms. Default CLAIM_LEASE_MS. */
  leaseMs?: number;
  /** Retry delay after a failed delivery in ms. Default FAILED_RETRY_DELAY_MS. */
  retryDelayMs?: number;
  /** The node-cron expression of the ticks. Default every minute; seconds fields are allowed. */
  cronExpression?: string;
  /**
   * With several instances, only the holder of this lease runs the cron ticks, so the overall
   * sending pace holds across instances (on-demand `sendNow` works everywhere). It is renewed
   * while a tick runs; a tick that loses it stops taking new digests.
   */
  leadership?: Leadership;
  /** Receives the report of every tick (metrics). */
  onTick?: (report: TickReport) => void;
}

/** A lease-backed right to run the daily ticks (see `LeaseRepository`). */
export interface Leadership {
  /** Takes or renews the lease; false when another instance holds it. */
  acquire(): Promise<boolean>;
  /** Gives it up (shutdown), so another instance takes over at once. */
  release(): Promise<void>;
  /** How often a running tick renews the lease, in ms: well under the lease's lifetime. */
  renewEveryMs: number;
}

export interface Scheduler extends DigestService {
  /** Ticks every minute (with `cron`); a tick still running when the next is due is not overlapped. */
  start(): void;
  /** Stops ticking, lets the digests being sent finish (retry waits are cut short), and resolves when done. */
  stop(): Promise<void>;
  /** Delivers every digest due at `nowMs`; public for tests and for an injected clock. */
  tick(nowMs?: number): Promise<TickReport>;
}

const emptyReport = (): TickReport => ({
  sent: 0,
  "nothing-new": 0,
  "already-sent": 0,
  "in-progress": 0,
  missed: 0,
  blocked: 0,
  migrated: 0,
  failed: 0,
  error: 0,
});

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { store, deliverer, logger, instanceId } = options;
  const now = options.now ?? Date.now;
  const batchSize = options.batchSize ?? DUE_BATCH_SIZE;
  const concurrency = options.concurrency ?? DIGEST_CONCURRENCY;
  const leaseMs = options.leaseMs ?? CLAIM_LEASE_MS;
  const retryDelayMs = options.retryDelayMs ?? FAILED_RETRY_DELAY_MS;
  // One digest per chat at a time in this process: the daily one and /digest must not both send the same news.
  const chats = createKeyedQueue<number>();
  let task: ScheduledTask | undefined;
  /** The tick the cron task started, if it is still running. */
  let cronTick: Promise<TickReport> | undefined;
  /** Every tick in progress, cron or not, so `stop()` can wait for them. */
  const ticks = new Set<Promise<TickReport>>();
  let stopping = createStopSignal();

  async function compose(
    chatId: number,
    language: string,
    topics: readonly string[],
    timeZone: string,
    nowMs: number,
    translate: LocaleTranslate,
  ): Promise<Digest | undefined> {
    const received = await store.receivedSections.receivedHashes(chatId);
    return composeDigest({
      library: options.library(),
      topics,
      received,
      t: (key, variables) => translate(language, key, variables),
      locale: language,
      nowMs,
      timeZone,
    });
  }

  /** Applies to the store what delivery found out about the chat; returns the chat id that now holds it. */
  async function recordChatChanges(chatId: number, result: DeliveryResult): Promise<number> {
    const newChatId = "newChatId" in result ? result.newChatId : undefined;
    let current = chatId;
    if (newChatId !== undefined) {
      await store.chats.migrate(chatId, newChatId);
      current = newChatId;
    }
    if (result.status === "blocked") await store.chats.setStatus(current, current > 0 ? "blocked" : "left");
    if (result.status === "chat-not-found") await store.chats.setStatus(current, "left");
    return current;
  }

  async function deliverDue(subscription: DueSubscription, nowMs: number, calendar: TickCalendar): Promise<DueOutcome> {
    const { chatId, timeZone, deliveryTime } = subscription;
    const upcoming = (): number => calendar.nextRunAt(deliveryTime, timeZone);
    const digestDate = calendar.localDate(subscription.nextRunAt, timeZone);
    // After downtime: a digest from an earlier local day is stale news, today's is still worth sending.
    if (digestDate < calendar.localDate(nowMs, timeZone)) {
      await store.subscriptions.setNextRun(chatId, upcoming());
      return "missed";
    }

    const key = `${chatId}:${digestDate}`;
    // The ledger entry is written before anything is sent, so a crash cannot lead to a second send.
    const claim = await store.deliveries.claim(key, chatId, instanceId, leaseMs, nowMs);
    if (claim === "already-sent") {
      await store.subscriptions.setNextRun(chatId, upcoming());
      return "already-sent";
    }
    if (claim === "in-progress") {
      // Another instance is on it (or crashed holding it): look again when its lease ends.
      const delivery = await store.deliveries.find(key);
      await store.subscriptions.setNextRun(chatId, Math.max(delivery?.claimUntil ?? 0, nowMs + leaseMs));
      return "in-progress";
    }

    const digest = await compose(chatId, subscription.language, subscription.topics, timeZone, nowMs, calendar.translate);
    if (digest === undefined) {
      await store.deliveries.markSkipped(key, "nothing new");
      await store.subscriptions.setNextRun(chatId, upcoming());
      return "nothing-new";
    }

    const result = await deliverer.send(chatId, digest.parts, {
      ...(subscription.messageThreadId === null ? {} : { messageThreadId: subscription.messageThreadId }),
      signal: stopping.signal,
    });
    if (result.status === "sent" || result.status === "migrated") {
      await store.deliveries.markSent(key, result.messageIds);
      const holder = await recordChatChanges(chatId, result);
      await store.receivedSections.markReceived(holder, digest.sections);
      await store.subscriptions.setNextRun(holder, upcoming());
      return result.status;
    }

    await store.deliveries.markFailed(key, result.error);
    const holder = await recordChatChanges(chatId, result);
    if (result.status === "failed") {
      // Shutting down: the subscription stays due, and the next start (or another instance) sends it.
      if (stopping.signal.aborted) return "failed";
      const retryAt = nowMs + retryDelayMs;
      const attempts = (await store.deliveries.find(key))?.attempts ?? MAX_DIGEST_ATTEMPTS;
      const retryToday =
        result.retryable && attempts < MAX_DIGEST_ATTEMPTS && calendar.localDate(retryAt, timeZone) === digestDate;
      await store.subscriptions.setNextRun(holder, retryToday ? retryAt : upcoming());
      logger.warn({ chatId, key, error: result.error, attempts, retryToday }, "digest not delivered");
      return "failed";
    }
    await store.subscriptions.setNextRun(holder, upcoming());
    logger.info({ chatId, status: result.status }, "digest: chat unreachable, deactivated");
    return "blocked";
  }

  function tick(nowMs: number = now(), signal?: AbortSignal): Promise<TickReport> {
    const current = deliverAllDue(nowMs, signal);
    ticks.add(current);
    void current.finally(() => ticks.delete(current)).catch(() => undefined);
    return current;
  }

  async function deliverAllDue(nowMs: number, signal?: AbortSignal): Promise<TickReport> {
    const report = emptyReport();
    const calendar = createTickCalendar(nowMs, options.translate);
    const seen = new Set<number>();
    for (;;) {
      if (stopping.signal.aborted || signal?.aborted === true) break;
      const due = (await store.subscriptions.findDue(nowMs, batchSize)).filter((entry) => !seen.has(entry.chatId));
      if (due.length === 0) break;
      for (const entry of due) seen.add(entry.chatId);
      await forEachConcurrently(due, concurrency, async (subscription) => {
        if (stopping.signal.aborted || signal?.aborted === true) return;
        let outcome: DueOutcome;
        try {
          outcome = await chats.run(subscription.chatId, () => deliverDue(subscription, nowMs, calendar));
        } catch (error) {
          // One chat's failure (a database hiccup, a bug) must not stop the others' digests.
          logger.error({ err: error, chatId: subscription.chatId }, "digest: unexpected error");
          outcome = "error";
        }
        report[outcome] += 1;
      });
    }
    const total = Object.values(report).reduce((sum, count) => sum + count, 0);
    if (total > 0) logger.info({ ...report }, "digest tick");
    options.onTick?.(report);
    return report;
  }

  async function sendNow(chatId: number, nowMs: number): Promise<"sent" | "nothing-new" | "failed"> {
    return chats.run(chatId, async () => {
      const chat = await store.chats.get(chatId);
      if (chat === undefined || chat.status !== "active") return "failed";
      const subscription = await store.subscriptions.get(chatId);
      const timeZone = subscription?.timeZone ?? chat.timeZone;
      const topics = subscription?.topics ?? options.library().topics.topics.map((topic) => topic.id);
      const digest = await compose(chatId, chat.language, topics, timeZone, nowMs, options.translate);
      if (digest === undefined) return "nothing-new";
      const threadId = subscription?.messageThreadId ?? null;
      const result = await deliverer.send(chatId, digest.parts, threadId === null ? {} : { messageThreadId: threadId });
      const holder = await recordChatChanges(chatId, result);
      if (result.status !== "sent" && result.status !== "migrated") return "failed";
      await store.receivedSections.markReceived(holder, digest.sections);
      return "sent";
    });
  }

  function runCronTick(): Promise<TickReport> | undefined {
    // A broadcast to many chats can outlast a minute; the next tick picks up whatever it left due.
    if (cronTick !== undefined) {
      logger.warn("digest tick skipped: the previous one is still running");
      return undefined;
    }
    const current = leadingTick().finally(() => {
      cronTick = undefined;
    });
    cronTick = current;
    return current;
  }

  /** A tick run only by the lease holder, renewing the lease while it runs. */
  async function leadingTick(): Promise<TickReport> {
    const { leadership } = options;
    if (leadership === undefined) return tick(now());
    if (!(await leadership.acquire())) return emptyReport();
    const lost = new AbortController();
    const renewal = setInterval(() => {
      leadership.acquire().then(
        (held) => {
          if (!held) {
            logger.warn("digest tick: another instance took the scheduling lease; stopping this tick");
            lost.abort();
          }
        },
        (error: unknown) => logger.warn({ err: error }, "digest tick: could not renew the scheduling lease"),
      );
    }, leadership.renewEveryMs);
    try {
      return await tick(now(), lost.signal);
    } finally {
      clearInterval(renewal);
    }
  }

  return {
    tick,
    sendNow,
    start() {
      if (stopping.signal.aborted) stopping = createStopSignal();
      if (task !== undefined || options.cron === false) return;
      task = schedule(
        options.cronExpression ?? CRON_EVERY_MINUTE,
        async () => {
          try {
            await runCronTick();
          } catch (error) {
            logger.error({ err: error }, "digest tick failed");
          }
        },
        { name: `digests-${instanceId}`, noOverlap: true, logger: cronLogger(logger) },
      );
    },
    async stop() {
      stopping.abort();
      if (task !== undefined) {
        await task.destroy();
        task = undefined;
      }
      await Promise.allSettled([...ticks]);
      // Let another instance take over at once instead of after the lease runs out.
      await options.leadership?.release().catch((error: unknown) => logger.warn({ err: error }, "could not release the scheduling lease"));
    },
  };
}

/** node-cron's messages (e.g. a tick missed while the process was busy) through the app's logger. */
function cronLogger(logger: Logger): TaskOptions["logger"] {
  const text = (message: string | Error): string => (message instanceof Error ? message.message : message);
  return {
    info: (message) => logger.debug(`node-cron: ${message}`),
    warn: (message) => logger.warn(`node-cron: ${message}`),
    error: (message, error) => logger.error({ err: error ?? message }, `node-cron: ${text(message)}`),
    debug: (message) => logger.debug(`node-cron: ${text(message)}`),
  };
}

/**
 * Time zone arithmetic and translations of one tick, memoized: thousands of due subscriptions share
 * a few zones, times and strings, and both cost far more to compute than to look up.
 */
interface TickCalendar {
  localDate(ms: number, timeZone: string): string;
  /** The next run of `localTime` after the tick's instant. */
  nextRunAt(localTime: string, timeZone: string): number;
  translate: LocaleTranslate;
}

function createTickCalendar(nowMs: number, translate: LocaleTranslate): TickCalendar {
  const dates = new Map<string, string>();
  const runs = new Map<string, number>();
  const strings = new Map<string, string>();
  return {
    translate(locale, key, variables) {
      const cacheKey = `${locale}\u0000${key}\u0000${variables === undefined ? "" : JSON.stringify(variables)}`;
      let text = strings.get(cacheKey);
      if (text === undefined) {
        text = translate(locale, key, variables);
        strings.set(cacheKey, text);
      }
      return text;
    },
    localDate(ms, timeZone) {
      const key = `${ms} ${timeZone}`;
      let date = dates.get(key);
      if (date === undefined) {
        date = localDate(ms, timeZone);
        dates.set(key, date);
      }
      return date;
    },
    nextRunAt(localTime, timeZone) {
      const key = `${localTime} ${timeZone}`;
      let run = runs.get(key);
      if (run === undefined) {
        run = nextRunAt(localTime, timeZone, nowMs);
        runs.set(key, run);
      }
      return run;
    },
  };
}

/** The signal `stop()` aborts; every digest in flight listens to it (and detaches when done), so no listener cap. */
function createStopSignal(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** Runs `worker` over `items` with at most `limit` at once. */
async function forEachConcurrently<T>(items: readonly T[], limit: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await worker(item);
    }
  });
  await Promise.all(lanes);
}
