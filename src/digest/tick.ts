/**
 * One tick of the daily digests: reads the due subscriptions in pages, takes each through the
 * ledger a few at a time, and schedules its next run: tomorrow, a retry later today, or when
 * another instance's claim expires. Says how many due subscriptions came to each outcome.
 */
import type { ContentLibrary } from "../content/library.js";
import type { Logger } from "../logger.js";
import type { DueSubscription, Store } from "../store/index.js";
import { composeDigest, type Digest } from "./compose.js";
import type { Ledger } from "./ledger.js";
import { localDate, nextRunAt } from "./schedule.js";

/** Attempts at one day's digest before it is left until the next day. */
export const MAX_DIGEST_ATTEMPTS = 3;

/** Looks up a string of `locale`; variables are inserted as they are (escape HTML before). */
export type LocaleTranslate = (locale: string, key: string, variables?: Record<string, string | number>) => string;

const DUE_OUTCOMES = ["sent", "nothing-new", "already-sent", "in-progress", "missed", "blocked", "migrated", "failed", "error"] as const;
/** What one subscription came to in a tick. */
export type DueOutcome = (typeof DUE_OUTCOMES)[number];
/** How many due subscriptions of a tick came to each outcome. */
export type TickReport = Record<DueOutcome, number>;

export const emptyReport = (): TickReport => Object.fromEntries(DUE_OUTCOMES.map((outcome) => [outcome, 0])) as TickReport;

/** How a tick reads and retries: the scheduler's options of the same names, with their defaults. */
export interface TickSettings {
  /** Due subscriptions per query. Default DUE_BATCH_SIZE. */
  batchSize: number;
  /** Digests in flight at once. Default DIGEST_CONCURRENCY. */
  concurrency: number;
  /** Claim lease in ms. Default CLAIM_LEASE_MS. */
  leaseMs: number;
  /** Retry delay after a failed delivery in ms. Default FAILED_RETRY_DELAY_MS. */
  retryDelayMs: number;
}

/** What a tick works with. */
export interface TickParts extends TickSettings {
  store: Store;
  ledger: Ledger;
  library: () => ContentLibrary;
  translate: LocaleTranslate;
  logger: Logger;
  /** Runs one chat's digest after any other of the same chat in this process (the daily one and `/digest`). */
  serialize: <T>(chatId: number, task: () => Promise<T>) => Promise<T>;
  /** Aborted by `stop()`: no new digests, and a failed one is left due for the next start. */
  stopping: AbortSignal;
}

/** The chat's digest of what it has not received, in its language; undefined when nothing is new. */
export async function composeFor(
  parts: Pick<TickParts, "store" | "library">,
  chat: { chatId: number; language: string; topics: readonly string[]; timeZone: string },
  nowMs: number,
  translate: LocaleTranslate,
): Promise<Digest | undefined> {
  return composeDigest({
    library: parts.library(),
    topics: chat.topics,
    received: await parts.store.receivedSections.receivedHashes(chat.chatId),
    t: (key, variables) => translate(chat.language, key, variables),
    locale: chat.language,
    nowMs,
    timeZone: chat.timeZone,
  });
}

/** Delivers every digest due at `nowMs`, until none is left or `halt` (or `stopping`) aborts. */
export async function runTick(parts: TickParts, nowMs: number, halt?: AbortSignal): Promise<TickReport> {
  const report = emptyReport();
  const calendar = createTickCalendar(nowMs, parts.translate);
  const halted = (): boolean => parts.stopping.aborted || halt?.aborted === true;
  // Every outcome but "error" moves the subscription's next run past `nowMs`, so it leaves the due
  // list by itself: only the chats that failed unexpectedly are remembered, and memory stays flat
  // however many subscribers a tick goes through.
  const stuck = new Set<number>();
  let previous = new Set<number>();
  while (!halted()) {
    const page = await parts.store.subscriptions.findDue(nowMs, parts.batchSize + stuck.size);
    const due = page.filter((entry) => !stuck.has(entry.chatId));
    // A page the last one already held means some outcome left its next run due: stop rather than spin.
    if (due.length === 0 || due.every((entry) => previous.has(entry.chatId))) break;
    previous = new Set(due.map((entry) => entry.chatId));
    await forEachConcurrently(due, parts.concurrency, async (subscription) => {
      if (halted()) return;
      let outcome: DueOutcome;
      try {
        outcome = await parts.serialize(subscription.chatId, () => deliverDue(parts, subscription, nowMs, calendar));
      } catch (error) {
        // One chat's failure (a database hiccup, a bug) must not stop the others' digests.
        parts.logger.error({ err: error, chatId: subscription.chatId }, "digest: unexpected error");
        stuck.add(subscription.chatId);
        outcome = "error";
      }
      report[outcome] += 1;
    });
  }
  if (Object.values(report).some((count) => count > 0)) parts.logger.info({ ...report }, "digest tick");
  return report;
}

