/**
 * Sends digests to Telegram at a pace Telegram accepts, and says what happened to each chat:
 * sent, blocked, gone, moved to a supergroup, or failed. It retries what is worth retrying (429,
 * 5xx, network) and never what is not (a chat that blocked the bot, HTML Telegram cannot parse).
 */
import { Api, GrammyError, HttpError } from "grammy";
import type { Logger } from "../logger.js";
import { sleep as abortableSleep } from "../sleep.js";
import { createKeyedQueue } from "./keyed-queue.js";

/** Messages per second across all chats: below Telegram's 30 for bulk sending, to keep a margin. */
export const OVERALL_MESSAGES_PER_SECOND = 28;
/** Messages per second into one private chat (Telegram: about one a second). */
export const PRIVATE_CHAT_MESSAGES_PER_SECOND = 1;
/** Messages per minute into one group, supergroup or channel (Telegram: 20). */
export const GROUP_MESSAGES_PER_MINUTE = 20;

/** First wait after a 5xx or network error, in ms; doubled after each further failure. */
export const INITIAL_BACKOFF_MS = 1_000;
/** Longest single wait between retries of a 5xx or network error, in ms. */
export const MAX_BACKOFF_MS = 30_000;
/** A message that has not gone out this long after its first attempt is given up, in ms. */
export const GIVE_UP_AFTER_MS = 120_000;
/** One request that takes longer than this counts as a network error, in ms (grammY's own default is 500 s). */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Messages that may go out back to back after a stall, e.g. a garbage collection pause; Telegram
 * (and the emulator) tolerate short bursts, not a second's worth of messages at once.
 */
export const PACING_BURST_MESSAGES = 10;
const MS_PER_SECOND = 1_000;
const MS_PER_MINUTE = 60_000;
/** Per-chat pacing entries kept before the ones already in the past are pruned. */
const CHAT_PACING_PRUNE_SIZE = 10_000;

/** How fast the deliverer sends. Defaults follow Telegram's broadcasting limits. */
export interface DeliveryLimits {
  /** Messages per second across all chats. Default OVERALL_MESSAGES_PER_SECOND. */
  overallPerSecond: number;
  /** Messages per second into one private chat. Default PRIVATE_CHAT_MESSAGES_PER_SECOND. */
  privateChatPerSecond: number;
  /** Messages per minute into one group or channel (negative chat id). Default GROUP_MESSAGES_PER_MINUTE. */
  groupPerMinute: number;
}

export const DEFAULT_DELIVERY_LIMITS: Readonly<DeliveryLimits> = {
  overallPerSecond: OVERALL_MESSAGES_PER_SECOND,
  privateChatPerSecond: PRIVATE_CHAT_MESSAGES_PER_SECOND,
  groupPerMinute: GROUP_MESSAGES_PER_MINUTE,
};

/** When to retry a message and when to give up. */
export interface RetryPolicy {
  /** First wait after a 5xx or network error, in ms. Default INITIAL_BACKOFF_MS. */
  initialBackoffMs: number;
  /** Longest wait between two attempts after 5xx or network errors, in ms. Default MAX_BACKOFF_MS. */
  maxBackoffMs: number;
  /**
   * Total time one message may spend in retries (429 waits included), in ms; a wait that would
   * end later gives up at once. Default GIVE_UP_AFTER_MS.
   */
  giveUpAfterMs: number;
  /** Timeout of one HTTP request, in ms. Default REQUEST_TIMEOUT_MS. */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  initialBackoffMs: INITIAL_BACKOFF_MS,
  maxBackoffMs: MAX_BACKOFF_MS,
  giveUpAfterMs: GIVE_UP_AFTER_MS,
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
};

/** Waits `ms`, or less when `signal` aborts; never rejects. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface DelivererOptions {
  /**
   * Where to send: only its token and client options (`apiRoot`) are used. The deliverer builds
   * its own `Api` from them, without the transformers installed on this one (such as
   * @grammyjs/auto-retry), so that every retry is decided and paced here, exactly once.
   */
  api: Api;
  /** Pacing; each field defaults to DEFAULT_DELIVERY_LIMITS. Benchmarks scale these up. */
  limits?: Partial<DeliveryLimits>;
  /** Retries; each field defaults to DEFAULT_RETRY_POLICY. Tests make these small. */
  retry?: Partial<RetryPolicy>;
  /** Monotonic clock in ms for pacing and retry budgets. Default `performance.now`. */
  now?: () => number;
  /** How the deliverer waits. Default: a timer. Tests may record the waits and shorten them. */
  sleep?: Sleep;
  logger: Logger;
}

