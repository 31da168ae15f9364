import type { Update, WebhookInfo } from "grammy/types";
import { conflict, ERROR_TEXT } from "./api-error.js";
import {
  GET_UPDATES_LIMIT_MAX,
  GET_UPDATES_TIMEOUT_MAX_SECONDS,
  UPDATE_TYPES_OFF_BY_DEFAULT,
  WEBHOOK_REQUEST_TIMEOUT_MS,
  WEBHOOK_RETRY_INITIAL_MS,
  WEBHOOK_RETRY_MAX_MS,
} from "./limits.js";
import { unixTime } from "./unix-time.js";
import { sleep } from "./waiting.js";

/** An update before the queue numbers it. */
export type UpdatePayload = Omit<Update, "update_id">;

/** Webhook delivery timings; the defaults suit tests, not Telegram's slower real backoff. */
export interface WebhookTimings {
  /** First wait after a failed delivery, in ms; doubles after each failure. Default 50. */
  retryInitialMs?: number;
  /** Longest wait between retries, in ms. Default 2000. */
  retryMaxMs?: number;
  /** How long one POST may take, in ms. Default 10000. */
  requestTimeoutMs?: number;
}

/** What setWebhook stores. */
export interface WebhookSettings {
  url: string;
  secretToken?: string;
  maxConnections: number;
  allowedUpdates?: string[];
}

/** A getUpdates request, already validated. */
export interface GetUpdatesRequest {
  offset?: number;
  limit?: number;
  timeoutSeconds?: number;
  allowedUpdates?: string[];
}

/** One bot's pending updates, delivered by long polling or by webhook. */
export interface UpdateQueue {
  /** Numbers and queues an update; returns it, or undefined when allowed_updates filters it out. */
  push(payload: UpdatePayload): Update | undefined;
  /** getUpdates: confirms by offset, then answers at once or holds until an update or the timeout. */
  getUpdates(request: GetUpdatesRequest, signal: AbortSignal): Promise<Update[]>;
  /** Returns whether anything changed (Telegram says "Webhook is already set" otherwise). */
  setWebhook(settings: WebhookSettings, dropPendingUpdates: boolean): boolean;
  /** Returns whether a webhook was set. */
  deleteWebhook(dropPendingUpdates: boolean): boolean;
  webhookInfo(): WebhookInfo;
  /** Updates not yet confirmed (polling) or delivered (webhook). */
  pending(): Update[];
  /** How often each update was handed to the bot: webhook POSTs, or getUpdates answers holding it. */
  deliveryCounts(): Map<number, number>;
  /** Answers a held long poll with no updates and stops webhook delivery, for shutdown. */
  close(): void;
}

