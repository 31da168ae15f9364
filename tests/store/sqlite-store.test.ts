import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteStore } from "../../src/store/sqlite-store.js";
import type { Store } from "../../src/store/index.js";
import { defineStoreSuite } from "./repository-suite.js";

/** A real database file in its own temp folder, as in production. */
defineStoreSuite("SQLite store", async () => {
  const folder = await mkdtemp(join(tmpdir(), "briefing-store-"));
  const path = join(folder, "briefing.sqlite");
  const opened: Store[] = [];
  return {
    open(now) {
      const store = createSqliteStore({ path, now });
      opened.push(store);
      return store;
    },
    async destroy() {
      for (const store of opened) await store.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
});

describe("SQLite store file", () => {
  let folder: string | undefined;

  afterEach(async () => {
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  it("creates the parent folder on first start and uses WAL with foreign keys", async () => {
    folder = await mkdtemp(join(tmpdir(), "briefing-store-"));
    const path = join(folder, "nested", "data", "briefing.sqlite");
    const store = createSqliteStore({ path });
    await store.migrate();
    await store.close();

    expect((await stat(path)).isFile()).toBe(true);
    // Inspect the file the way an operator would, with a separate connection.
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
      expect(tables).toEqual([
        "chats",
        "deliveries",
        "inbox",
        "inline_choices",
        "key_values",
        "leases",
        "received_sections",
        "schema_migrations",
        "subscriptions",
      ]);
      expect(db.prepare("SELECT version, name FROM schema_migrations").all()).toEqual([
        { version: 1, name: "001_initial" },
        { version: 2, name: "002_leases" },
        { version: 3, name: "003_inbox" },
      ]);
    } finally {
      db.close();
    }
  });

  it("plans findDue as a range scan over the partial due index", async () => {
    folder = await mkdtemp(join(tmpdir(), "briefing-store-"));
    const path = join(folder, "briefing.sqlite");
    const store = createSqliteStore({ path });
    await store.migrate();
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      const plan = db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT s.*, c.language FROM subscriptions s JOIN chats c ON c.id = s.chat_id
           WHERE s.paused = 0 AND s.next_run_at <= ? AND c.status = 'active' ORDER BY s.next_run_at, s.chat_id LIMIT ?`,
        )
        .all(0, 10) as Array<{ detail: string }>;
      const details = plan.map((step) => step.detail).join("\n");
      expect(details).toContain("USING INDEX subscriptions_due");
      expect(details).not.toContain("TEMP B-TREE");
    } finally {
      db.close();
    }
  });
});