/** Options of one `send`. */
export interface SendOptions {
  /** Forum topic to post into; if Telegram no longer knows it, the main thread is used. */
  messageThreadId?: number;
  /**
   * Aborting gives up retries at once (shutdown): a message that needs one fails, retryable.
   * Messages that go through are still sent, so a digest under way is not cut in half for nothing.
   */
  signal?: AbortSignal;
}

/**
 * What became of one `send`:
 * - `sent`: every part went out, as these messages.
 * - `migrated`: the group had become the supergroup `newChatId`; every part went out there.
 * - `blocked`: 403, the user blocked the bot, or the bot was removed from the group. Deactivate the chat.
 * - `chat-not-found`: 400 "chat not found", the chat is gone. Deactivate it.
 * - `failed`: gave up; `retryable` is false when trying again cannot help (e.g. an HTML parse error).
 *
 * `newChatId` on `blocked`, `chat-not-found` and `failed` means the group migrated before that
 * happened; the caller should move the chat over all the same.
 */
export type DeliveryResult =
  | { status: "sent"; messageIds: number[] }
  | { status: "migrated"; newChatId: number; messageIds: number[] }
  | { status: "blocked" | "chat-not-found"; error: string; newChatId?: number }
  | { status: "failed"; error: string; retryable: boolean; messageIds: number[]; newChatId?: number };

/** A paced sender of multi-part messages. */
export interface Deliverer {
  /**
   * Sends `parts` (Telegram HTML, link previews off) in order to `chatId`. Sends to one chat run
   * one at a time; sends to different chats may run concurrently and share the overall pace.
   */
  send(chatId: number, parts: readonly string[], options?: SendOptions): Promise<DeliveryResult>;
}

/** The outcome of one message. */
type MessageOutcome =
  | { kind: "sent"; messageId: number }
  | { kind: "migrated"; newChatId: number }
  | { kind: "blocked" | "chat-not-found"; error: string }
  | { kind: "failed"; error: string; retryable: boolean };

type GrammySignal = Parameters<Api["sendMessage"]>[3];

const CHAT_NOT_FOUND = /chat not found/i;
const THREAD_NOT_FOUND = /message thread not found/i;

