/**
 * `src/store/`: persistence behind repository interfaces (`types.ts`), in SQLite or PostgreSQL,
 * with numbered migrations per engine in `migrations/`.
 *
 * Entry point of the persistence layer: `createStore(config)` and the repository contract.
 * Import from here, not from the implementation files.
 */
import { createPostgresStore } from "./postgres-store.js";
import { createSqliteStore } from "./sqlite-store.js";
import type { Store } from "./types.js";

export type * from "./types.js";
export { typedStorage, type TypedStorage } from "./typed-storage.js";

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

/** What `createStore` needs from the app config. */
export interface StoreConfig {
  /** A postgres:// or postgresql:// URL selects PostgreSQL; empty or absent selects SQLite. */
  databaseUrl?: string;
  /** SQLite file, required when `databaseUrl` is absent (the config's DATABASE_PATH, with its default). */
  databasePath?: string;
  /** Clock for created/updated timestamps; tests pin it. Default `Date.now`. */
  now?: () => number;
  /** PostgreSQL only: an idle pooled connection failed; the pool recovers by itself. */
  onIdleConnectionError?: (error: Error) => void;
}

/**
 * Opens the store the config asks for: PostgreSQL for a postgres URL, else a SQLite file.
 * Nothing is created in the database until `migrate()`, which the caller runs once at start.
 *
 * @throws Error for a `databaseUrl` that is set but not a postgres URL, rather than silently
 *   falling back to SQLite on a typo.
 */
export function createStore(config: StoreConfig): Store {
  const databaseUrl = config.databaseUrl?.trim() ?? "";
  if (POSTGRES_URL.test(databaseUrl)) {
    return createPostgresStore({
      connectionString: databaseUrl,
      now: config.now,
      onIdleConnectionError: config.onIdleConnectionError,
    });
  }
  if (databaseUrl !== "") {
    throw new Error("DATABASE_URL must start with postgres:// or postgresql:// (leave it empty for SQLite)");
  }
  if (config.databasePath === undefined) throw new Error("a SQLite store needs databasePath (DATABASE_PATH)");
  return createSqliteStore({ path: config.databasePath, now: config.now });
}
