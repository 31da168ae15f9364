/**
 * Daily digest subscriptions without Telegram: every rule of subscribing, changing, pausing,
 * resuming and unsubscribing, over the store and a clock, and the one-line `/subscribe` form.
 * `time-zones.ts` reads zone names. The bot's commands and dialogue (`src/bot/subscriptions/`)
 * only adapt updates to this service.
 */
import type { TopicCatalog } from "../content/topics.js";
import type { TopicId } from "../content/types.js";
import { nextRunAt, parseLocalTime } from "../digest/schedule.js";
import type { DigestService } from "../digest/scheduler.js";
import type { ChatType, Store, Subscription } from "../store/index.js";
import { guessTimeZone, normalizeTimeZone } from "./time-zones.js";

/** A channel as people name it: "@name" (5-32 characters) or its id "-100…". */
export const CHANNEL_REFERENCE = /^(?:@[A-Za-z]\w{3,31}|-100\d{1,13})$/u;

/** What the words after /subscribe or /unsubscribe ask for. */
export interface SubscribeArguments {
  topics: TopicId[];
  deliveryTime?: string;
  timeZone?: string;
  /** "@name" or "-100…": a channel to manage from a private chat. */
  channel?: string;
  /** Words that are none of the above. */
  unknown: string[];
}

/** Reads "space arctic 08:00 Europe/Moscow @channel" in any order; topics are names or commands of `topics`. */
export function parseSubscribeArguments(text: string, topics: TopicCatalog): SubscribeArguments {
  const parsed: SubscribeArguments = { topics: [], unknown: [] };
  const words = text.split(/\s+/u).filter((token) => token !== "");
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? "";
    // A city of two words ("New York", "Нижний Новгород") is one zone, read before its halves.
    const twoWordZone = index + 1 < words.length ? normalizeTimeZone(`${word} ${words[index + 1]}`) : undefined;
    if (twoWordZone !== undefined) {
      parsed.timeZone = twoWordZone;
      index += 1;
      continue;
    }
    const time = parseLocalTime(word);
    const topic = topics.find(word);
    const zone = time === undefined && topic === undefined ? normalizeTimeZone(word) : undefined;
    if (CHANNEL_REFERENCE.test(word)) parsed.channel = word;
    else if (time !== undefined) parsed.deliveryTime = time;
    else if (topic !== undefined) {
      if (!parsed.topics.includes(topic.id)) parsed.topics.push(topic.id);
    } else if (zone !== undefined) parsed.timeZone = zone;
    else parsed.unknown.push(word);
  }
  return parsed;
}

/** Words a management command does not take: anything but a channel and, where `topics` is allowed, topics. */
export function unexpectedWords(parsed: SubscribeArguments, options: { topics: boolean }): string[] {
  return [
    ...parsed.unknown,
    ...(options.topics ? [] : parsed.topics),
    ...[parsed.deliveryTime, parsed.timeZone].filter((word): word is string => word !== undefined),
  ];
}

export interface SubscriptionServiceDependencies {
  store: Store;
  /** The current topics (they change with topics.yaml). */
  topics: () => TopicCatalog;
  /** The clock for schedules (epoch ms). */
  now: () => number;
  /** Sends a digest on demand (the scheduler). */
  digest: DigestService;
}

/** A subscription as set up or changed, in the chat's `language` (digests come in it). */
export type SubscriptionSetup = Pick<Subscription, "chatId" | "topics" | "deliveryTime" | "timeZone" | "messageThreadId"> & {
  chatType: ChatType;
  language: string;
  /** Kept as it is when settings change one field; a new subscription is active. */
  paused?: boolean;
};

export type UnsubscribeOutcome =
  | { status: "none" }
  /** None of the topics asked for is in the digest. */
  | { status: "not-subscribed"; current: readonly TopicId[] }
  | { status: "ended" }
  | { status: "removed"; removed: TopicId[]; left: readonly TopicId[] };

export type PauseOutcome = "none" | "already-paused" | "paused";

export type ResumeOutcome = { status: "none" } | { status: "not-paused" | "resumed"; subscription: Subscription };

export type SubscriptionService = ReturnType<typeof createSubscriptionService>;

