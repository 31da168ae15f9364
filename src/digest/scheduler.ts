/**
 * The daily digest engine, put together: a node-cron task ticks every minute (only on the instance
 * that holds the scheduling lease), each tick delivers what is due, and `/digest` sends at once.
 * Both go through the delivery ledger, so a digest goes out at most once across restarts and
 * instances, and one chat's digests run one at a time in this process.
 */
import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import { schedule, type ScheduledTask, type TaskOptions } from "node-cron";
import type { ContentLibrary } from "../content/library.js";
import type { Logger } from "../logger.js";
import type { Store } from "../store/index.js";
import type { Deliverer } from "./deliver.js";
import { whileLeading, type Leadership } from "./lease.js";
import { createLedger } from "./ledger.js";
import { composeFor, emptyReport, runTick, type LocaleTranslate, type TickParts, type TickReport, type TickSettings } from "./tick.js";

export type { Leadership } from "./lease.js";
export { MAX_DIGEST_ATTEMPTS, type DueOutcome, type LocaleTranslate, type TickReport } from "./tick.js";

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
/** Every minute: delivery times are whole minutes. */
const CRON_EVERY_MINUTE = "* * * * *";

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

export interface SchedulerOptions extends Partial<TickSettings> {
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
  /** The node-cron expression of the ticks. Default every minute; seconds fields are allowed. */
  cronExpression?: string;
  /** With several instances, only this lease's holder runs the cron ticks (see lease.ts); `sendNow` works everywhere. */
  leadership?: Leadership;
  /** Receives the report of every tick (metrics). */
  onTick?: (report: TickReport) => void;
}

export interface Scheduler extends DigestService {
  /** Ticks every minute (with `cron`); a tick still running when the next is due is not overlapped. */
  start(): void;
  /** Stops ticking, lets the digests being sent finish (retry waits are cut short), and resolves when done. */
  stop(): Promise<void>;
  /** Delivers every digest due at `nowMs`; public for tests and for an injected clock. */
  tick(nowMs?: number): Promise<TickReport>;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { store, logger, instanceId, leadership } = options;
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? CLAIM_LEASE_MS;
  const ledger = createLedger(store, options.deliverer, instanceId, leaseMs);
  // One digest per chat at a time in this process: the daily one and /digest must not both send the same news.
  const chats = createChatQueue();
  let stopping = createStopSignal();
  const parts = (): TickParts => ({
    store,
    ledger,
    library: options.library,
    translate: options.translate,
    logger,
    batchSize: options.batchSize ?? DUE_BATCH_SIZE,
    concurrency: options.concurrency ?? DIGEST_CONCURRENCY,
    leaseMs,
    retryDelayMs: options.retryDelayMs ?? FAILED_RETRY_DELAY_MS,
    serialize: chats,
    stopping: stopping.signal,
  });
  let task: ScheduledTask | undefined;
  /** The tick the cron task started, if it is still running. */
  let cronTick: Promise<TickReport> | undefined;
  /** Every tick in progress, cron or not, so `stop()` can wait for them. */
  const ticks = new Set<Promise<TickReport>>();

  function tick(nowMs: number = now(), halt?: AbortSignal): Promise<TickReport> {
    const current = runTick(parts(), nowMs, halt).then((report) => {
      options.onTick?.(report);
      return report;
    });
    ticks.add(current);
    void current.finally(() => ticks.delete(current)).catch(() => undefined);
    return current;
  }

  function runCronTick(): Promise<TickReport> | undefined {
    // A broadcast to many chats can outlast a minute; the next tick picks up whatever it left due.
    if (cronTick !== undefined) {
      logger.warn("digest tick skipped: the previous one is still running");
      return undefined;
    }
    const leading = leadership === undefined ? tick(now()) : whileLeading(leadership, logger, emptyReport(), (lost) => tick(now(), lost));
    cronTick = leading.finally(() => {
      cronTick = undefined;
    });
    return cronTick;
  }

  async function sendNow(chatId: number, nowMs: number): Promise<"sent" | "nothing-new" | "failed"> {
    return chats(chatId, async () => {
      const chat = await store.chats.get(chatId);
      if (chat === undefined || chat.status !== "active") return "failed";
      const subscription = await store.subscriptions.get(chatId);
      const request = {
        chatId,
        language: chat.language,
        timeZone: subscription?.timeZone ?? chat.timeZone,
        topics: subscription?.topics ?? options.library().topics.topics.map((topic) => topic.id),
      };
      // A ledger entry of its own: /digest is no day's digest, but is claimed and recorded the same way.
      const outcome = await ledger.attempt(
        {
          key: `${chatId}:now:${randomUUID()}`,
          chatId,
          messageThreadId: subscription?.messageThreadId ?? null,
          compose: () => composeFor(parts(), request, nowMs, options.translate),
        },
        nowMs,
      );
      if (outcome.status === "nothing-new") return "nothing-new";
      const sent = outcome.status === "delivered" && (outcome.result.status === "sent" || outcome.result.status === "migrated");
      return sent ? "sent" : "failed";
    });
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
      await leadership?.release().catch((error: unknown) => logger.warn({ err: error }, "could not release the scheduling lease"));
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

/** The signal `stop()` aborts; every digest in flight listens to it (and detaches when done), so no listener cap. */
function createStopSignal(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/**
 * Runs a task after every task queued earlier for the same chat has settled; different chats run
 * concurrently. In-process only: across instances the delivery ledger keeps a digest from going out twice.
 */
function createChatQueue(): <T>(chatId: number, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<number, Promise<unknown>>();
  return (chatId, task) => {
    const result = (tails.get(chatId) ?? Promise.resolve()).then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(chatId, tail);
    // Forget the chat once its last task is done, so the map holds only busy chats.
    void tail.then(() => {
      if (tails.get(chatId) === tail) tails.delete(chatId);
    });
    return result;
  };
}
