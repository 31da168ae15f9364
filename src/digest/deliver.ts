/**
 * Sends digests to Telegram at a pace Telegram accepts, and says what happened to each chat:
 * sent, blocked, gone, moved to a supergroup, or failed. It retries what is worth retrying (429,
 * 5xx, network) and never what is not (a chat that blocked the bot, HTML Telegram cannot parse).
 */
import { Api, type ApiClientOptions, type Transformer } from "grammy";
import type { Logger } from "../logger.js";
import { sleep as abortableSleep } from "../sleep.js";
import { createPacing, DEFAULT_DELIVERY_LIMITS, FREE_MESSAGES_PER_SECOND, type DeliveryLimits, type Sleep } from "./pacing.js";
import { classifySendError, type SendError } from "./send-error.js";

export { DEFAULT_DELIVERY_LIMITS, PACING_BURST_MESSAGES, type DeliveryLimits, type Sleep } from "./pacing.js";

/** When to retry a message and when to give up. */
export interface RetryPolicy {
  /** First wait after a 5xx or network error, in ms; doubled after each further failure. */
  initialBackoffMs: number;
  /** Longest single wait between two attempts after 5xx or network errors, in ms. */
  maxBackoffMs: number;
  /** Total time one message may spend in retries (429 waits included), in ms; a wait that would end later gives up at once. */
  giveUpAfterMs: number;
  /** One request that takes longer counts as a network error, in ms (grammY's own default is 500 s). */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  initialBackoffMs: 1_000,
  maxBackoffMs: 30_000,
  giveUpAfterMs: 120_000,
  requestTimeoutMs: 30_000,
};

/**
 * Where to send. The deliverer builds its own `Api` from the token and client options, without the
 * transformers of the bot's (such as @grammyjs/auto-retry), so every retry is decided and paced here.
 */
export interface DelivererOptions {
  /** The bot's token. */
  token: string;
  /** grammY client options: `apiRoot` for a local Bot API server, `fetch` in tests. */
  client?: ApiClientOptions;
  /** Sees every call and its answer (the bot's metrics), each attempt on its own. */
  observe?: Transformer;
  /** Pacing; each field defaults to DEFAULT_DELIVERY_LIMITS. Benchmarks scale these up. */
  limits?: Partial<DeliveryLimits>;
  /**
   * Paid broadcasts (BROADCAST_PAID): every message goes with `allow_paid_broadcast`, so
   * `limits.overallPerSecond` may be up to Telegram's 1,000; each message over the free 30 a
   * second costs 0.1 Star.
   */
  paidBroadcast?: boolean;
  /**
   * Called once when Telegram refuses a paid message (the Star balance ran out): from then on the
   * deliverer sends free, at no more than the free rate, and the refused message is sent again.
   */
  onPaidBroadcastRefused?: (error: string) => void;
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
   * Sends `parts` (Telegram HTML, link previews off) in order to `chatId`. Sends to different chats
   * may run concurrently and share the overall pace; the caller runs sends to one chat one at a time.
   */
  send(chatId: number, parts: readonly string[], options?: SendOptions): Promise<DeliveryResult>;
}

type Sent = { kind: "sent"; messageId: number };
type GrammySignal = Parameters<Api["sendMessage"]>[3];