export function createSubscriptionService(deps: SubscriptionServiceDependencies) {
  const { store } = deps;
  return {
    /** The current topic catalog. */
    catalog: (): TopicCatalog => deps.topics(),
    /** The one-line form, read against the current topics. */
    parse: (text: string): SubscribeArguments => parseSubscribeArguments(text, deps.topics()),
    /** The chat's subscription, if it has one. */
    get: (chatId: number): Promise<Subscription | undefined> => store.subscriptions.get(chatId),

    /** Where a new setup starts: today's topics ticked, and the zone the chat has (else the one its locale suggests). */
    async startingPoint(chatId: number, locale: string): Promise<{ topics?: TopicId[]; timeZone: string }> {
      const [existing, chat] = await Promise.all([store.subscriptions.get(chatId), store.chats.get(chatId)]);
      return { topics: existing?.topics, timeZone: existing?.timeZone ?? chat?.timeZone ?? guessTimeZone(locale) };
    },

    /** The subscription's topics that still exist: topics removed from topics.yaml since are not saved again. */
    liveTopics: (subscription: Subscription): TopicId[] => subscription.topics.filter((topic) => deps.topics().byId(topic) !== undefined),

    /** Saves a new or changed subscription; its next digest is the next delivery time from now. */
    async subscribe(setup: SubscriptionSetup): Promise<Subscription> {
      const { chatId, language, timeZone } = setup;
      const runAt = nextRunAt(setup.deliveryTime, timeZone, deps.now());
      await store.chats.upsert({ id: chatId, type: setup.chatType, language, timeZone });
      // Digests come in the language the subscription was set up in, and the zone becomes the chat's.
      await store.chats.setLanguage(chatId, language);
      await store.chats.setTimeZone(chatId, timeZone);
      const { topics, deliveryTime, messageThreadId } = setup;
      return store.subscriptions.save({ chatId, topics, deliveryTime, timeZone, nextRunAt: runAt, paused: setup.paused ?? false, messageThreadId });
    },

    /** Removes `topics`, or the whole subscription when none are named. */
    async unsubscribe(chatId: number, topics: readonly TopicId[]): Promise<UnsubscribeOutcome> {
      const subscription = await store.subscriptions.get(chatId);
      if (subscription === undefined) return { status: "none" };
      const removed = topics.filter((topic) => subscription.topics.includes(topic));
      if (topics.length > 0 && removed.length === 0) return { status: "not-subscribed", current: subscription.topics };
      const left = topics.length === 0 ? undefined : await store.subscriptions.removeTopics(chatId, removed);
      if (left !== undefined && left.topics.length > 0) return { status: "removed", removed, left: left.topics };
      // The last topic gone means no digest at all.
      await store.subscriptions.delete(chatId);
      return { status: "ended" };
    },

    /** Pauses the digest; `nextRunAt` stays, `resume` moves it. */
    async pause(chatId: number): Promise<PauseOutcome> {
      const subscription = await store.subscriptions.get(chatId);
      if (subscription === undefined) return "none";
      if (subscription.paused) return "already-paused";
      await store.subscriptions.setPaused(chatId, true);
      return "paused";
    },

    /** Resumes a paused digest from now on. */
    async resume(chatId: number): Promise<ResumeOutcome> {
      const subscription = await store.subscriptions.get(chatId);
      if (subscription === undefined) return { status: "none" };
      if (!subscription.paused) return { status: "not-paused", subscription };
      // Digests missed while paused are skipped: the next one is the next delivery time from now.
      const runAt = nextRunAt(subscription.deliveryTime, subscription.timeZone, deps.now());
      await store.subscriptions.setPaused(chatId, false);
      await store.subscriptions.setNextRun(chatId, runAt);
      return { status: "resumed", subscription: { ...subscription, paused: false, nextRunAt: runAt } };
    },

    /** Records a channel managed from a private chat, in its admin's language and the zone it suggests. */
    async recordChannel(chatId: number, language: string): Promise<void> {
      await store.chats.upsert({ id: chatId, type: "channel", language, timeZone: guessTimeZone(language) });
    },

    /** Sends the chat's digest of what is new at once (`/digest`). */
    sendDigest: (chatId: number): ReturnType<DigestService["sendNow"]> => deps.digest.sendNow(chatId, deps.now()),
  };
}
