/**
 * Bulk setup for the digest benchmark: chats and their subscriptions, all due at the same instant,
 * written straight into a migrated schema (SQLite or PostgreSQL).
 *
 * Direct SQL, for the benchmark's setup only: the store has no bulk method, and a million
 * `chats.upsert` + `subscriptions.save` calls (two statements and a transaction each) would measure
 * the loader, not the broadcast. The rows are what those two calls would write.
 */
import Database from "better-sqlite3";
import pg from "pg";

/** Topic lists the subscribers rotate through, so each private digest is one message of realistic size. */
export const TOPIC_CHOICES: readonly string[][] = [["space", "arctic"], ["trade"], ["tech", "orgs"], ["overview"]];
export const TIME_ZONES: readonly string[] = ["Europe/Moscow", "Asia/Kathmandu", "Europe/Minsk", "Asia/Shanghai"];

/** One chat with its subscription. */
export interface BenchChat {
  id: number;
  type: "private" | "group" | "supergroup";
  language: string;
  timeZone: string;
  topics: readonly string[];
}

/** `count` private chats from `firstId` on, the subscription fields rotating through the lists above. */
export function privateChats(firstId: number, count: number): Generator<BenchChat> {
  return (function* generate() {
    for (let index = 0; index < count; index += 1) {
      yield {
        id: firstId + index,
        type: "private",
        language: index % 2 === 0 ? "ru" : "en",
        timeZone: TIME_ZONES[index % TIME_ZONES.length] ?? "UTC",
        topics: TOPIC_CHOICES[index % TOPIC_CHOICES.length] ?? ["overview"],
      };
    }
  })();
}

/** Writes the chats and subscriptions (due at `dueAt`, delivery time 08:00) into a migrated SQLite file. */
export function fillSqlite(path: string, chats: Iterable<BenchChat>, dueAt: number): number {
  const db = new Database(path);
  let count = 0;
  try {
    const insertChat = db.prepare(
      "INSERT INTO chats (id, type, language, time_zone, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'active', ?, ?)",
    );
    const insertSubscription = db.prepare(
      `INSERT INTO subscriptions (chat_id, topics, delivery_time, time_zone, paused, next_run_at, created_at, updated_at)
       VALUES (?, ?, '08:00', ?, 0, ?, ?, ?)`,
    );
    const created = Date.now();
    db.transaction(() => {
      for (const chat of chats) {
        insertChat.run(chat.id, chat.type, chat.language, chat.timeZone, created, created);
        insertSubscription.run(chat.id, JSON.stringify([...chat.topics].sort()), chat.timeZone, dueAt, created, created);
        count += 1;
      }
    })();
  } finally {
    db.close();
  }
  return count;
}

/** Rows per multi-row INSERT into PostgreSQL (through unnest, so one statement has four parameters). */
const POSTGRES_BATCH = 20_000;

/** The same into a migrated PostgreSQL schema (`url` carries the search_path). */
export async function fillPostgres(url: string, chats: Iterable<BenchChat>, dueAt: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let count = 0;
  try {
    const created = Date.now();
    let batch: BenchChat[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const ids = batch.map((chat) => chat.id);
      await client.query(
        `INSERT INTO chats (id, type, language, time_zone, status, created_at, updated_at)
         SELECT id, type, language, time_zone, 'active', $5, $5
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS t(id, type, language, time_zone)`,
        [ids, batch.map((chat) => chat.type), batch.map((chat) => chat.language), batch.map((chat) => chat.timeZone), created],
      );
      // Topics as a JSON array per row: a text[] of text[] is not ragged-safe through unnest.
      await client.query(
        `INSERT INTO subscriptions (chat_id, topics, delivery_time, time_zone, paused, next_run_at, created_at, updated_at)
         SELECT id, ARRAY(SELECT jsonb_array_elements_text(topics::jsonb)), '08:00', time_zone, FALSE, $4, $5, $5
         FROM unnest($1::bigint[], $2::text[], $3::text[]) AS t(id, topics, time_zone)`,
        [ids, batch.map((chat) => JSON.stringify([...chat.topics].sort())), batch.map((chat) => chat.timeZone), dueAt, created],
      );
      count += batch.length;
      batch = [];
    };
    await client.query("BEGIN");
    for (const chat of chats) {
      batch.push(chat);
      if (batch.length >= POSTGRES_BATCH) await flush();
    }
    await flush();
    await client.query("COMMIT");
    await client.query("ANALYZE chats; ANALYZE subscriptions");
  } finally {
    await client.end();
  }
  return count;
}