export function createDeliverer(options: DelivererOptions): Deliverer {
  const api = new Api(options.token, options.client);
  if (options.observe !== undefined) api.config.use(options.observe);
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? abortableSleep;
  const limits: DeliveryLimits = { ...DEFAULT_DELIVERY_LIMITS, ...options.limits };
  const pacing = createPacing(limits, now, sleep);
  const { logger } = options;
  let paid = options.paidBroadcast === true;

  /** The Star balance cannot pay: the rest of the broadcast goes free, at the free rate. */
  function fallBackToFree(error: string): void {
    paid = false;
    pacing.setOverallRate(Math.min(limits.overallPerSecond, FREE_MESSAGES_PER_SECOND));
    logger.error({ error }, "digest delivery: paid broadcast refused (Star balance?), going on at the free rate");
    options.onPaidBroadcastRefused?.(error);
  }

  /** Sends one message, retrying what is worth it; the error it gave up on, or what was sent. */
  async function sendMessage(chatId: number, text: string, threadId: number | undefined, signal?: AbortSignal): Promise<Sent | SendError> {
    const startedAt = now();
    let backoffMs = retry.initialBackoffMs;
    let thread = threadId;
    for (;;) {
      // Pacing waits are not cut short by `signal`: a digest under way goes out whole.
      const ended = await pacing.waitForSlot(chatId);
      let failure: SendError | undefined;
      const asPaid = paid;
      try {
        const message = await api.sendMessage(
          chatId,
          text,
          {
            parse_mode: "HTML",
            link_preview_options: { is_disabled: true },
            ...(thread === undefined ? {} : { message_thread_id: thread }),
            ...(asPaid ? { allow_paid_broadcast: true } : {}),
          },
          // grammY types its signal with the abort-controller polyfill; Node's own AbortSignal is what it gets at run time.
          AbortSignal.timeout(retry.requestTimeoutMs) as GrammySignal,
        );
        return { kind: "sent", messageId: message.message_id };
      } catch (error) {
        failure = classifySendError(error);
        if (failure === undefined) throw error;
      } finally {
        ended();
      }
      if (failure.kind === "unpaid" && asPaid) {
        // Messages in flight when the balance ran out are refused too: the first one falls back, all go again free.
        if (paid) fallBackToFree(failure.error);
        continue;
      }
      if (failure.kind === "thread-not-found" && thread !== undefined) {
        // The forum topic was deleted: the main thread is better than no digest.
        thread = undefined;
        continue;
      }
      if (failure.kind !== "flood" && failure.kind !== "retryable") return failure;
      let waitMs = Math.min(backoffMs, retry.maxBackoffMs);
      if (failure.kind === "flood") {
        waitMs = failure.retryAfterMs;
        // Flood control: hold every chat, not only this one, until Telegram lets us go on.
        pacing.holdAll(waitMs);
      } else backoffMs *= 2;
      logger.warn({ chatId, error: failure.error, waitMs }, `digest delivery: ${failure.kind}, waiting to retry`);
      // A wait that would end past the retry budget gives up at once.
      if (signal?.aborted || now() - startedAt + waitMs > retry.giveUpAfterMs) return failure;
      await sleep(waitMs, signal);
      if (signal?.aborted) return failure;
    }
  }

  async function send(chatId: number, parts: readonly string[], sendOptions: SendOptions = {}): Promise<DeliveryResult> {
    const messageIds: number[] = [];
    let newChatId: number | undefined;
    const moved = (): { newChatId?: number } => (newChatId === undefined ? {} : { newChatId });
    for (let index = 0; index < parts.length; ) {
      const outcome = await sendMessage(newChatId ?? chatId, parts[index] ?? "", sendOptions.messageThreadId, sendOptions.signal);
      if (outcome.kind === "sent") {
        messageIds.push(outcome.messageId);
        index += 1;
      } else if (outcome.kind === "migrated") {
        if (newChatId !== undefined) return { status: "failed", error: "the chat migrated twice", retryable: false, messageIds, newChatId };
        logger.info({ chatId, newChatId: outcome.newChatId }, "digest delivery: group migrated, following");
        newChatId = outcome.newChatId;
      } else if (outcome.kind === "blocked" || outcome.kind === "chat-not-found") {
        return { status: outcome.kind, error: outcome.error, ...moved() };
      } else {
        // Gave up on a 429 or a 5xx: another attempt later may go through; anything else fails the same way every time.
        const retryable = outcome.kind === "flood" || outcome.kind === "retryable";
        logger.warn({ chatId: newChatId ?? chatId, error: outcome.error, retryable }, "digest delivery failed");
        return { status: "failed", error: outcome.error, retryable, messageIds, ...moved() };
      }
    }
    return newChatId === undefined ? { status: "sent", messageIds } : { status: "migrated", newChatId, messageIds };
  }

  return { send };
}