interface Waiter {
  limit: number;
  resolve(updates: Update[]): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Options of {@link createUpdateQueue}. */
export interface UpdateQueueOptions {
  timings?: WebhookTimings;
  /** Runs a method that a webhook answered with in its response body, as Telegram does. */
  onWebhookReply?(body: Record<string, unknown>): void;
  /** Receives one line per webhook failure; never the token. */
  log?(line: string): void;
}

// Telegram's update ids are arbitrary but increasing; starting at 1 keeps test output readable.
const FIRST_UPDATE_ID = 1;
const MS_PER_SECOND = 1_000;

/** Creates the queue of one bot. */
export function createUpdateQueue(options: UpdateQueueOptions = {}): UpdateQueue {
  const retryInitialMs = options.timings?.retryInitialMs ?? WEBHOOK_RETRY_INITIAL_MS;
  const retryMaxMs = options.timings?.retryMaxMs ?? WEBHOOK_RETRY_MAX_MS;
  const requestTimeoutMs = options.timings?.requestTimeoutMs ?? WEBHOOK_REQUEST_TIMEOUT_MS;

  let queue: Update[] = [];
  const deliveries = new Map<number, number>();
  const countDelivery = (updates: readonly Update[]): Update[] => {
    for (const update of updates) deliveries.set(update.update_id, (deliveries.get(update.update_id) ?? 0) + 1);
    return updates as Update[];
  };
  let nextUpdateId = FIRST_UPDATE_ID;
  let allowedUpdates: string[] | undefined;
  let waiter: Waiter | undefined;
  let webhook: WebhookSettings | undefined;
  let lastError: { date: number; message: string } | undefined;
  let closed = false;
  let delivering = false;
  // Aborting this wakes the delivery loop from its backoff sleep and cancels an in-flight POST.
  let deliveryInterrupt = new AbortController();

  const isAllowed = (type: string): boolean =>
    allowedUpdates === undefined || allowedUpdates.length === 0
      ? !UPDATE_TYPES_OFF_BY_DEFAULT.has(type)
      : allowedUpdates.includes(type);

  const release = (): void => {
    if (!waiter || queue.length === 0) return;
    const current = waiter;
    waiter = undefined;
    clearTimeout(current.timer);
    current.resolve(countDelivery(queue.slice(0, current.limit)));
  };

  const interruptDelivery = (): void => {
    deliveryInterrupt.abort();
    deliveryInterrupt = new AbortController();
  };

  async function deliver(): Promise<void> {
    if (delivering) return;
    delivering = true;
    try {
      let delayMs = retryInitialMs;
      while (!closed && webhook && queue.length > 0) {
        const target = webhook;
        const update = queue[0];
        if (!update) break;
        const failure = await post(target, update, deliveryInterrupt.signal);
        // A webhook changed or removed meanwhile decides afresh what to do with the update.
        if (webhook !== target) continue;
        if (failure === undefined) {
          if (queue[0] === update) queue.shift();
          delayMs = retryInitialMs;
          continue;
        }
        lastError = { date: unixTime(), message: failure };
        options.log?.(`webhook delivery of update ${update.update_id} failed: ${failure}; retrying in ${delayMs} ms`);
        await sleep(delayMs, deliveryInterrupt.signal);
        delayMs = Math.min(delayMs * 2, retryMaxMs);
      }
    } finally {
      delivering = false;
    }
  }

  /** POSTs one update; returns undefined on a 2xx, else the error Telegram would show in last_error_message. */
  async function post(target: WebhookSettings, update: Update, interrupt: AbortSignal): Promise<string | undefined> {
    countDelivery([update]);
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (target.secretToken !== undefined) headers["x-telegram-bot-api-secret-token"] = target.secretToken;
    try {
      const response = await fetch(target.url, {
        method: "POST",
        headers,
        body: JSON.stringify(update),
        signal: AbortSignal.any([interrupt, AbortSignal.timeout(requestTimeoutMs)]),
      });
      const body = await response.text();
      if (response.status < 200 || response.status > 299) {
        return `Wrong response from the webhook: ${response.status} ${response.statusText}`;
      }
      runWebhookReply(body);
      return undefined;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      if (cause?.code === "ECONNREFUSED") return "Connection refused";
      if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
        return "Read timeout expired";
      }
      return `Failed to deliver: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  function runWebhookReply(body: string): void {
    if (!options.onWebhookReply || body.trim() === "") return;
    try {
      const reply = JSON.parse(body) as unknown;
      if (reply && typeof reply === "object" && typeof (reply as { method?: unknown }).method === "string") {
        options.onWebhookReply(reply as Record<string, unknown>);
      }
    } catch {
      // A non-JSON 2xx body is an ordinary acknowledgement.
    }
  }

  return {
    push(payload) {
      const type = Object.keys(payload)[0];
      if (closed || type === undefined || !isAllowed(type)) return undefined;
      const update = { update_id: nextUpdateId++, ...payload } as Update;
      queue.push(update);
      release();
      if (webhook) void deliver();
      return update;
    },

    getUpdates(request, signal) {
      if (webhook) return Promise.reject(conflict(ERROR_TEXT.webhookActive));
      // Telegram ends the older of two concurrent long polls, so the newest instance wins.
      if (waiter) {
        const older = waiter;
        waiter = undefined;
        clearTimeout(older.timer);
        older.reject(conflict(ERROR_TEXT.terminatedByOtherGetUpdates));
      }
      if (request.allowedUpdates !== undefined) allowedUpdates = request.allowedUpdates;
      const offset = request.offset ?? 0;
      if (offset > 0) queue = queue.filter((update) => update.update_id >= offset);
      else if (offset < 0) queue = queue.slice(offset);

      const requested = request.limit ?? GET_UPDATES_LIMIT_MAX;
      const limit = requested < 1 ? GET_UPDATES_LIMIT_MAX : Math.min(requested, GET_UPDATES_LIMIT_MAX);
      const timeoutSeconds = Math.min(Math.max(request.timeoutSeconds ?? 0, 0), GET_UPDATES_TIMEOUT_MAX_SECONDS);
      if (queue.length > 0 || timeoutSeconds === 0 || closed) return Promise.resolve(countDelivery(queue.slice(0, limit)));

      return new Promise<Update[]>((resolve, reject) => {
        const held: Waiter = {
          limit,
          resolve,
          reject,
          timer: setTimeout(() => {
            if (waiter === held) waiter = undefined;
            resolve([]);
          }, timeoutSeconds * MS_PER_SECOND),
        };
        waiter = held;
        // A client that gave up (grammY's bot.stop() aborts its poll) is no longer waiting.
        signal.addEventListener(
          "abort",
          () => {
            if (waiter !== held) return;
            waiter = undefined;
            clearTimeout(held.timer);
            resolve([]);
          },
          { once: true },
        );
      });
    },

    setWebhook(settings, dropPendingUpdates) {
      if (dropPendingUpdates) queue = [];
      if (settings.allowedUpdates !== undefined) allowedUpdates = settings.allowedUpdates;
      const changed =
        !webhook ||
        webhook.url !== settings.url ||
        webhook.secretToken !== settings.secretToken ||
        webhook.maxConnections !== settings.maxConnections;
      webhook = settings;
      lastError = undefined;
      // A poller held open when the webhook appears gets the same 409 a new poll would.
      if (waiter) {
        const held = waiter;
        waiter = undefined;
        clearTimeout(held.timer);
        held.reject(conflict(ERROR_TEXT.webhookActive));
      }
      interruptDelivery();
      void deliver();
      return changed;
    },

    deleteWebhook(dropPendingUpdates) {
      if (dropPendingUpdates) queue = [];
      const wasSet = webhook !== undefined;
      webhook = undefined;
      lastError = undefined;
      interruptDelivery();
      return wasSet;
    },

    webhookInfo() {
      const info: WebhookInfo = {
        url: webhook?.url ?? "",
        has_custom_certificate: false,
        pending_update_count: queue.length,
      };
      if (webhook) {
        info.ip_address = "127.0.0.1";
        info.max_connections = webhook.maxConnections;
      }
      if (lastError) {
        info.last_error_date = lastError.date;
        info.last_error_message = lastError.message;
      }
      if (allowedUpdates !== undefined && allowedUpdates.length > 0) {
        info.allowed_updates = allowedUpdates as WebhookInfo["allowed_updates"];
      }
      return info;
    },

    pending() {
      return queue.slice();
    },

    deliveryCounts() {
      return new Map(deliveries);
    },

    close() {
      closed = true;
      if (waiter) {
        const held = waiter;
        waiter = undefined;
        clearTimeout(held.timer);
        held.resolve([]);
      }
      interruptDelivery();
    },
  };
}
