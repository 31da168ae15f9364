/**
 * The `Store` over PostgreSQL through a `pg` Pool, for running several bot instances against one
 * database: claims and migrations stay correct when instances race.
 */
import pg from "pg";
import { loadMigrations } from "./migrations.js";
import type {
  Chat,
  ChatRepository,
  ChatStatus,
  ChatType,
  Delivery,
  DeliveryRepository,
  DeliveryStatus,
  InboxEntry,
  InboxRepository,
  JsonValue,
  KeyValueRepository,
  LeaseRepository,
  ReceivedSectionRepository,
  StatsRepository,
  Store,
  Subscription,
  SubscriptionRepository,
} from "./types.js";
import {
  emptyChatStatusCounts,
  emptyDeliveryStatusCounts,
  FINAL_DELIVERY_STATUSES,
  normalizeTopics,
  uniqueSections,
} from "./values.js";

/** Options of `createPostgresStore`. */
export interface PostgresStoreOptions {
  /**
   * `postgres://user:password@host:port/database`. A `?options=-c%20search_path%3Dname` parameter
   * selects a schema (the tests use it to isolate each run).
   */
  connectionString: string;
  /** Clock for created/updated timestamps; tests pin it. Default `Date.now`. */
  now?: () => number;
  /**
   * Called when an idle pooled connection fails (e.g. the server restarted). The pool drops the
   * connection and reconnects on demand; without a listener `pg` would crash the process.
   */
  onIdleConnectionError?: (error: Error) => void;
}

/** Most connections the pool opens: instances share the server's connection limit. */
const MAX_CONNECTIONS = 10;
/** Arbitrary application-wide key for pg_advisory_lock, so instances migrate one at a time. */
const MIGRATION_LOCK_KEY = 4_817_202_601;

/** BIGINT and COUNT(*) arrive as strings (they may exceed 2^53); ours never do. */
type BigIntText = string | number;

interface ChatRow {
  id: BigIntText;
  type: ChatType;
  language: string;
  time_zone: string;
  status: ChatStatus;
  created_at: BigIntText;
  updated_at: BigIntText;
}

interface SubscriptionRow {
  chat_id: BigIntText;
  topics: string[];
  delivery_time: string;
  time_zone: string;
  paused: boolean;
  message_thread_id: BigIntText | null;
  next_run_at: BigIntText;
  created_at: BigIntText;
  updated_at: BigIntText;
}

interface DeliveryRow {
  key: string;
  chat_id: BigIntText;
  status: DeliveryStatus;
  attempts: number;
  message_ids: number[];
  error: string | null;
  claimed_by: string | null;
  claim_until: BigIntText | null;
  created_at: BigIntText;
  updated_at: BigIntText;
}