async function deliverDue(parts: TickParts, subscription: DueSubscription, nowMs: number, calendar: TickCalendar): Promise<DueOutcome> {
  const { store, ledger } = parts;
  const { chatId, timeZone, deliveryTime } = subscription;
  const upcoming = (): number => calendar.nextRunAt(deliveryTime, timeZone);
  const digestDate = calendar.localDate(subscription.nextRunAt, timeZone);
  // After downtime: a digest from an earlier local day is stale news, today's is still worth sending.
  if (digestDate < calendar.localDate(nowMs, timeZone)) {
    await store.subscriptions.setNextRun(chatId, upcoming());
    return "missed";
  }

  const key = `${chatId}:${digestDate}`;
  const outcome = await ledger.attempt(
    {
      key,
      chatId,
      messageThreadId: subscription.messageThreadId,
      compose: () => composeFor(parts, subscription, nowMs, calendar.translate),
      signal: parts.stopping,
      nextRunAt: upcoming(),
    },
    nowMs,
  );
  if (outcome.status === "in-progress") {
    // Another instance is on it (or crashed holding it): look again when its claim expires.
    await store.subscriptions.setNextRun(chatId, Math.max((await ledger.find(key))?.claimUntil ?? 0, nowMs + parts.leaseMs));
    return "in-progress";
  }
  if (outcome.status !== "delivered") {
    await store.subscriptions.setNextRun(chatId, upcoming());
    return outcome.status;
  }

  const { result, holder } = outcome;
  if (result.status === "failed") {
    // Shutting down: the subscription stays due, and the next start (or another instance) sends it.
    if (parts.stopping.aborted) return "failed";
    const retryAt = nowMs + parts.retryDelayMs;
    const attempts = (await ledger.find(key))?.attempts ?? MAX_DIGEST_ATTEMPTS;
    const retryToday = result.retryable && attempts < MAX_DIGEST_ATTEMPTS && calendar.localDate(retryAt, timeZone) === digestDate;
    await store.subscriptions.setNextRun(holder, retryToday ? retryAt : upcoming());
    parts.logger.warn({ chatId, key, error: result.error, attempts, retryToday }, "digest not delivered");
    return "failed";
  }
  // Delivered: the ledger has set the next run with the delivery.
  if (result.status === "sent" || result.status === "migrated") return result.status;
  await store.subscriptions.setNextRun(holder, upcoming());
  parts.logger.info({ chatId, status: result.status }, "digest: chat unreachable, deactivated");
  return "blocked";
}

/**
 * Time zone arithmetic and translations of one tick, memoized: thousands of due subscriptions share
 * a few zones, times and strings, and both cost far more to compute than to look up. `nextRunAt`
 * is the next run of a local time after the tick's instant.
 */
type TickCalendar = ReturnType<typeof createTickCalendar>;

function createTickCalendar(nowMs: number, translate: LocaleTranslate) {
  return {
    translate: memoize(translate, (locale, key, variables) => `${locale}\u0000${key}\u0000${variables === undefined ? "" : JSON.stringify(variables)}`),
    localDate: memoize(localDate, (ms, timeZone) => `${ms} ${timeZone}`),
    nextRunAt: memoize((localTime: string, timeZone: string) => nextRunAt(localTime, timeZone, nowMs), (localTime, timeZone) => `${localTime} ${timeZone}`),
  };
}

function memoize<A extends unknown[], R>(compute: (...args: A) => R, keyOf: (...args: A) => string): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args) => {
    const key = keyOf(...args);
    if (!cache.has(key)) cache.set(key, compute(...args));
    return cache.get(key) as R;
  };
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
