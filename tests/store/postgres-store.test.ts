import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createStore } from "../../src/store/index.js";
import type { Store } from "../../src/store/index.js";
import { defineStoreSuite } from "./repository-suite.js";

const databaseUrl = process.env.TEST_DATABASE_URL;

if (databaseUrl === undefined || databaseUrl === "") {
  console.info("TEST_DATABASE_URL is not set: skipping the PostgreSQL store tests.");
}

/** The test database URL pointed at one schema, through the connection's search_path. */
function urlForSchema(url: string, schema: string): string {
  const withSchema = new URL(url);
  withSchema.searchParams.set("options", `-c search_path=${schema}`);
  return withSchema.toString();
}

/** Each test gets its own schema `t_<random>`, dropped afterwards, so runs never see each other. */
defineStoreSuite(
  "PostgreSQL store",
  async () => {
    const url = databaseUrl as string;
    const schema = `t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const opened: Store[] = [];
    return {
      open(now) {
        const store = createStore({ databaseUrl: urlForSchema(url, schema), databasePath: "unused", now });
        opened.push(store);
        return store;
      },
      async destroy() {
        for (const store of opened) await store.close();
        const cleanup = new pg.Client({ connectionString: url });
        await cleanup.connect();
        await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
        await cleanup.end();
      },
    };
  },
  { skipReason: databaseUrl === undefined || databaseUrl === "" ? "TEST_DATABASE_URL is not set" : undefined },
);

describe.skipIf(databaseUrl === undefined || databaseUrl === "")("PostgreSQL store schema", () => {
  it("creates the due index as a partial index over unpaused subscriptions", async () => {
    const url = databaseUrl as string;
    const schema = `t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
      const store = createStore({ databaseUrl: urlForSchema(url, schema) });
      await store.migrate();
      await store.close();
      const { rows } = await admin.query<{ indexdef: string }>(
        "SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'subscriptions_due'",
        [schema],
      );
      expect(rows[0]?.indexdef).toMatch(/\(next_run_at, chat_id\) WHERE \(NOT paused\)/);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });
});
