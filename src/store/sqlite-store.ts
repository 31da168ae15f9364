/**
 * The `Store` over one SQLite file through better-sqlite3. Queries are synchronous and fast;
 * the methods are async only to share the interface with PostgreSQL.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { loadMigrations } from "./migrations.js";
import type {
  Chat,
  ChatRepository,
  ChatSighting,
  ChatStatus,
  ChatType,
  ClaimOutcome,
  Delivery,
  DeliveryRepository,
  DeliveryStatus,
  DueSubscription,
  InboxEntry,
  InboxRepository,
  ReceivedSection,
  JsonValue,
  KeyValueRepository,
  LeaseRepository,
  ReceivedSectionRepository,
  StatsRepository,
  Store,
  Subscription,
  SubscriptionDraft,
  SubscriptionRepository,
} from "./types.js";
import {
  emptyChatStatusCounts,
  emptyDeliveryStatusCounts,
  FINAL_DELIVERY_STATUSES,
  normalizeTopics,
  uniqueSections,
} from "./values.js";

/** Options of `createSqliteStore`. */
export interface SqliteStoreOptions {
  /** Database file; its directory is created when missing. ":memory:" works for experiments. */
  path: string;
  /** Clock for created/updated timestamps; tests pin it. Default `Date.now`. */
  now?: () => number;
}

/** How long a writer waits for another process's lock before failing, in ms. */
const BUSY_TIMEOUT_MS = 5_000;

interface ChatRow {
  id: number;
  type: ChatType;
  language: string;
  time_zone: string;
  status: ChatStatus;
  created_at: number;
  updated_at: number;
}

interface SubscriptionRow {
  chat_id: number;
  topics: string;
  delivery_time: string;
  time_zone: string;
  paused: number;
  message_thread_id: number | null;
  next_run_at: number;
  created_at: number;
  updated_at: number;
}

interface DeliveryRow {
  key: string;
  chat_id: number;
  status: DeliveryStatus;
  attempts: number;
  message_ids: string;
  error: string | null;
  claimed_by: string | null;
  claim_until: number | null;
  created_at: number;
  updated_at: number;
}

