/**
 * `src/updates/`: how updates reach the bot: the durable inbox and long polling (the webhook's
 * endpoint is in `http/`).
 *
 * The durable inbox between Telegram and the bot. Both ways updates arrive (long polling, webhook)
 * only add them here; Telegram is told they arrived once they are stored, so a crash loses nothing.
 * A worker takes them out in order per chat, concurrently across chats, hands each to the bot and
 * marks it handled; an `update_id` seen before is dropped, so a redelivery is never handled twice,
 * on this instance or another sharing the store.
 */
import type { Update } from "grammy/types";
import type { Logger } from "../logger.js";
import type { InboxEntry, InboxRepository } from "../store/index.js";

/** Unhandled updates the inbox holds at most; past it, intake waits (polling) or asks Telegram to retry (webhook). */
export const INBOX_CAPACITY = 10_000;
/** Updates handled at the same time (different chats; one chat is always one at a time). */
export const INBOX_CONCURRENCY = 64;
/**
 * How long an instance owns an update it took (ms). Longer than any handler runs (API retries
 * included); an instance that dies mid-update leaves it to others after this.
 */
export const INBOX_CLAIM_MS = 5 * 60_000;
/** Entries, handled or not, are deleted this long after they arrived (ms): Telegram keeps updates 24 h. */
export const INBOX_RETENTION_MS = 24 * 60 * 60_000;
/** An update taken this many times without being marked handled crashed its instance each time: it is dropped. */
export const INBOX_MAX_ATTEMPTS = 5;
/** How often the worker looks for updates other instances received or left behind (ms). */
const SWEEP_INTERVAL_MS = 1_000;
/** How often expired entries are deleted (ms). */
const EXPIRE_INTERVAL_MS = 10 * 60_000;
/** How often a poller waiting for room asks again (ms). */
const ROOM_RECHECK_MS = 200;

/** What handling one update came to: done (handled or failed and logged), or abandoned at shutdown. */
export type HandleOutcome = "handled" | "abandoned";

export interface UpdateInboxOptions {
  inbox: InboxRepository;
  /** Runs one update through the bot; its errors are the handler's business, it only says how it ended. */
  handle: (update: Update) => Promise<HandleOutcome>;
  /** Names this instance in claims. */
  holder: string;
  logger: Logger;
  now?: () => number;
  capacity?: number;
  concurrency?: number;
  claimMs?: number;
  /** How often to look for updates received elsewhere (ms); 0 turns the sweep off. */
  sweepIntervalMs?: number;
}

/** Whether an update was taken in: `full` means the inbox is at capacity and nothing was stored. */
export type AcceptOutcome = "accepted" | "full";

export interface UpdateInbox {
  /** Stores the updates (known ids are dropped) and schedules them; resolves once they are durable. */
  accept(updates: readonly Update[]): Promise<AcceptOutcome>;
  /** Resolves once there is room for more updates, or when `signal` aborts. */
  waitForRoom(signal: AbortSignal): Promise<void>;
  /** Gives back claims of an earlier life of this instance and starts handling. */
  start(): Promise<void>;
  /**
   * Takes no more updates; waits for those being handled. Unhandled ones stay in the store for the
   * next start. Resolves when nothing runs.
   */
  stop(): Promise<void>;
}

/** The chat key of an update: its chat, else its sender, else nothing to order it against. */
export function updateChatKey(update: Update): string {
  const value = Object.values(update).find((field): field is Record<string, unknown> => typeof field === "object" && field !== null);
  const chat = (value?.chat ?? (value?.message as Record<string, unknown> | undefined)?.chat) as { id?: unknown } | undefined;
  if (typeof chat?.id === "number") return String(chat.id);
  const from = (value?.from ?? value?.user) as { id?: unknown } | undefined;
  if (typeof from?.id === "number") return String(from.id);
  return `update:${update.update_id}`;
}

