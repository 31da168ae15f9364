/**
 * The pace of digest messages: one slot per message, within Telegram's broadcasting limits overall,
 * per private chat and per group. Knows nothing of Telegram's API; the deliverer asks it for slots
 * and tells it when a 429 holds everything.
 */

/** Waits `ms`, or less when `signal` aborts; never rejects. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Messages that may go out back to back after a stall, e.g. a garbage collection pause; Telegram
 * (and the emulator) tolerate short bursts, not a second's worth of messages at once.
 */
export const PACING_BURST_MESSAGES = 10;
const MS_PER_SECOND = 1_000;
const MS_PER_MINUTE = 60_000;
/** Per-chat pacing entries kept before the ones already in the past are pruned. */
const CHAT_PACING_PRUNE_SIZE = 10_000;

/** How fast the deliverer sends. */
export interface DeliveryLimits {
  /** Messages per second across all chats. */
  overallPerSecond: number;
  /** Messages per second into one private chat. */
  privateChatPerSecond: number;
  /** Messages per minute into one group, supergroup or channel (negative chat id). */
  groupPerMinute: number;
  /**
   * The window the overall rate holds in, in ms: Telegram counts per second. Benchmarks and tests
   * that scale the emulator's rates shrink it by the same factor. Default 1000.
   */
  windowMs?: number;
}

/** Telegram's free broadcasting limit, messages per second across all chats. */
export const FREE_MESSAGES_PER_SECOND = 30;
/** With paid broadcasts (`allow_paid_broadcast`), at most this many. */
export const PAID_MESSAGES_PER_SECOND = 1_000;

/** Telegram's broadcasting limits: 30 a second overall, about 1 a second per chat, 20 a minute per group. */
export const DEFAULT_DELIVERY_LIMITS: Readonly<DeliveryLimits> = { overallPerSecond: FREE_MESSAGES_PER_SECOND, privateChatPerSecond: 1, groupPerMinute: 20 };

/**
 * The overall limit holds in every window of one second plus this share of it (25 ms), counted
 * over when requests end: a margin for clocks and jitter, which costs 2.5% of the rate.
 */
export const PACING_WINDOW_MARGIN = 0.025;
/** With a whole window's worth of requests under way, how soon to look again (ms). */
const UNDER_WAY_RECHECK_MS = 5;

export interface Pacing {
  /**
   * Resolves when a message to `chatId` may go, with the function to call once its request has
   * ended (answered or failed); callers send to one chat one message at a time.
   */
  waitForSlot(chatId: number): Promise<() => void>;
  /** Flood control: no message to any chat for `ms` from now. */
  holdAll(ms: number): void;
  /** A new overall rate from now on (paid broadcasts falling back to the free rate). */
  setOverallRate(perSecond: number): void;
}

export function createPacing(limits: DeliveryLimits, now: () => number, sleep: Sleep): Pacing {
  let overallPerSecond = limits.overallPerSecond;
  let overallIntervalMs = MS_PER_SECOND / overallPerSecond;
  /**
   * When the last requests ended, oldest first, and how many are still under way. A request reaches
   * Telegram before it ends, so counting ended ones by their end and the others as in the window
   * never counts fewer than Telegram does, however long they queue in the HTTP client.
   */
  const endedAt: number[] = [];
  let underWay = 0;
  const baseWindowMs = limits.windowMs ?? MS_PER_SECOND;
  const windowMs = baseWindowMs * (1 + PACING_WINDOW_MARGIN);
  /** Messages allowed in one window at the current rate. */
  const windowCapacity = (): number => Math.max(1, Math.floor((overallPerSecond * baseWindowMs) / MS_PER_SECOND));

  /** How long (ms) until one more message fits the window. */
  function windowWait(): number {
    const time = now();
    while (endedAt.length > 0 && time - (endedAt[0] ?? 0) >= windowMs) endedAt.shift();
    const room = windowCapacity() - underWay;
    if (endedAt.length < room) return 0;
    // Everything in the window is still under way: look again when some request ends.
    if (room <= 0) return UNDER_WAY_RECHECK_MS;
    return (endedAt[endedAt.length - room] ?? time) + windowMs - time;
  }
  // Telegram's convention: private chats have positive ids, groups and channels negative ones.
  const chatIntervalMs = (chatId: number): number =>
    chatId < 0 ? MS_PER_MINUTE / limits.groupPerMinute : MS_PER_SECOND / limits.privateChatPerSecond;

  /** The next free slot of the overall pace; each message reserves one, so concurrent sends queue up. */
  let overallNextAt = Number.NEGATIVE_INFINITY;
  /** Per chat: the earliest instant its next message may go. */
  const chatNextAt = new Map<number, number>();
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

  return {
    async waitForSlot(chatId) {
      const chatReady = chatNextAt.get(chatId) ?? Number.NEGATIVE_INFINITY;
      if (chatReady > now()) await sleep(chatReady - now());
      // The slot is reserved before waiting for it: the reservations, not the timers, set the pace.
      const slot = Math.max(now(), overallNextAt);
      overallNextAt = slot + overallIntervalMs;
      if (slot > now()) await sleep(slot - now());
      // After an event-loop stall every sender whose slot passed wakes at once; the tokens cap that burst.
      for (let wait = takeBurstToken(); wait > 0; wait = takeBurstToken()) await sleep(wait);
      for (let wait = windowWait(); wait > 0; wait = windowWait()) await sleep(wait);
      const time = now();
      underWay += 1;
      if (chatNextAt.size >= CHAT_PACING_PRUNE_SIZE) for (const [chat, nextAt] of chatNextAt) if (nextAt <= time) chatNextAt.delete(chat);
      chatNextAt.set(chatId, time + chatIntervalMs(chatId));
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        underWay -= 1;
        endedAt.push(now());
      };
    },
    holdAll(ms) {
      overallNextAt = Math.max(overallNextAt, now() + ms);
    },
    setOverallRate(perSecond) {
      overallPerSecond = perSecond;
      overallIntervalMs = MS_PER_SECOND / perSecond;
    },
  };
}
