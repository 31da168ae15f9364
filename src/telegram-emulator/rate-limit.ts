import {
  RATE_OVERALL_PER_SECOND,
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

/** Token-bucket limiter for one bot. Ask first, then record a send that went through. */
export interface RateLimiter {
  /** Whole seconds to wait before a message to this chat would be accepted, or 0 when it would be now. */
  retryAfter(chatId: number): number;
  /** Counts a message that was sent. */
  record(chatId: number): void;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const MS_PER_SECOND = 1_000;
const SECONDS_PER_MINUTE = 60;

/** Creates a limiter; `now` is in milliseconds and injectable so tests can drive time. */
export function createRateLimiter(options: RateLimitOptions, now: () => number = () => performance.now()): RateLimiter {
  const scale = options.scale ?? 1;
  const overall = { capacity: options.perSecondOverall ?? RATE_OVERALL_PER_SECOND, perMs: 0 };
  overall.perMs = (overall.capacity * scale) / MS_PER_SECOND;
  const chat = {
    capacity: options.perChatBurst ?? RATE_PER_CHAT_BURST,
    perMs: ((options.perChatPerSecond ?? RATE_PER_CHAT_PER_SECOND) * scale) / MS_PER_SECOND,
  };
  const groupPerMinute = options.perGroupPerMinute ?? RATE_PER_GROUP_PER_MINUTE;
  const group = { capacity: groupPerMinute, perMs: (groupPerMinute * scale) / (SECONDS_PER_MINUTE * MS_PER_SECOND) };

  const overallBucket: Bucket = { tokens: overall.capacity, updatedAt: now() };
  const chatBuckets = new Map<number, Bucket>();
  const groupBuckets = new Map<number, Bucket>();

  const refill = (bucket: Bucket, limit: { capacity: number; perMs: number }): Bucket => {
    const time = now();
    bucket.tokens = Math.min(limit.capacity, bucket.tokens + (time - bucket.updatedAt) * limit.perMs);
    bucket.updatedAt = time;
    return bucket;
  };
  const bucketFor = (map: Map<number, Bucket>, chatId: number, limit: { capacity: number }): Bucket => {
    let bucket = map.get(chatId);
    if (!bucket) {
      bucket = { tokens: limit.capacity, updatedAt: now() };
      map.set(chatId, bucket);
    }
    return bucket;
  };
  // Telegram's group chat ids are negative; private chats (user ids) are positive.
  const relevant = (chatId: number): Array<[Bucket, { capacity: number; perMs: number }]> => {
    const buckets: Array<[Bucket, { capacity: number; perMs: number }]> = [
      [overallBucket, overall],
      [bucketFor(chatBuckets, chatId, chat), chat],
    ];
    if (chatId < 0) buckets.push([bucketFor(groupBuckets, chatId, group), group]);
    return buckets;
  };

  return {
    retryAfter(chatId) {
      let waitMs = 0;
      for (const [bucket, limit] of relevant(chatId)) {
        refill(bucket, limit);
        if (bucket.tokens < 1) waitMs = Math.max(waitMs, (1 - bucket.tokens) / limit.perMs);
      }
      return waitMs === 0 ? 0 : Math.max(1, Math.ceil(waitMs / MS_PER_SECOND));
    },
    record(chatId) {
      for (const [bucket, limit] of relevant(chatId)) refill(bucket, limit).tokens -= 1;
    },
  };
}