function toChat(row: ChatRow): Chat {
  return {
    id: row.id,
    type: row.type,
    language: row.language,
    timeZone: row.time_zone,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    chatId: row.chat_id,
    topics: JSON.parse(row.topics) as string[],
    deliveryTime: row.delivery_time,
    timeZone: row.time_zone,
    paused: row.paused === 1,
    messageThreadId: row.message_thread_id,
    nextRunAt: row.next_run_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toDelivery(row: DeliveryRow): Delivery {
  return {
    key: row.key,
    chatId: row.chat_id,
    status: row.status,
    attempts: row.attempts,
    messageIds: JSON.parse(row.message_ids) as number[],
    error: row.error,
    claimedBy: row.claimed_by,
    claimUntil: row.claim_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Opens (creating if needed) the SQLite file in WAL mode. Call `migrate()` before use. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const now = options.now ?? Date.now;
  if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  // WAL lets readers (e.g. a stats command) run while the scheduler writes.
  db.pragma("journal_mode = WAL");
  // NORMAL is durable across application crashes in WAL mode; only an OS crash may lose the last commit.
  db.pragma("synchronous = NORMAL");
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Off by default in SQLite; the ON DELETE CASCADE rules that make `forget` complete need it.
  db.pragma("foreign_keys = ON");

  // Prepared lazily: the tables do not exist before the first migration.
  const statements = new Map<string, Database.Statement>();
  function sql<Row = unknown>(text: string): Database.Statement<unknown[], Row> {
    let statement = statements.get(text);
    if (statement === undefined) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement as Database.Statement<unknown[], Row>;
  }

  // Writes that repositories share, so one transaction can hold several of them.
  function setNextRun(chatId: number, nextRunAt: number): void {
    sql("UPDATE subscriptions SET next_run_at = ?, updated_at = ? WHERE chat_id = ?").run(nextRunAt, now(), chatId);
  }
  function markSent(key: string, messageIds: readonly number[]): void {
    sql(
      `UPDATE deliveries SET status = 'sent', message_ids = ?, error = NULL, claim_until = NULL, updated_at = ?
       WHERE key = ?`,
    ).run(JSON.stringify(messageIds), now(), key);
  }
  function markReceived(chatId: number, sections: readonly ReceivedSection[]): void {
    const receivedAt = now();
    const upsert = sql(
      `INSERT INTO received_sections (chat_id, section_id, section_hash, received_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (chat_id, section_id) DO UPDATE SET
         section_hash = excluded.section_hash, received_at = excluded.received_at`,
    );
    for (const section of uniqueSections(sections)) upsert.run(chatId, section.sectionId, section.hash, receivedAt);
  }

  const chats: ChatRepository = {
    async upsert(chat: ChatSighting) {
      // Nearly every update comes from a chat already stored as it is: a read, no write transaction.
      const known = sql<ChatRow>("SELECT * FROM chats WHERE id = ?").get(chat.id);
      if (known !== undefined && known.type === chat.type) return toChat(known);
      const row = sql<ChatRow>(
        `INSERT INTO chats (id, type, language, time_zone, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'active', ?, ?)
         ON CONFLICT (id) DO UPDATE SET
           type = excluded.type,
           updated_at = CASE WHEN chats.type = excluded.type THEN chats.updated_at ELSE excluded.updated_at END
         RETURNING *`,
      ).get(chat.id, chat.type, chat.language, chat.timeZone, now(), now());
      return toChat(row as ChatRow);
    },

    async get(id) {
      const row = sql<ChatRow>("SELECT * FROM chats WHERE id = ?").get(id);
      return row === undefined ? undefined : toChat(row);
    },

    async setStatus(id, status) {
      sql("UPDATE chats SET status = ?, updated_at = ? WHERE id = ?").run(status, now(), id);
    },

    async setLanguage(id, language) {
      sql("UPDATE chats SET language = ?, updated_at = ? WHERE id = ?").run(language, now(), id);
    },

    async setTimeZone(id, timeZone) {
      sql("UPDATE chats SET time_zone = ?, updated_at = ? WHERE id = ?").run(timeZone, now(), id);
    },

    async migrate(oldId, newId) {
      if (oldId === newId) return false;
      return db.transaction(() => {
        const old = sql<ChatRow>("SELECT * FROM chats WHERE id = ?").get(oldId);
        if (old === undefined) return false;
        sql(
          `INSERT INTO chats (id, type, language, time_zone, status, created_at, updated_at)
           VALUES (?, 'supergroup', ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET
             type = excluded.type, language = excluded.language, time_zone = excluded.time_zone,
             status = excluded.status, created_at = excluded.created_at, updated_at = excluded.updated_at`,
        ).run(newId, old.language, old.time_zone, old.status, old.created_at, now());
        if (sql("SELECT 1 FROM subscriptions WHERE chat_id = ?").get(oldId) !== undefined) {
          sql("DELETE FROM subscriptions WHERE chat_id = ?").run(newId);
          sql("UPDATE subscriptions SET chat_id = ? WHERE chat_id = ?").run(newId, oldId);
        }
        sql("UPDATE deliveries SET chat_id = ? WHERE chat_id = ?").run(newId, oldId);
        sql(
          `INSERT OR IGNORE INTO received_sections (chat_id, section_id, section_hash, received_at)
           SELECT ?, section_id, section_hash, received_at FROM received_sections WHERE chat_id = ?`,
        ).run(newId, oldId);
        // Cascades to the old chat's remaining received sections.
        sql("DELETE FROM chats WHERE id = ?").run(oldId);
        return true;
      }).immediate();
    },

    async forget(id) {
      // Subscriptions, deliveries and received sections go by ON DELETE CASCADE.
      sql("DELETE FROM chats WHERE id = ?").run(id);
    },

    async countByStatus() {
      const counts = emptyChatStatusCounts();
      const rows = sql<{ status: ChatStatus; count: number }>(
        "SELECT status, COUNT(*) AS count FROM chats GROUP BY status",
      ).all();
      for (const row of rows) counts[row.status] = row.count;
      return counts;
    },
  };

  const subscriptions: SubscriptionRepository = {
    async get(chatId) {
      const row = sql<SubscriptionRow>("SELECT * FROM subscriptions WHERE chat_id = ?").get(chatId);
      return row === undefined ? undefined : toSubscription(row);
    },

    async save(draft: SubscriptionDraft) {
      const row = sql<SubscriptionRow>(
        `INSERT INTO subscriptions
           (chat_id, topics, delivery_time, time_zone, paused, message_thread_id, next_run_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (chat_id) DO UPDATE SET
           topics = excluded.topics, delivery_time = excluded.delivery_time, time_zone = excluded.time_zone,
           paused = excluded.paused, message_thread_id = excluded.message_thread_id,
           next_run_at = excluded.next_run_at, updated_at = excluded.updated_at
         RETURNING *`,
      ).get(
        draft.chatId,
        JSON.stringify(normalizeTopics(draft.topics)),
        draft.deliveryTime,
        draft.timeZone,
        draft.paused === true ? 1 : 0,
        draft.messageThreadId ?? null,
        draft.nextRunAt,
        now(),
        now(),
      );
      return toSubscription(row as SubscriptionRow);
    },

    async setPaused(chatId, paused) {
      sql("UPDATE subscriptions SET paused = ?, updated_at = ? WHERE chat_id = ?").run(paused ? 1 : 0, now(), chatId);
    },

    async removeTopics(chatId, topics) {
      return db.transaction(() => {
        const row = sql<SubscriptionRow>("SELECT * FROM subscriptions WHERE chat_id = ?").get(chatId);
        if (row === undefined) return undefined;
        const removed = new Set(topics);
        const kept = (JSON.parse(row.topics) as string[]).filter((topic) => !removed.has(topic));
        const updated = sql<SubscriptionRow>(
          "UPDATE subscriptions SET topics = ?, updated_at = ? WHERE chat_id = ? RETURNING *",
        ).get(JSON.stringify(kept), now(), chatId);
        return toSubscription(updated as SubscriptionRow);
      }).immediate();
    },

    async delete(chatId) {
      sql("DELETE FROM subscriptions WHERE chat_id = ?").run(chatId);
    },

    async findDue(nowMs, limit) {
      // `paused = 0` literally, so SQLite can use the partial index subscriptions_due.
      const rows = sql<SubscriptionRow & { language: string }>(
        `SELECT s.*, c.language
         FROM subscriptions s JOIN chats c ON c.id = s.chat_id
         WHERE s.paused = 0 AND s.next_run_at <= ? AND c.status = 'active'
         ORDER BY s.next_run_at, s.chat_id
         LIMIT ?`,
      ).all(nowMs, limit);
      return rows.map((row): DueSubscription => ({ ...toSubscription(row), language: row.language }));
    },

    async setNextRun(chatId, nextRunAt) {
      setNextRun(chatId, nextRunAt);
    },

    async countByTopic() {
      return sql<{ topic: string; count: number }>(
        `SELECT t.value AS topic, COUNT(*) AS count
         FROM subscriptions s JOIN chats c ON c.id = s.chat_id JOIN json_each(s.topics) t
         WHERE c.status = 'active'
         GROUP BY t.value
         ORDER BY count DESC, topic`,
      ).all();
    },

    async countByLanguage() {
      return sql<{ language: string; count: number }>(
        `SELECT c.language AS language, COUNT(*) AS count
         FROM subscriptions s JOIN chats c ON c.id = s.chat_id
         WHERE c.status = 'active'
         GROUP BY c.language
         ORDER BY count DESC, language`,
      ).all();
    },
  };

  const finalStatuses = FINAL_DELIVERY_STATUSES.map((status) => `'${status}'`).join(", ");

  const deliveries: DeliveryRepository = {
    async claim(key, chatId, instanceId, leaseMs, nowMs) {
      // IMMEDIATE takes the write lock first, so another process cannot slip in between the two queries.
      return db.transaction((): ClaimOutcome => {
        const claimed = sql(
          `INSERT INTO deliveries
             (key, chat_id, status, attempts, message_ids, claimed_by, claim_until, created_at, updated_at)
           VALUES (?, ?, 'pending', 1, '[]', ?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET
             status = 'pending', attempts = deliveries.attempts + 1, claimed_by = excluded.claimed_by,
             claim_until = excluded.claim_until, updated_at = excluded.updated_at
           WHERE deliveries.status = 'failed'
              OR (deliveries.status = 'pending' AND deliveries.claim_until <= excluded.updated_at)
           RETURNING key`,
        ).get(key, chatId, instanceId, nowMs + leaseMs, nowMs, nowMs);
        if (claimed !== undefined) return "claimed";
        const existing = sql<{ status: DeliveryStatus }>("SELECT status FROM deliveries WHERE key = ?").get(key);
        return existing !== undefined && FINAL_DELIVERY_STATUSES.includes(existing.status) ? "already-sent" : "in-progress";
      }).immediate();
    },

    async markSent(key, messageIds) {
      markSent(key, messageIds);
    },

    async markDelivered(key, { messageIds, chatId, sections, nextRunAt }) {
      db.transaction(() => {
        markSent(key, messageIds);
        markReceived(chatId, sections);
        if (nextRunAt !== undefined) setNextRun(chatId, nextRunAt);
      })();
    },

    async markFailed(key, error) {
      sql(
        `UPDATE deliveries SET status = 'failed', error = ?, claim_until = NULL, updated_at = ?
         WHERE key = ? AND status NOT IN (${finalStatuses})`,
      ).run(error, now(), key);
    },

    async markSkipped(key, reason) {
      sql(
        `UPDATE deliveries SET status = 'skipped', error = ?, claim_until = NULL, updated_at = ?
         WHERE key = ? AND status NOT IN (${finalStatuses})`,
      ).run(reason, now(), key);
    },

    async find(key) {
      const row = sql<DeliveryRow>("SELECT * FROM deliveries WHERE key = ?").get(key);
      return row === undefined ? undefined : toDelivery(row);
    },

    async releaseClaimsOf(instanceId, nowMs) {
      return sql("UPDATE deliveries SET claim_until = ? WHERE status = 'pending' AND claimed_by = ? AND claim_until > ?").run(
        nowMs,
        instanceId,
        nowMs,
      ).changes;
    },

    async countByStatusSince(sinceMs) {
      const counts = emptyDeliveryStatusCounts();
      const rows = sql<{ status: DeliveryStatus; count: number }>(
        "SELECT status, COUNT(*) AS count FROM deliveries WHERE updated_at >= ? GROUP BY status",
      ).all(sinceMs);
      for (const row of rows) counts[row.status] = row.count;
      return counts;
    },
  };

  const receivedSections: ReceivedSectionRepository = {
    async receivedHashes(chatId) {
      const rows = sql<{ section_id: string; section_hash: string }>(
        "SELECT section_id, section_hash FROM received_sections WHERE chat_id = ?",
      ).all(chatId);
      return new Map(rows.map((row) => [row.section_id, row.section_hash]));
    },

    async markReceived(chatId, sections) {
      db.transaction(() => markReceived(chatId, sections))();
    },
  };

  const stats: StatsRepository = {
    async recordInlineChoice(topic) {
      sql(
        "INSERT INTO inline_choices (topic, count) VALUES (?, 1) ON CONFLICT (topic) DO UPDATE SET count = count + 1",
      ).run(topic);
    },

    async topInlineTopics(limit) {
      return sql<{ topic: string; count: number }>(
        "SELECT topic, count FROM inline_choices ORDER BY count DESC, topic LIMIT ?",
      ).all(limit);
    },
  };

  const leases: LeaseRepository = {
    async acquire(name, holder, ttlMs, nowMs) {
      const result = sql(
        `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`,
      ).run(name, holder, nowMs + ttlMs, nowMs);
      return result.changes === 1;
    },

    async release(name, holder) {
      sql("DELETE FROM leases WHERE name = ? AND holder = ?").run(name, holder);
    },

    async holder(name) {
      const row = sql<{ holder: string; expires_at: number }>("SELECT holder, expires_at FROM leases WHERE name = ?").get(name);
      return row === undefined ? undefined : { holder: row.holder, expiresAt: row.expires_at };
    },
  };

  const inbox: InboxRepository = {
    async add(entries, nowMs) {
      const insert = sql(
        "INSERT INTO inbox (update_id, chat_key, payload, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (update_id) DO NOTHING",
      );
      return db.transaction(() => {
        let added = 0;
        for (const entry of entries) added += insert.run(entry.updateId, entry.chatKey, entry.payload, nowMs).changes;
        return added;
      })();
    },

    async claim(holder, claimMs, nowMs, limit) {
      // One statement, so another process cannot take the same rows in between.
      const rows = sql<{ update_id: number; chat_key: string; payload: string; attempts: number }>(
        `UPDATE inbox SET claimed_by = ?, claim_until = ?, attempts = attempts + 1
         WHERE update_id IN (
           SELECT i.update_id FROM inbox i
           WHERE i.handled_at IS NULL AND (i.claim_until IS NULL OR i.claim_until <= ?)
             AND NOT EXISTS (
               SELECT 1 FROM inbox e WHERE e.chat_key = i.chat_key AND e.handled_at IS NULL AND e.update_id < i.update_id)
           ORDER BY i.update_id LIMIT ?)
         RETURNING update_id, chat_key, payload, attempts`,
      ).all(holder, nowMs + claimMs, nowMs, limit);
      return rows.map(inboxEntry).sort((a, b) => a.updateId - b.updateId);
    },

    async markHandled(updateId, nowMs) {
      sql("UPDATE inbox SET handled_at = ?, claim_until = NULL WHERE update_id = ?").run(nowMs, updateId);
    },

    async release(holder, updateIds) {
      if (updateIds === undefined) {
        return sql("UPDATE inbox SET claimed_by = NULL, claim_until = NULL WHERE claimed_by = ? AND handled_at IS NULL").run(
          holder,
        ).changes;
      }
      const release = sql(
        "UPDATE inbox SET claimed_by = NULL, claim_until = NULL WHERE claimed_by = ? AND handled_at IS NULL AND update_id = ?",
      );
      return db.transaction(() => updateIds.reduce((count, id) => count + release.run(holder, id).changes, 0))();
    },

    async countUnhandled() {
      return sql<{ count: number }>("SELECT COUNT(*) AS count FROM inbox WHERE handled_at IS NULL").get()?.count ?? 0;
    },

    async expire(beforeMs) {
      return db.transaction(() => ({
        handled: sql("DELETE FROM inbox WHERE received_at < ? AND handled_at IS NOT NULL").run(beforeMs).changes,
        unhandled: sql("DELETE FROM inbox WHERE received_at < ? AND handled_at IS NULL").run(beforeMs).changes,
      }))();
    },
  };

  const keyValue: KeyValueRepository = {
    async read(key) {
      const row = sql<{ value: string }>("SELECT value FROM key_values WHERE key = ?").get(key);
      return row === undefined ? undefined : (JSON.parse(row.value) as JsonValue);
    },

    async write(key, value) {
      sql(
        `INSERT INTO key_values (key, value, version, updated_at) VALUES (?, ?, 1, ?)
         ON CONFLICT (key) DO UPDATE SET
           value = excluded.value, version = key_values.version + 1, updated_at = excluded.updated_at`,
      ).run(key, JSON.stringify(value), now());
    },

    async delete(key) {
      sql("DELETE FROM key_values WHERE key = ?").run(key);
    },
  };

  return {
    dialect: "sqlite",
    leases,
    chats,
    subscriptions,
    deliveries,
    receivedSections,
    stats,
    keyValue,
    inbox,

    async migrate() {
      db.exec(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version    INTEGER PRIMARY KEY,
           name       TEXT    NOT NULL,
           applied_at INTEGER NOT NULL
         ) STRICT`,
      );
      const applied: string[] = [];
      for (const migration of loadMigrations("sqlite")) {
        // IMMEDIATE: a second process starting at the same time waits, then sees the row and skips.
        db.transaction(() => {
          if (sql("SELECT 1 FROM schema_migrations WHERE version = ?").get(migration.version) !== undefined) return;
          db.exec(migration.sql);
          sql("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
            migration.version,
            migration.name,
            now(),
          );
          applied.push(migration.name);
        }).immediate();
      }
      // A migration may change tables under cached statements.
      if (applied.length > 0) statements.clear();
      return applied;
    },

    async ping() {
      sql("SELECT 1").get();
    },

    async close() {
      if (!db.open) return;
      // Recommended by SQLite before closing a long-lived connection: refreshes planner statistics.
      db.pragma("optimize");
      db.close();
    },
  };
}

function inboxEntry(row: { update_id: number; chat_key: string; payload: string; attempts: number }): InboxEntry {
  return { updateId: row.update_id, chatKey: row.chat_key, payload: row.payload, attempts: row.attempts };
}
