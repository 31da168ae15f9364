/**
 * The delivery ledger over `store.deliveries`: every digest, daily or `/digest`, is claimed before it
 * is sent and marked sent, skipped or failed after, so it goes out at most once across restarts and
 * instances; a claim whose instance died expires with its lease. What delivery found out about the
 * chat (moved to a supergroup, blocked, gone) is recorded here as well, for every path alike.
 */
import type { Delivery, Store } from "../store/index.js";
import type { Digest } from "./compose.js";
import type { Deliverer, DeliveryResult } from "./deliver.js";

/** One digest to take through the ledger. */
export interface DigestAttempt {
  /** Ledger key: `chatId:localDate` for the daily digest, one of its own per `/digest` request. */
  key: string;
  chatId: number;
  messageThreadId: number | null;
  /** Composes the digest once the claim is held; undefined when nothing is new. */
  compose(): Promise<Digest | undefined>;
  /** Passed to the deliverer: aborting gives up retries (shutdown). */
  signal?: AbortSignal;
  /**
   * The subscription's next run once the digest went out (the daily digest's tomorrow), recorded
   * with the delivery itself; `/digest` leaves the schedule alone.
   */
  nextRunAt?: number;
}

/** What came of an attempt; `holder` is the chat id that holds the chat now (it changes on migration). */
export type AttemptOutcome =
  | { status: "already-sent" | "in-progress" | "nothing-new" }
  | { status: "delivered"; result: DeliveryResult; holder: number };

export interface Ledger {
  /**
   * Claims `attempt.key`, composes, sends and records the outcome; sends nothing unless the claim
   * is ours. A digest that went out ("sent" or "migrated") has its `nextRunAt` set as well.
   */
  attempt(attempt: DigestAttempt, nowMs: number): Promise<AttemptOutcome>;
  /** Where `key` stands: its claim's expiry, attempts so far; undefined when it was never claimed. */
  find(key: string): Promise<Delivery | undefined>;
}

export function createLedger(store: Store, deliverer: Deliverer, instanceId: string, leaseMs: number): Ledger {
  /** Applies what delivery found out about the chat; returns the chat id that now holds it. */
  async function recordChatChanges(chatId: number, result: DeliveryResult): Promise<number> {
    const holder = "newChatId" in result && result.newChatId !== undefined ? result.newChatId : chatId;
    if (holder !== chatId) await store.chats.migrate(chatId, holder);
    if (result.status === "blocked") await store.chats.setStatus(holder, holder > 0 ? "blocked" : "left");
    if (result.status === "chat-not-found") await store.chats.setStatus(holder, "left");
    return holder;
  }

  return {
    async attempt({ key, chatId, messageThreadId, compose, signal, nextRunAt }, nowMs) {
      // The ledger entry is written before anything is sent, so a crash cannot lead to a second send.
      const claim = await store.deliveries.claim(key, chatId, instanceId, leaseMs, nowMs);
      if (claim !== "claimed") return { status: claim };
      const digest = await compose();
      if (digest === undefined) {
        await store.deliveries.markSkipped(key, "nothing new");
        return { status: "nothing-new" };
      }
      const result = await deliverer.send(chatId, digest.parts, {
        ...(messageThreadId === null ? {} : { messageThreadId }),
        ...(signal === undefined ? {} : { signal }),
      });
      const delivered = result.status === "sent" || result.status === "migrated";
      if (result.status === "sent") {
        // The common case, in one transaction: marked sent, its sections received, the next run set.
        await store.deliveries.markDelivered(key, {
          messageIds: result.messageIds,
          chatId,
          sections: digest.sections,
          ...(nextRunAt === undefined ? {} : { nextRunAt }),
        });
        return { status: "delivered", result, holder: chatId };
      }
      // Marked before the chat's move is recorded, so a crash in between cannot send it twice.
      if (delivered) await store.deliveries.markSent(key, result.messageIds);
      else await store.deliveries.markFailed(key, result.error);
      const holder = await recordChatChanges(chatId, result);
      if (delivered) {
        await store.receivedSections.markReceived(holder, digest.sections);
        if (nextRunAt !== undefined) await store.subscriptions.setNextRun(holder, nextRunAt);
      }
      return { status: "delivered", result, holder };
    },
    find: (key) => store.deliveries.find(key),
  };
}
