import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createStore } from "../../src/store/index.js";

describe("createStore", () => {
  it("opens SQLite at the configured path when no database URL is set", async () => {
    const folder = await mkdtemp(join(tmpdir(), "briefing-store-"));
    try {
      const path = join(folder, "data", "briefing.sqlite");
      for (const databaseUrl of [undefined, "", "  "]) {
        const store = createStore({ databaseUrl, databasePath: path });
        expect(store.dialect).toBe("sqlite");
        await store.migrate();
        await store.close();
      }
      expect((await stat(path)).isFile()).toBe(true);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("picks PostgreSQL for postgres:// and postgresql:// URLs without connecting yet", async () => {
    for (const databaseUrl of ["postgres://u@127.0.0.1:1/db", "postgresql://u@127.0.0.1:1/db", "POSTGRES://u@127.0.0.1:1/db"]) {
      const store = createStore({ databaseUrl, databasePath: "unused" });
      expect(store.dialect).toBe("postgres");
      await store.close();
    }
  });

  it("refuses a database URL it does not understand instead of falling back to SQLite", () => {
    expect(() => createStore({ databaseUrl: "mysql://localhost/db", databasePath: "x" })).toThrow(/postgres:\/\//);
    expect(() => createStore({ databaseUrl: "postgress://localhost/db", databasePath: "x" })).toThrow();
  });

  it("asks for a SQLite path rather than choosing one itself (the config's DATABASE_PATH has the default)", () => {
    expect(() => createStore({})).toThrow(/databasePath/u);
  });
});
