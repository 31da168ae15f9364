/**
 * The persistence contract of the bot: domain records and the repositories that keep them.
 * Everything outside `src/store` talks to these interfaces only; SQL lives in the SQLite and
 * PostgreSQL implementations, which run the same test suite (`tests/store/repository-suite.ts`).
 *
 * Times are UTC epoch milliseconds. Chat ids are Telegram ids: negative for groups and channels,
 * beyond 2^31 for supergroups, always within Number.MAX_SAFE_INTEGER.
 */

/** The kind of Telegram chat, as in `Chat.type` of the Bot API. */
export type ChatType = "private" | "group" | "supergroup" | "channel";

/** Whether the bot can still write to a chat: `blocked` by a user, or removed from (`left`) a group. */
export type ChatStatus = "active" | "blocked" | "left";

/** A chat the bot has seen, with its preferences. */
export interface Chat {
  id: number;
  type: ChatType;
  /** BCP 47 language of the bot's replies, e.g. "ru". */
  language: string;
  /** IANA time zone used for new subscriptions, e.g. "Europe/Moscow". */
  timeZone: string;
  status: ChatStatus;
  createdAt: number;
  updatedAt: number;
}

/** What the bot knows about a chat from an update; defaults for a chat seen for the first time. */
export interface ChatSighting {
  id: number;
  type: ChatType;
  /** Used only when the chat is new; an existing chat keeps its chosen language. */
  language: string;
  /** Used only when the chat is new; an existing chat keeps its chosen time zone. */
  timeZone: string;
}

/** Count of chats per status, every status present (zero when none). */
export type ChatStatusCounts = Record<ChatStatus, number>;

/** Chats the bot knows about. */
export interface ChatRepository {
  /**
   * Records a chat seen in an update: creates it with the sighting's language, time zone and
   * status `active`, or refreshes the type of an existing chat without touching its preferences
   * or status (status changes are explicit, see `setStatus`). Returns the stored chat.
   */
  upsert(chat: ChatSighting): Promise<Chat>;
  get(id: number): Promise<Chat | undefined>;
  setStatus(id: number, status: ChatStatus): Promise<void>;
  setLanguage(id: number, language: string): Promise<void>;
  setTimeZone(id: number, timeZone: string): Promise<void>;
  /**
   * A group became a supergroup with a new id: the new chat takes the old one's place, with type
   * `supergroup`, and the old chat is deleted. If the bot already saw the new id, the old chat's
   * language, time zone, status and (if it has one) subscription replace the new chat's; deliveries
   * move over; received sections are merged. Returns false when the old chat is unknown.
   */
  migrate(oldId: number, newId: number): Promise<boolean>;
  /**
   * Deletes the chat and everything about it: subscription, deliveries, received sections.
   * Conversation state is keyed by the conversations plugin, so the caller deletes it through
   * `KeyValueRepository`.
   */
  forget(id: number): Promise<void>;
  countByStatus(): Promise<ChatStatusCounts>;
}

/** A chat's daily digest subscription. One per chat. */
export interface Subscription {
  chatId: number;
  /** Topic ids, sorted and without duplicates. */
  topics: string[];
  /** Local delivery time "HH:MM" in `timeZone`. */
  deliveryTime: string;
  /** IANA time zone of `deliveryTime`. */
  timeZone: string;
  paused: boolean;
  /** Forum topic to post into, or null for the chat's main thread. */
  messageThreadId: number | null;
  /** When the next digest is due (epoch ms); computed by the caller with `nextRunAt`. */
  nextRunAt: number;
  createdAt: number;
  updatedAt: number;
}

/** The caller-owned fields of a subscription; timestamps are the store's business. */
export type SubscriptionDraft = Omit<Subscription, "createdAt" | "updatedAt" | "paused" | "messageThreadId"> & {
  /** Defaults to false. */
  paused?: boolean;
  /** Defaults to null (main thread). */
  messageThreadId?: number | null;
};

/** A due subscription with what the sender needs to know about its chat. */
export interface DueSubscription extends Subscription {
  /** The chat's language, to compose the digest in. */
  language: string;
}

/** Subscriptions per topic, most popular first. */
export interface TopicCount {
  topic: string;
  count: number;
}

/** Subscriptions per chat language, most common first. */
export interface LanguageCount {
  language: string;
  count: number;
}