export function createUpdateInbox(options: UpdateInboxOptions): UpdateInbox {
  const { inbox, logger } = options;
  const now = options.now ?? Date.now;
  const capacity = options.capacity ?? INBOX_CAPACITY;
  const concurrency = options.concurrency ?? INBOX_CONCURRENCY;
  const claimMs = options.claimMs ?? INBOX_CLAIM_MS;
  const sweepIntervalMs = options.sweepIntervalMs ?? SWEEP_INTERVAL_MS;

  const running = new Set<Promise<void>>();
  let started = false;
  let stopping = false;
  let pumping: Promise<void> | undefined;
  let pumpAgain = false;
  // The backlog as last counted in the store, kept current by this instance's own adds and
  // handled updates and recounted on every sweep (other instances share the store): a request
  // then costs no count query.
  let unhandled = 0;
  const timers: NodeJS.Timeout[] = [];

  /** Takes as many updates as there are free slots and starts them; one claim query at a time. */
  function pump(): void {
    if (!started || stopping) return;
    if (pumping !== undefined) {
      pumpAgain = true;
      return;
    }
    pumping = (async () => {
      do {
        pumpAgain = false;
        const free = concurrency - running.size;
        if (free <= 0 || stopping) break;
        const entries = await inbox.claim(options.holder, claimMs, now(), free);
        for (const entry of entries) run(entry);
        if (entries.length === free) pumpAgain = true;
      } while (pumpAgain && !stopping);
    })()
      .catch((error: unknown) => logger.error({ err: error }, "inbox: could not take updates; retrying on the next sweep"))
      .finally(() => {
        pumping = undefined;
        // A request for more that came after the loop's last check must not be lost.
        if (pumpAgain) pump();
      });
  }

  function run(entry: InboxEntry): void {
    const task = handleEntry(entry).finally(() => {
      running.delete(task);
      pump();
    });
    running.add(task);
  }

  async function handleEntry(entry: InboxEntry): Promise<void> {
    try {
      if (entry.attempts > INBOX_MAX_ATTEMPTS) {
        logger.error({ updateId: entry.updateId, attempts: entry.attempts }, "inbox: update dropped after crashing every attempt");
      } else if ((await options.handle(JSON.parse(entry.payload) as Update)) === "abandoned") {
        // Its reply never went out: the next start handles it again.
        await inbox.release(options.holder, [entry.updateId]);
        logger.warn({ updateId: entry.updateId }, "inbox: update abandoned at shutdown; it is handled again at the next start");
        return;
      }
      await inbox.markHandled(entry.updateId, now());
      unhandled = Math.max(0, unhandled - 1);
    } catch (error) {
      // The handler reports its own errors; this is the store failing. The claim lapses and the update runs again.
      logger.error({ err: error, updateId: entry.updateId }, "inbox: could not record an update as handled");
    }
  }

  async function refreshUnhandled(): Promise<void> {
    unhandled = await inbox.countUnhandled();
  }

  /** Recounts the backlog and takes updates other instances received or left behind. */
  function sweep(): void {
    refreshUnhandled().then(pump, (error: unknown) => logger.warn({ err: error }, "inbox: could not count the backlog"));
  }

  async function expire(): Promise<void> {
    const gone = await inbox.expire(now() - INBOX_RETENTION_MS);
    if (gone.unhandled > 0) logger.warn({ count: gone.unhandled }, "inbox: updates older than a day expired unhandled");
  }

  return {
    async accept(updates) {
      if (updates.length === 0) return "accepted";
      if (unhandled >= capacity) return "full";
      const drafts = updates.map((update) => ({ updateId: update.update_id, chatKey: updateChatKey(update), payload: JSON.stringify(update) }));
      const added = await inbox.add(drafts, now());
      if (added < updates.length) logger.info({ redelivered: updates.length - added }, "inbox: known updates dropped");
      unhandled += added;
      pump();
      return "accepted";
    },

    async waitForRoom(signal) {
      if (unhandled < capacity) return;
      await refreshUnhandled();
      while (unhandled >= capacity && !signal.aborted) {
        await new Promise((resolve) => setTimeout(resolve, ROOM_RECHECK_MS));
        await refreshUnhandled();
      }
    },

    async start() {
      await refreshUnhandled();
      const released = await inbox.release(options.holder);
      if (released > 0) logger.info({ count: released }, "inbox: taking back updates left by the previous run");
      await expire();
      started = true;
      if (sweepIntervalMs > 0) timers.push(setInterval(sweep, sweepIntervalMs));
      timers.push(
        setInterval(() => void expire().catch((error: unknown) => logger.warn({ err: error }, "inbox: expiry failed")), EXPIRE_INTERVAL_MS),
      );
      for (const timer of timers) timer.unref();
      pump();
    },

    async stop() {
      stopping = true;
      for (const timer of timers) clearInterval(timer);
      await pumping;
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
