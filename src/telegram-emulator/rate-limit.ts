import {
  RATE_OVERALL_PER_SECOND,
  RATE_PAID_OVERALL_PER_SECOND,
  RATE_PER_CHAT_BURST,
  RATE_PER_CHAT_PER_SECOND,
  RATE_PER_GROUP_PER_MINUTE,
} from "./limits.js";

/** Telegram's flood limits for message sending; off unless `enabled`. */
export interface RateLimitOptions {
  /** Answer 429 when a bot sends faster than Telegram allows. Default false: tests that do not test pacing stay fast. */
  enabled: boolean;
  /** Messages per second across all chats. Default 30. */
  perSecondOverall?: number;
  /**
   * How the overall limits count. "sliding" (default): at most the rate in any one-second window, the strict
   * reading, where a sender at exactly 1000/30 ms intervals still passes but a bunch of late requests gets 429s.
   * "bucket": a token bucket holding one second's worth, refilled continuously; it tolerates requests that
   * arrive bunched, and lets up to twice the rate through in the first second after a pause.
   */
  overallWindow?: "bucket" | "sliding";
  /** The same for messages sent with `allow_paid_broadcast: true`. Default 1000. */
  paidPerSecondOverall?: number;
  /** Sustained messages per second into one chat. Default 1. */
  perChatPerSecond?: number;
  /** Messages one chat accepts at once before the per-chat rate applies. Default 3. */
  perChatBurst?: number;
  /** Messages per minute into one group or supergroup. Default 20. */
  perGroupPerMinute?: number;
  /**
   * Multiplies every rate (not the burst sizes), so a benchmark can run `scale` times faster
   * than real time with the same shape of limits. retry_after stays in whole seconds, rounded up.
   */
  scale?: number;
}

/**
 * Methods whose Bot API reference documents `allow_paid_broadcast` (core.telegram.org/bots/api, Bot API 7.11 on).
 * copyMessages, forwardMessage and forwardMessages send messages but do not take it.
 */
export const PAID_BROADCAST_METHODS: ReadonlySet<string> = new Set(
  [
    "sendMessage",
    "copyMessage",
    "sendPhoto",
    "sendAudio",
    "sendDocument",
    "sendVideo",
    "sendAnimation",
    "sendVoice",
    "sendVideoNote",
    "sendPaidMedia",
    "sendMediaGroup",
    "sendLocation",
    "sendVenue",
    "sendContact",
    "sendPoll",
    "sendDice",
    "sendSticker",
    "sendInvoice",
    "sendGame",
  ].map((name) => name.toLowerCase()),
);

/** Methods that send a message and so count against the limits; edits, answers and reads do not. */
export const MESSAGE_SENDING_METHODS: ReadonlySet<string> = new Set(
  [
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "sendAudio",
    "sendVideo",
    "sendAnimation",
    "sendVoice",
    "sendVideoNote",
    "sendMediaGroup",
    "sendLocation",
    "sendVenue",
    "sendContact",
    "sendPoll",
    "sendDice",
    "sendSticker",
    "copyMessage",
    "copyMessages",
    "forwardMessage",
    "forwardMessages",
  ].map((name) => name.toLowerCase()),
);

/** Which of Telegram's limits a refused message ran into. */
export type RateLimitReason = "overall" | "chat" | "group";

/** The limiter's answer for one message about to be sent. */
export type RateLimitVerdict =
  /** `charged`: a paid message beyond the free overall window, which costs 0.1 Star. */
  | { kind: "accepted"; charged: boolean }
  /** Answer 429 with `retryAfter` whole seconds; `reason` is the limit that takes longest to clear. */
  | { kind: "limited"; retryAfter: number; reason: RateLimitReason };

/** What the limiter has counted since the emulator started. */
export interface RateLimitStats {
  /** 429 answers by the limit that caused them (injected "flood" faults are not counted here). */
  tooManyRequests: Record<RateLimitReason, number>;
  /** Messages sent with allow_paid_broadcast: true. */
  paidMessages: number;
  /** Paid messages that went beyond the free overall window and so cost 0.1 Star each. */
  chargedMessages: number;
}