/** Daily digest subscriptions and the schedule index over them. */
export interface SubscriptionRepository {
  get(chatId: number): Promise<Subscription | undefined>;
  /**
   * Creates or replaces the chat's subscription (the chat must exist). Stores `nextRunAt` as
   * given: the store computes nothing, so the caller decides how the schedule moves.
   */
  save(subscription: SubscriptionDraft): Promise<Subscription>;
  /**
   * Pauses or resumes. `nextRunAt` is untouched, so a resumed subscription whose time has passed
   * is due at once; call `setNextRun` as well to skip the missed digest.
   */
  setPaused(chatId: number, paused: boolean): Promise<void>;
  /**
   * Removes topics (e.g. retired from the registry) and returns what is left, or undefined when
   * the chat has no subscription. An emptied subscription is kept: deleting it is the caller's call.
   */
  removeTopics(chatId: number, topics: readonly string[]): Promise<Subscription | undefined>;
  delete(chatId: number): Promise<void>;
  /**
   * Subscriptions to deliver now: not paused, chat `active`, `nextRunAt <= nowMs`; earliest first
   * (ties by chat id), at most `limit`.
   */
  findDue(nowMs: number, limit: number): Promise<DueSubscription[]>;
  setNextRun(chatId: number, nextRunAt: number): Promise<void>;
  /** Subscriptions of active chats (paused included) per topic. */
  countByTopic(): Promise<TopicCount[]>;
  /** Subscriptions of active chats (paused included) per chat language. */
  countByLanguage(): Promise<LanguageCount[]>;
}

/**
 * Where a digest stands. `pending` = claimed by an instance and being sent; `failed` = the last
 * attempt failed and may be claimed again; `sent` and `skipped` are final.
 */
export type DeliveryStatus = "pending" | "sent" | "failed" | "skipped";