export function createDeliverer(options: DelivererOptions): Deliverer {
  const api = new Api(options.api.token, options.api.options);
  const limits: DeliveryLimits = { ...DEFAULT_DELIVERY_LIMITS, ...options.limits };
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? abortableSleep;
  const { logger } = options;

  const overallIntervalMs = MS_PER_SECOND / limits.overallPerSecond;
  const privateIntervalMs = MS_PER_SECOND / limits.privateChatPerSecond;
  const groupIntervalMs = MS_PER_MINUTE / limits.groupPerMinute;
  // Telegram's convention: private chats have positive ids, groups and channels negative ones.
  const chatIntervalMs = (chatId: number): number => (chatId < 0 ? groupIntervalMs : privateIntervalMs);

  /** The next free slot of the overall pace; each message reserves one, so concurrent sends queue up. */
  let overallNextAt = Number.NEGATIVE_INFINITY;
  /** Per chat: the earliest instant its next message may go. */
  const chatNextAt = new Map<number, number>();
  const chats = createKeyedQueue<number>();

  /** Overall sends allowed right now; refills at the overall rate up to PACING_BURST_MESSAGES. */
  let burstTokens = PACING_BURST_MESSAGES;
  let burstUpdatedAt = now();

  /** Takes a burst token, or says how long (ms) until one is there. */
  function takeBurstToken(): number {
    const time = now();
    burstTokens = Math.min(PACING_BURST_MESSAGES, burstTokens + (time - burstUpdatedAt) / overallIntervalMs);
    burstUpdatedAt = time;
    if (burstTokens >= 1) {
      burstTokens -= 1;
      return 0;
    }
    return (1 - burstTokens) * overallIntervalMs;
  }

  async function waitForSlot(chatId: number): Promise<void> {
    const chatReady = chatNextAt.get(chatId) ?? Number.NEGATIVE_INFINITY;
    if (chatReady > now()) await sleep(chatReady - now());
    // The slot is reserved before waiting for it: the reservations, not the timers, set the pace.
    const slot = Math.max(now(), overallNextAt);
    overallNextAt = slot + overallIntervalMs;
    if (slot > now()) await sleep(slot - now());
    // After an event-loop stall every sender whose slot passed wakes at once; the tokens cap that burst.
    for (let wait = takeBurstToken(); wait > 0; wait = takeBurstToken()) await sleep(wait);
    if (chatNextAt.size >= CHAT_PACING_PRUNE_SIZE) pruneChatPacing();
    chatNextAt.set(chatId, now() + chatIntervalMs(chatId));
  }

  function pruneChatPacing(): void {
    const time = now();
    for (const [chatId, nextAt] of chatNextAt) if (nextAt <= time) chatNextAt.delete(chatId);
  }

  async function sendMessage(
    chatId: number,
    text: string,
    threadId: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<MessageOutcome> {
    const startedAt = now();
    let backoffMs = retry.initialBackoffMs;
    let thread = threadId;
    /** Waits `ms` if the retry budget allows; false when the message should be given up. */
    const waitToRetry = async (ms: number): Promise<boolean> => {
      if (signal?.aborted || now() - startedAt + ms > retry.giveUpAfterMs) return false;
      await sleep(ms, signal);
      return !signal?.aborted;
    };
    for (;;) {
      // Pacing waits are not cut short by `signal`: a digest under way goes out whole.
      await waitForSlot(chatId);
      try {
        const message = await api.sendMessage(
          chatId,
          text,
          {
            parse_mode: "HTML",
            link_preview_options: { is_disabled: true },
            ...(thread === undefined ? {} : { message_thread_id: thread }),
          },
          // grammY types its signal with the abort-controller polyfill; Node's own AbortSignal is what it gets at run time.
          AbortSignal.timeout(retry.requestTimeoutMs) as GrammySignal,
        );
        return { kind: "sent", messageId: message.message_id };
      } catch (error) {
        if (error instanceof GrammyError) {
          const migrateTo = error.parameters.migrate_to_chat_id;
          if (migrateTo !== undefined) return { kind: "migrated", newChatId: migrateTo };
          if (error.error_code === 429) {
            const waitMs = (error.parameters.retry_after ?? 1) * MS_PER_SECOND;
            // Flood control: hold every chat, not only this one, until Telegram lets us go on.
            overallNextAt = Math.max(overallNextAt, now() + waitMs);
            logger.warn({ chatId, retryAfterMs: waitMs }, "digest delivery: 429, waiting");
            if (await waitToRetry(waitMs)) continue;
            return { kind: "failed", error: error.description, retryable: true };
          }
          if (error.error_code >= 500) {
            logger.warn({ chatId, code: error.error_code, backoffMs }, "digest delivery: server error, retrying");
            if (await waitToRetry(Math.min(backoffMs, retry.maxBackoffMs))) {
              backoffMs *= 2;
              continue;
            }
            return { kind: "failed", error: error.description, retryable: true };
          }
          if (error.error_code === 403) return { kind: "blocked", error: error.description };
          if (CHAT_NOT_FOUND.test(error.description)) return { kind: "chat-not-found", error: error.description };
          if (thread !== undefined && THREAD_NOT_FOUND.test(error.description)) {
            // The forum topic was deleted: the main thread is better than no digest.
            thread = undefined;
            continue;
          }
          // Any other 400 (HTML Telegram cannot parse, a message too long) fails the same way every time.
          return { kind: "failed", error: error.description, retryable: false };
        }
        if (error instanceof HttpError) {
          // A request may have reached Telegram before the connection broke: a retry can duplicate it,
          // which is the lesser evil next to losing the digest.
          logger.warn({ chatId, err: error.message, backoffMs }, "digest delivery: network error, retrying");
          if (await waitToRetry(Math.min(backoffMs, retry.maxBackoffMs))) {
            backoffMs *= 2;
            continue;
          }
          return { kind: "failed", error: error.message, retryable: true };
        }
        throw error;
      }
    }
  }

  async function sendParts(chatId: number, parts: readonly string[], options: SendOptions): Promise<DeliveryResult> {
    const messageIds: number[] = [];
    let target = chatId;
    let newChatId: number | undefined;
    for (let index = 0; index < parts.length; ) {
      const outcome = await sendMessage(target, parts[index] ?? "", options.messageThreadId, options.signal);
      switch (outcome.kind) {
        case "sent":
          messageIds.push(outcome.messageId);
          index += 1;
          break;
        case "migrated":
          if (newChatId !== undefined) {
            return { status: "failed", error: "the chat migrated twice", retryable: false, messageIds, newChatId };
          }
          logger.info({ chatId, newChatId: outcome.newChatId }, "digest delivery: group migrated, following");
          newChatId = outcome.newChatId;
          target = outcome.newChatId;
          break;
        case "blocked":
        case "chat-not-found":
          return newChatId === undefined
            ? { status: outcome.kind, error: outcome.error }
            : { status: outcome.kind, error: outcome.error, newChatId };
        case "failed":
          logger.warn({ chatId: target, error: outcome.error, retryable: outcome.retryable }, "digest delivery failed");
          return {
            status: "failed",
            error: outcome.error,
            retryable: outcome.retryable,
            messageIds,
            ...(newChatId === undefined ? {} : { newChatId }),
          };
      }
    }
    return newChatId === undefined ? { status: "sent", messageIds } : { status: "migrated", newChatId, messageIds };
  }

  return {
    send(chatId, parts, sendOptions = {}) {
      return chats.run(chatId, () => sendParts(chatId, parts, sendOptions));
    },
  };
}