function toChat(row: ChatRow): Chat {
  return {
    id: Number(row.id),
    type: row.type,
    language: row.language,
    timeZone: row.time_zone,
    status: row.status,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    chatId: Number(row.chat_id),
    topics: row.topics,
    deliveryTime: row.delivery_time,
    timeZone: row.time_zone,
    paused: row.paused,
    messageThreadId: row.message_thread_id === null ? null : Number(row.message_thread_id),
    nextRunAt: Number(row.next_run_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toDelivery(row: DeliveryRow): Delivery {
  return {
    key: row.key,
    chatId: Number(row.chat_id),
    status: row.status,
    attempts: row.attempts,
    messageIds: row.message_ids,
    error: row.error,
    claimedBy: row.claimed_by,
    claimUntil: row.claim_until === null ? null : Number(row.claim_until),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Creates the pool (connections open lazily). Call `migrate()` before use. */
export function createPostgresStore(options: PostgresStoreOptions): Store {
  const now = options.now ?? Date.now;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: MAX_CONNECTIONS,
  });
  pool.on("error", options.onIdleConnectionError ?? (() => undefined));
  let closed = false;

  async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  const chats: ChatRepository = {
    async upsert(chat) {
      // Nearly every update comes from a chat already stored as it is: a read, no row lock or WAL write.
      const known = (await pool.query<ChatRow>("SELECT * FROM chats WHERE id = $1", [chat.id])).rows[0];
      if (known !== undefined && known.type === chat.type) return toChat(known);
      const { rows } = await pool.query<ChatRow>(
        `INSERT INTO chats (id, type, language, time_zone, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'active', $5, $5)
         ON CONFLICT (id) DO UPDATE SET
           type = EXCLUDED.type,
           updated_at = CASE WHEN chats.type = EXCLUDED.type THEN chats.updated_at ELSE EXCLUDED.updated_at END
         RETURNING *`,
        [chat.id, chat.type, chat.language, chat.timeZone, now()],
      );
      return toChat(rows[0] as ChatRow);
    },

    async get(id) {
      const { rows } = await pool.query<ChatRow>("SELECT * FROM chats WHERE id = $1", [id]);
      return rows[0] === undefined ? undefined : toChat(rows[0]);
    },

    async setStatus(id, status) {
      await pool.query("UPDATE chats SET status = $1, updated_at = $2 WHERE id = $3", [status, now(), id]);
    },

    async setLanguage(id, language) {
      await pool.query("UPDATE chats SET language = $1, updated_at = $2 WHERE id = $3", [language, now(), id]);
    },

    async setTimeZone(id, timeZone) {
      await pool.query("UPDATE chats SET time_zone = $1, updated_at = $2 WHERE id = $3", [timeZone, now(), id]);
    },

    async migrate(oldId, newId) {
      if (oldId === newId) return false;
      return inTransaction(async (client) => {
        // FOR UPDATE: a concurrent migrate or forget of the same chat waits for this one.
        const { rows } = await client.query<ChatRow>("SELECT * FROM chats WHERE id = $1 FOR UPDATE", [oldId]);
        const old = rows[0];
        if (old === undefined) return false;
        await client.query(
          `INSERT INTO chats (id, type, language, time_zone, status, created_at, updated_at)
           VALUES ($1, 'supergroup', $2, $3, $4, $5, $6)
           ON CONFLICT (id) DO UPDATE SET
             type = EXCLUDED.type, language = EXCLUDED.language, time_zone = EXCLUDED.time_zone,
             status = EXCLUDED.status, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at`,
          [newId, old.language, old.time_zone, old.status, old.created_at, now()],
        );
        const oldSubscription = await client.query("SELECT 1 FROM subscriptions WHERE chat_id = $1", [oldId]);
        if (oldSubscription.rowCount !== 0) {
          await client.query("DELETE FROM subscriptions WHERE chat_id = $1", [newId]);
          await client.query("UPDATE subscriptions SET chat_id = $1 WHERE chat_id = $2", [newId, oldId]);
        }
        await client.query("UPDATE deliveries SET chat_id = $1 WHERE chat_id = $2", [newId, oldId]);
        await client.query(
          `INSERT INTO received_sections (chat_id, section_id, section_hash, received_at)
           SELECT $1, section_id, section_hash, received_at FROM received_sections WHERE chat_id = $2
           ON CONFLICT (chat_id, section_id) DO NOTHING`,
          [newId, oldId],
        );
        // Cascades to the old chat's remaining received sections.
        await client.query("DELETE FROM chats WHERE id = $1", [oldId]);
        return true;
      });
    },

    async forget(id) {
      // Subscriptions, deliveries and received sections go by ON DELETE CASCADE.
      await pool.query("DELETE FROM chats WHERE id = $1", [id]);
    },

    async countByStatus() {
      const counts = emptyChatStatusCounts();
      const { rows } = await pool.query<{ status: ChatStatus; count: BigIntText }>(
        "SELECT status, COUNT(*) AS count FROM chats GROUP BY status",
      );
      for (const row of rows) counts[row.status] = Number(row.count);
      return counts;
    },
  };

  const subscriptions: SubscriptionRepository = {
    async get(chatId) {
      const { rows } = await pool.query<SubscriptionRow>("SELECT * FROM subscriptions WHERE chat_id = $1", [chatId]);
      return rows[0] === undefined ? undefined : toSubscription(rows[0]);
    },

    async save(draft) {
      const { rows } = await pool.query<SubscriptionRow>(
        `INSERT INTO subscriptions
           (chat_id, topics, delivery_time, time_zone, paused, message_thread_id, next_run_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (chat_id) DO UPDATE SET
           topics = EXCLUDED.topics, delivery_time = EXCLUDED.delivery_time, time_zone = EXCLUDED.time_zone,
           paused = EXCLUDED.paused, message_thread_id = EXCLUDED.message_thread_id,
           next_run_at = EXCLUDED.next_run_at, updated_at = EXCLUDED.updated_at
         RETURNING *`,
        [
          draft.chatId,
          normalizeTopics(draft.topics),
          draft.deliveryTime,
          draft.timeZone,
          draft.paused === true,
          draft.messageThreadId ?? null,
          draft.nextRunAt,
          now(),
        ],
      );
      return toSubscription(rows[0] as SubscriptionRow);
    },

    async setPaused(chatId, paused) {
      await pool.query("UPDATE subscriptions SET paused = $1, updated_at = $2 WHERE chat_id = $3", [
        paused,
        now(),
        chatId,
      ]);
    },

    async removeTopics(chatId, topics) {
      // One statement, so concurrent edits of the same subscription cannot lose each other's changes.
      const { rows } = await pool.query<SubscriptionRow>(
        `UPDATE subscriptions SET
           topics = ARRAY(
             SELECT kept.topic FROM unnest(topics) WITH ORDINALITY AS kept (topic, position)
             WHERE NOT kept.topic = ANY ($1::text[]) ORDER BY kept.position
           ),
           updated_at = $2
         WHERE chat_id = $3
         RETURNING *`,
        [[...topics], now(), chatId],
      );
      return rows[0] === undefined ? undefined : toSubscription(rows[0]);
    },

    async delete(chatId) {
      await pool.query("DELETE FROM subscriptions WHERE chat_id = $1", [chatId]);
    },

    async findDue(nowMs, limit) {
      const { rows } = await pool.query<SubscriptionRow & { language: string }>(
        `SELECT s.*, c.language
         FROM subscriptions s JOIN chats c ON c.id = s.chat_id
         WHERE NOT s.paused AND s.next_run_at <= $1 AND c.status = 'active'
         ORDER BY s.next_run_at, s.chat_id
         LIMIT $2`,
        [nowMs, limit],
      );
      return rows.map((row) => ({ ...toSubscription(row), language: row.language }));
    },

    async setNextRun(chatId, nextRunAt) {
      await pool.query("UPDATE subscriptions SET next_run_at = $1, updated_at = $2 WHERE chat_id = $3", [
        nextRunAt,
        now(),
        chatId,
      ]);
    },

    async countByTopic() {
      // COLLATE "C": ties sort bytewise, as in SQLite, whatever the database's locale.
      const { rows } = await pool.query<{ topic: string; count: BigIntText }>(
        `SELECT topic, COUNT(*) AS count
         FROM subscriptions s JOIN chats c ON c.id = s.chat_id CROSS JOIN LATERAL unnest(s.topics) AS topic
         WHERE c.status = 'active'
         GROUP BY topic
         ORDER BY count DESC, topic COLLATE "C"`,
      );
      return rows.map((row) => ({ topic: row.topic, count: Number(row.count) }));
    },

    async countByLanguage() {
      const { rows } = await pool.query<{ language: string; count: BigIntText }>(
        `SELECT c.language, COUNT(*) AS count
         FROM subscriptions s JOIN chats c ON c.id = s.chat_id
         WHERE c.status = 'active'
         GROUP BY c.language
         ORDER BY count DESC, c.language COLLATE "C"`,
      );
      return rows.map((row) => ({ language: row.language, count: Number(row.count) }));
    },
  };

  const finalStatuses = [...FINAL_DELIVERY_STATUSES];

  const deliveries: DeliveryRepository = {
    async claim(key, chatId, instanceId, leaseMs, nowMs) {
      // One statement: a racing insert of the same key waits on the unique index, then re-checks
      // the WHERE against the committed row, so exactly one instance gets a row back.
      const claimed = await pool.query(
        `INSERT INTO deliveries
           (key, chat_id, status, attempts, message_ids, claimed_by, claim_until, created_at, updated_at)
         VALUES ($1, $2, 'pending', 1, '[]', $3, $4, $5, $5)
         ON CONFLICT (key) DO UPDATE SET
           status = 'pending', attempts = deliveries.attempts + 1, claimed_by = EXCLUDED.claimed_by,
           claim_until = EXCLUDED.claim_until, updated_at = EXCLUDED.updated_at
         WHERE deliveries.status = 'failed'
            OR (deliveries.status = 'pending' AND deliveries.claim_until <= EXCLUDED.updated_at)
         RETURNING key`,
        [key, chatId, instanceId, nowMs + leaseMs, nowMs],
      );
      if (claimed.rowCount === 1) return "claimed";
      const { rows } = await pool.query<{ status: DeliveryStatus }>("SELECT status FROM deliveries WHERE key = $1", [
        key,
      ]);
      const status = rows[0]?.status;
      return status !== undefined && FINAL_DELIVERY_STATUSES.includes(status) ? "already-sent" : "in-progress";
    },

    async markSent(key, messageIds) {
      await pool.query(
        `UPDATE deliveries SET status = 'sent', message_ids = $1::jsonb, error = NULL, claim_until = NULL, updated_at = $2
         WHERE key = $3`,
        [JSON.stringify(messageIds), now(), key],
      );
    },

    async markDelivered(key, { messageIds, chatId, sections, nextRunAt }) {
      const unique = uniqueSections(sections);
      // One statement, so one round trip and one transaction: the three writes commit together.
      await pool.query(
        `WITH sent AS (
           UPDATE deliveries SET status = 'sent', message_ids = $1::jsonb, error = NULL, claim_until = NULL, updated_at = $2
           WHERE key = $3
         ), received AS (
           INSERT INTO received_sections (chat_id, section_id, section_hash, received_at)
           SELECT $4, section.id, section.hash, $2 FROM unnest($5::text[], $6::text[]) AS section (id, hash)
           ON CONFLICT (chat_id, section_id) DO UPDATE SET
             section_hash = EXCLUDED.section_hash, received_at = EXCLUDED.received_at
         )
         UPDATE subscriptions SET next_run_at = $7, updated_at = $2 WHERE chat_id = $4 AND $7::bigint IS NOT NULL`,
        [
          JSON.stringify(messageIds),
          now(),
          key,
          chatId,
          unique.map((section) => section.sectionId),
          unique.map((section) => section.hash),
          nextRunAt ?? null,
        ],
      );
    },

    async markFailed(key, error) {
      await pool.query(
        `UPDATE deliveries SET status = 'failed', error = $1, claim_until = NULL, updated_at = $2
         WHERE key = $3 AND status <> ALL ($4::text[])`,
        [error, now(), key, finalStatuses],
      );
    },

    async markSkipped(key, reason) {
      await pool.query(
        `UPDATE deliveries SET status = 'skipped', error = $1, claim_until = NULL, updated_at = $2
         WHERE key = $3 AND status <> ALL ($4::text[])`,
        [reason, now(), key, finalStatuses],
      );
    },

    async find(key) {
      const { rows } = await pool.query<DeliveryRow>("SELECT * FROM deliveries WHERE key = $1", [key]);
      return rows[0] === undefined ? undefined : toDelivery(rows[0]);
    },

    async releaseClaimsOf(instanceId, nowMs) {
      const { rowCount } = await pool.query(
        "UPDATE deliveries SET claim_until = $1 WHERE status = 'pending' AND claimed_by = $2 AND claim_until > $1",
        [nowMs, instanceId],
      );
      return rowCount ?? 0;
    },

    async countByStatusSince(sinceMs) {
      const counts = emptyDeliveryStatusCounts();
      const { rows } = await pool.query<{ status: DeliveryStatus; count: BigIntText }>(
        "SELECT status, COUNT(*) AS count FROM deliveries WHERE updated_at >= $1 GROUP BY status",
        [sinceMs],
      );
      for (const row of rows) counts[row.status] = Number(row.count);
      return counts;
    },
  };

  const receivedSections: ReceivedSectionRepository = {
    async receivedHashes(chatId) {
      const { rows } = await pool.query<{ section_id: string; section_hash: string }>(
        "SELECT section_id, section_hash FROM received_sections WHERE chat_id = $1",
        [chatId],
      );
      return new Map(rows.map((row) => [row.section_id, row.section_hash]));
    },

    async markReceived(chatId, sections) {
      const unique = uniqueSections(sections);
      if (unique.length === 0) return;
      // One round trip for the whole batch: the ids and hashes travel as two parallel arrays.
      await pool.query(
        `INSERT INTO received_sections (chat_id, section_id, section_hash, received_at)
         SELECT $1, section.id, section.hash, $4 FROM unnest($2::text[], $3::text[]) AS section (id, hash)
         ON CONFLICT (chat_id, section_id) DO UPDATE SET
           section_hash = EXCLUDED.section_hash, received_at = EXCLUDED.received_at`,
        [chatId, unique.map((section) => section.sectionId), unique.map((section) => section.hash), now()],
      );
    },
  };

  const stats: StatsRepository = {
    async recordInlineChoice(topic) {
      await pool.query(
        `INSERT INTO inline_choices (topic, count) VALUES ($1, 1)
         ON CONFLICT (topic) DO UPDATE SET count = inline_choices.count + 1`,
        [topic],
      );
    },

    async topInlineTopics(limit) {
      const { rows } = await pool.query<{ topic: string; count: BigIntText }>(
        `SELECT topic, count FROM inline_choices ORDER BY count DESC, topic COLLATE "C" LIMIT $1`,
        [limit],
      );
      return rows.map((row) => ({ topic: row.topic, count: Number(row.count) }));
    },
  };

  const leases: LeaseRepository = {
    async acquire(name, holder, ttlMs, nowMs) {
      // One statement: two instances racing for a free lease cannot both win.
      const { rowCount } = await pool.query(
        `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
         WHERE leases.holder = EXCLUDED.holder OR leases.expires_at <= $4`,
        [name, holder, nowMs + ttlMs, nowMs],
      );
      return rowCount === 1;
    },

    async release(name, holder) {
      await pool.query("DELETE FROM leases WHERE name = $1 AND holder = $2", [name, holder]);
    },

    async holder(name) {
      const { rows } = await pool.query<{ holder: string; expires_at: string }>(
        "SELECT holder, expires_at FROM leases WHERE name = $1",
        [name],
      );
      const row = rows[0];
      return row === undefined ? undefined : { holder: row.holder, expiresAt: Number(row.expires_at) };
    },
  };

  const inbox: InboxRepository = {
    async add(entries, nowMs) {
      if (entries.length === 0) return 0;
      const { rowCount } = await pool.query(
        `INSERT INTO inbox (update_id, chat_key, payload, received_at)
         SELECT id, chat_key, payload, $4::bigint FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u (id, chat_key, payload)
         ON CONFLICT (update_id) DO NOTHING`,
        [entries.map((entry) => entry.updateId), entries.map((entry) => entry.chatKey), entries.map((entry) => entry.payload), nowMs],
      );
      return rowCount ?? 0;
    },

    async claim(holder, claimMs, nowMs, limit) {
      // SKIP LOCKED: instances claiming at the same moment take different rows instead of waiting.
      const { rows } = await pool.query<{ update_id: string; chat_key: string; payload: string; attempts: number }>(
        `UPDATE inbox SET claimed_by = $1, claim_until = $2, attempts = attempts + 1
         WHERE update_id IN (
           SELECT i.update_id FROM inbox i
           WHERE i.handled_at IS NULL AND (i.claim_until IS NULL OR i.claim_until <= $3)
             AND NOT EXISTS (
               SELECT 1 FROM inbox e WHERE e.chat_key = i.chat_key AND e.handled_at IS NULL AND e.update_id < i.update_id)
           ORDER BY i.update_id LIMIT $4
           FOR UPDATE SKIP LOCKED)
         RETURNING update_id, chat_key, payload, attempts`,
        [holder, nowMs + claimMs, nowMs, limit],
      );
      return rows.map(inboxEntry).sort((a, b) => a.updateId - b.updateId);
    },

    async markHandled(updateId, nowMs) {
      await pool.query("UPDATE inbox SET handled_at = $1, claim_until = NULL WHERE update_id = $2", [nowMs, updateId]);
    },

    async release(holder, updateIds) {
      const { rowCount } =
        updateIds === undefined
          ? await pool.query(
              "UPDATE inbox SET claimed_by = NULL, claim_until = NULL WHERE claimed_by = $1 AND handled_at IS NULL",
              [holder],
            )
          : await pool.query(
              `UPDATE inbox SET claimed_by = NULL, claim_until = NULL
               WHERE claimed_by = $1 AND handled_at IS NULL AND update_id = ANY($2::bigint[])`,
              [holder, [...updateIds]],
            );
      return rowCount ?? 0;
    },

    async countUnhandled() {
      const { rows } = await pool.query<{ count: string }>("SELECT COUNT(*) AS count FROM inbox WHERE handled_at IS NULL");
      return Number(rows[0]?.count ?? 0);
    },

    async expire(beforeMs) {
      const { rows } = await pool.query<{ handled: boolean; count: string }>(
        `WITH gone AS (DELETE FROM inbox WHERE received_at < $1 RETURNING handled_at IS NOT NULL AS handled)
         SELECT handled, COUNT(*) AS count FROM gone GROUP BY handled`,
        [beforeMs],
      );
      const count = (handled: boolean): number => Number(rows.find((row) => row.handled === handled)?.count ?? 0);
      return { handled: count(true), unhandled: count(false) };
    },
  };

  const keyValue: KeyValueRepository = {
    async read(key) {
      const { rows } = await pool.query<{ value: JsonValue }>("SELECT value FROM key_values WHERE key = $1", [key]);
      return rows[0]?.value;
    },

    async write(key, value) {
      await pool.query(
        `INSERT INTO key_values (key, value, version, updated_at) VALUES ($1, $2::json, 1, $3)
         ON CONFLICT (key) DO UPDATE SET
           value = EXCLUDED.value, version = key_values.version + 1, updated_at = EXCLUDED.updated_at`,
        [key, JSON.stringify(value), now()],
      );
    },

    async delete(key) {
      await pool.query("DELETE FROM key_values WHERE key = $1", [key]);
    },
  };

  return {
    dialect: "postgres",
    leases,
    chats,
    subscriptions,
    deliveries,
    receivedSections,
    stats,
    keyValue,
    inbox,

    async migrate() {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        // Session-level lock held across the per-migration transactions; a second instance waits here.
        await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
        try {
          await client.query(
            `CREATE TABLE IF NOT EXISTS schema_migrations (
               version    INTEGER PRIMARY KEY,
               name       TEXT    NOT NULL,
               applied_at BIGINT  NOT NULL
             )`,
          );
          const { rows } = await client.query<{ version: number }>("SELECT version FROM schema_migrations");
          const done = new Set(rows.map((row) => row.version));
          const applied: string[] = [];
          for (const migration of loadMigrations("postgres")) {
            if (done.has(migration.version)) continue;
            try {
              await client.query("BEGIN");
              await client.query(migration.sql);
              await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
                migration.version,
                migration.name,
                now(),
              ]);
              await client.query("COMMIT");
            } catch (error) {
              await client.query("ROLLBACK").catch(() => undefined);
              throw new Error(`Migration ${migration.name} failed`, { cause: error });
            }
            applied.push(migration.name);
          }
          return applied;
        } finally {
          await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch((error: Error) => {
            broken = error;
          });
        }
      } finally {
        // A connection that could not unlock is destroyed, which releases the lock server-side.
        client.release(broken);
      }
    },

    async ping() {
      await pool.query("SELECT 1");
    },

    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

function inboxEntry(row: { update_id: string; chat_key: string; payload: string; attempts: number }): InboxEntry {
  return { updateId: Number(row.update_id), chatKey: row.chat_key, payload: row.payload, attempts: row.attempts };
}