/** One line of the delivery ledger: one digest for one chat. */
export interface Delivery {
  /** Idempotency key, by convention `<chatId>:<local date YYYY-MM-DD>`. */
  key: string;
  chatId: number;
  status: DeliveryStatus;
  /** How many times the digest was claimed, i.e. how many sends were started. */
  attempts: number;
  /** Telegram message ids of the sent digest (it may span several messages). */
  messageIds: number[];
  /** Why the last attempt failed or why the digest was skipped. */
  error: string | null;
  /** Instance that holds (or last held) the claim. */
  claimedBy: string | null;
  /** The claim lapses at this instant (epoch ms), so a crashed instance's digest is retried. */
  claimUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

/**
 * Outcome of `DeliveryRepository.claim`:
 * - `claimed`: this instance now owns the digest and must send it, then mark it sent or failed.
 * - `already-sent`: the digest is final (`sent`, or deliberately `skipped`); never send it again.
 * - `in-progress`: another (or this) instance holds an unexpired claim; leave it alone.
 */
export type ClaimOutcome = "claimed" | "already-sent" | "in-progress";

/** Count of deliveries per status, every status present (zero when none). */
export type DeliveryStatusCounts = Record<DeliveryStatus, number>;

/** The delivery ledger that makes each digest go out at most once across restarts and instances. */
export interface DeliveryRepository {
  /**
   * Atomically takes the digest `key` for `instanceId` until `nowMs + leaseMs`: creates the row,
   * or re-takes a `failed` one, or a `pending` one whose lease has expired (its instance crashed).
   * Every successful claim counts one attempt. The chat must exist.
   */
  claim(key: string, chatId: number, instanceId: string, leaseMs: number, nowMs: number): Promise<ClaimOutcome>;
  /** Final: the digest went out as these messages. */
  markSent(key: string, messageIds: readonly number[]): Promise<void>;
  /**
   * `markSent`, the chat's `receivedSections.markReceived` and, when `nextRunAt` is given, its
   * subscription's `setNextRun`, in one transaction: a delivered digest costs one commit (and one
   * round trip to PostgreSQL) instead of three.
   */
  markDelivered(key: string, delivery: DeliveredDigest): Promise<void>;
  /** The attempt failed; the digest may be claimed again. Ignored once the digest is final. */
  markFailed(key: string, error: string): Promise<void>;
  /** Final: nothing to send (e.g. no new sections). Ignored once the digest is final. */
  markSkipped(key: string, reason: string): Promise<void>;
  find(key: string): Promise<Delivery | undefined>;
  /**
   * Lets `instanceId`'s pending claims lapse now, so they can be claimed again at once: called by an
   * instance that restarted after a crash and knows nobody else sends under its id. Returns how many.
   */
  releaseClaimsOf(instanceId: string, nowMs: number): Promise<number>;
  /** Deliveries last updated at or after `sinceMs`, per status. */
  countByStatusSince(sinceMs: number): Promise<DeliveryStatusCounts>;
}

/** What `DeliveryRepository.markDelivered` records of a digest that went out. */
export interface DeliveredDigest {
  messageIds: readonly number[];
  chatId: number;
  sections: readonly ReceivedSection[];
  /** The subscription's next run (epoch ms); the subscription is left as it is when undefined. */
  nextRunAt?: number;
}

/** A document section as delivered to a chat. */
export interface ReceivedSection {
  sectionId: string;
  /** Hash of the section text, so an edited section counts as new. */
  hash: string;
}

/** Which document sections each chat already received, so digests bring only news. */
export interface ReceivedSectionRepository {
  /** Section id → hash of the version the chat received. */
  receivedHashes(chatId: number): Promise<Map<string, string>>;
  /** Records sections as received now, replacing older hashes of the same sections. */
  markReceived(chatId: number, sections: readonly ReceivedSection[]): Promise<void>;
}

/** How often a topic was chosen from inline mode. */
export interface InlineTopicCount {
  topic: string;
  count: number;
}

/** Anonymous usage counters. */
export interface StatsRepository {
  /** Counts one chosen inline result for the topic. */
  recordInlineChoice(topic: string): Promise<void>;
  /** The `limit` most chosen topics, most chosen first (ties by topic id). */
  topInlineTopics(limit: number): Promise<InlineTopicCount[]>;
}

/** A JSON value as stored by `KeyValueRepository`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * String-keyed JSON storage, shaped like grammY's `StorageAdapter` so it can back
 * @grammyjs/conversations (see `typedStorage`). Values round-trip through JSON: no `undefined`,
 * Dates or Maps. Each write bumps a per-key version, visible to operators in the table.
 */
export interface KeyValueRepository {
  read(key: string): Promise<JsonValue | undefined>;
  write(key: string, value: JsonValue): Promise<void>;
  delete(key: string): Promise<void>;
}

/** One update in the inbox: received from Telegram, kept until it is handled. */
export interface InboxEntry {
  updateId: number;
  /** Updates with the same key are handled one at a time, in update_id order (the chat, or the user). */
  chatKey: string;
  /** The update as Telegram sent it, JSON text. */
  payload: string;
  /** How many times the update was taken for handling (more than 1 after a crash). */
  attempts: number;
}

/** An update to add to the inbox. */
export type InboxDraft = Omit<InboxEntry, "attempts">;

/**
 * The durable inbox of incoming updates. An update is added before Telegram is told it arrived (the
 * next getUpdates offset, the webhook's 2xx), taken by one instance at a time, and marked handled;
 * its `update_id` stays known until it expires, so a redelivery is recognised and dropped.
 */
export interface InboxRepository {
  /** Adds the updates not known yet and returns how many were new; known ids (redeliveries) are ignored. */
  add(entries: readonly InboxDraft[], nowMs: number): Promise<number>;
  /**
   * Takes up to `limit` unhandled updates for `holder` until `nowMs + claimMs`, oldest first, at most
   * one per chat key and only the oldest unhandled one of its key, so a chat's updates run in order
   * across instances. Free or lapsed claims only.
   */
  claim(holder: string, claimMs: number, nowMs: number, limit: number): Promise<InboxEntry[]>;
  /** Final: the update was handled (or failed and was logged); it stays as a known id until it expires. */
  markHandled(updateId: number, nowMs: number): Promise<void>;
  /** Gives back `holder`'s unhandled updates (all, or those listed) to be taken again at once. */
  release(holder: string, updateIds?: readonly number[]): Promise<number>;
  /** Updates received and not yet handled. */
  countUnhandled(): Promise<number>;
  /** Deletes entries received before `beforeMs`; returns how many handled and how many never handled. */
  expire(beforeMs: number): Promise<{ handled: number; unhandled: number }>;
}

/** The database backend behind a `Store`. */
export type StoreDialect = "sqlite" | "postgres";

/**
 * Named leases with expiry, for work that one instance at a time must do (the digest scheduler):
 * the holder renews before expiry; when it dies, another instance takes over once it expires.
 */
export interface LeaseRepository {
  /** Takes the lease if free, expired or already ours, and extends it to now + ttl; false if another holds it. */
  acquire(name: string, holder: string, ttlMs: number, nowMs: number): Promise<boolean>;
  /** Gives the lease up early (graceful shutdown) if we hold it. */
  release(name: string, holder: string): Promise<void>;
  /** Who holds the lease and until when, or undefined when nobody ever took it or it was released. */
  holder(name: string): Promise<{ holder: string; expiresAt: number } | undefined>;
}

/** All repositories over one database, plus its lifecycle. Created by `createStore`. */
export interface Store {
  readonly dialect: StoreDialect;
  readonly leases: LeaseRepository;
  readonly chats: ChatRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly deliveries: DeliveryRepository;
  readonly receivedSections: ReceivedSectionRepository;
  readonly stats: StatsRepository;
  readonly keyValue: KeyValueRepository;
  readonly inbox: InboxRepository;
  /**
   * Applies pending numbered migrations, each in its own transaction, and returns the names of
   * those applied now (empty when the schema is current). Safe to run from several instances.
   * Call once at start, before using the repositories.
   */
  migrate(): Promise<string[]>;
  /** Resolves when the database answers a query; rejects with the reason otherwise (readiness). */
  ping(): Promise<void>;
  /** Releases the connection(s). The store is unusable afterwards. */
  close(): Promise<void>;
}