/**
 * The limits of one bot. Ask first, then record a send that went through. Overall, every message counts: at
 * most 30 a second free, or 1000 with allow_paid_broadcast (see {@link RateLimitOptions.overallWindow}). Per chat
 * and per group the limits are token buckets (a short burst, then the sustained rate), for paid messages too.
 */
export interface RateLimiter {
  /** Whether a message to this chat would be accepted now; counts the refusal when it would not. */
  check(chatId: number, options?: { paid?: boolean }): RateLimitVerdict;
  /** Counts a message that was sent, with the verdict `check` gave it. */
  record(chatId: number, options?: { paid?: boolean; charged?: boolean }): void;
  stats(): RateLimitStats;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

interface BucketLimit {
  capacity: number;
  perMs: number;
}

const MS_PER_SECOND = 1_000;
const SECONDS_PER_MINUTE = 60;
/** A message exactly one window old no longer counts; this much slack (ms) absorbs floating-point error in schedules. */
const WINDOW_EDGE_TOLERANCE_MS = 1e-6;

/** Send times within the last `windowMs`, oldest first, so the count and the wait for room are exact. */
function createSlidingWindow(windowMs: number, now: () => number) {
  const times: number[] = [];
  let head = 0;
  const expire = (): number => {
    const time = now();
    while (head < times.length && time - (times[head] ?? 0) >= windowMs - WINDOW_EDGE_TOLERANCE_MS) head += 1;
    // Compact now and then so a long broadcast keeps only the window's worth of times.
    if (head > 1_024 && head * 2 > times.length) {
      times.splice(0, head);
      head = 0;
    }
    return time;
  };
  return {
    count(): number {
      expire();
      return times.length - head;
    },
    /** Milliseconds until fewer than `capacity` sends are in the window (0 when there is room now). */
    waitMs(capacity: number): number {
      const time = expire();
      const inWindow = times.length - head;
      if (inWindow < capacity) return 0;
      const freeing = times[head + inWindow - capacity] ?? time;
      return Math.max(freeing + windowMs - time, WINDOW_EDGE_TOLERANCE_MS);
    },
    add(): void {
      times.push(expire());
    },
  };
}

/** The overall limit, free and paid, under either model. */
interface OverallLimit {
  /** Milliseconds until a free (or paid) message would be accepted, 0 for now. */
  waitMs(paid: boolean): number;
  /** Whether a message now would go beyond the free rate, so that a paid one is charged. */
  beyondFree(): boolean;
  add(): void;
}

function createSlidingOverall(free: number, paid: number, windowMs: number, now: () => number): OverallLimit {
  const window = createSlidingWindow(windowMs, now);
  return {
    waitMs: (isPaid) => window.waitMs(isPaid ? paid : free),
    beyondFree: () => window.count() >= free,
    add: () => window.add(),
  };
}

function createBucketOverall(
  free: number,
  paid: number,
  scale: number,
  refill: (bucket: Bucket, limit: BucketLimit) => Bucket,
  now: () => number,
): OverallLimit {
  const freeLimit: BucketLimit = { capacity: free, perMs: (free * scale) / MS_PER_SECOND };
  const paidLimit: BucketLimit = { capacity: paid, perMs: (paid * scale) / MS_PER_SECOND };
  const freeBucket: Bucket = { tokens: free, updatedAt: now() };
  const paidBucket: Bucket = { tokens: paid, updatedAt: now() };
  const wait = (bucket: Bucket, limit: BucketLimit): number => {
    refill(bucket, limit);
    return bucket.tokens < 1 ? (1 - bucket.tokens) / limit.perMs : 0;
  };
  return {
    waitMs: (isPaid) => Math.max(wait(paidBucket, paidLimit), isPaid ? 0 : wait(freeBucket, freeLimit)),
    beyondFree: () => refill(freeBucket, freeLimit).tokens < 1,
    add() {
      refill(paidBucket, paidLimit).tokens -= 1;
      // A charged message is beyond the free allowance and so takes nothing from it.
      if (refill(freeBucket, freeLimit).tokens >= 1) freeBucket.tokens -= 1;
    },
  };
}

/** Creates a limiter; `now` is in milliseconds and injectable so tests can drive time. */
export function createRateLimiter(options: RateLimitOptions, now: () => number = () => performance.now()): RateLimiter {
  const scale = options.scale ?? 1;
  const freeCapacity = options.perSecondOverall ?? RATE_OVERALL_PER_SECOND;
  const paidCapacity = Math.max(freeCapacity, options.paidPerSecondOverall ?? RATE_PAID_OVERALL_PER_SECOND);
  const chat: BucketLimit = {
    capacity: options.perChatBurst ?? RATE_PER_CHAT_BURST,
    perMs: ((options.perChatPerSecond ?? RATE_PER_CHAT_PER_SECOND) * scale) / MS_PER_SECOND,
  };
  const groupPerMinute = options.perGroupPerMinute ?? RATE_PER_GROUP_PER_MINUTE;
  const group: BucketLimit = { capacity: groupPerMinute, perMs: (groupPerMinute * scale) / (SECONDS_PER_MINUTE * MS_PER_SECOND) };

  const chatBuckets = new Map<number, Bucket>();
  const groupBuckets = new Map<number, Bucket>();
  const stats: RateLimitStats = { tooManyRequests: { overall: 0, chat: 0, group: 0 }, paidMessages: 0, chargedMessages: 0 };

  const refill = (bucket: Bucket, limit: BucketLimit): Bucket => {
    const time = now();
    bucket.tokens = Math.min(limit.capacity, bucket.tokens + (time - bucket.updatedAt) * limit.perMs);
    bucket.updatedAt = time;
    return bucket;
  };
  const overall =
    options.overallWindow !== "bucket"
      ? createSlidingOverall(freeCapacity, paidCapacity, MS_PER_SECOND / scale, now)
      : createBucketOverall(freeCapacity, paidCapacity, scale, refill, now);
  const bucketFor = (map: Map<number, Bucket>, chatId: number, limit: BucketLimit): Bucket => {
    let bucket = map.get(chatId);
    if (!bucket) {
      bucket = { tokens: limit.capacity, updatedAt: now() };
      map.set(chatId, bucket);
    }
    return refill(bucket, limit);
  };
  // Telegram's group chat ids are negative; private chats (user ids) are positive.
  const bucketsOf = (chatId: number): Array<[RateLimitReason, Bucket, BucketLimit]> => {
    const buckets: Array<[RateLimitReason, Bucket, BucketLimit]> = [["chat", bucketFor(chatBuckets, chatId, chat), chat]];
    if (chatId < 0) buckets.push(["group", bucketFor(groupBuckets, chatId, group), group]);
    return buckets;
  };

  return {
    check(chatId, { paid = false } = {}) {
      let reason: RateLimitReason = "overall";
      let waitMs = overall.waitMs(paid);
      for (const [name, bucket, limit] of bucketsOf(chatId)) {
        const bucketWaitMs = bucket.tokens < 1 ? (1 - bucket.tokens) / limit.perMs : 0;
        if (bucketWaitMs > waitMs) [reason, waitMs] = [name, bucketWaitMs];
      }
      if (waitMs === 0) return { kind: "accepted", charged: paid && overall.beyondFree() };
      stats.tooManyRequests[reason] += 1;
      return { kind: "limited", retryAfter: Math.max(1, Math.ceil(waitMs / MS_PER_SECOND)), reason };
    },
    record(chatId, { paid = false, charged = false } = {}) {
      overall.add();
      for (const [, bucket] of bucketsOf(chatId)) bucket.tokens -= 1;
      if (paid) stats.paidMessages += 1;
      if (charged) stats.chargedMessages += 1;
    },
    stats: () => ({ ...stats, tooManyRequests: { ...stats.tooManyRequests } }),
  };
}
