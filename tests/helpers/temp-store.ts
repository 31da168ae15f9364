/** A real SQLite store in a fresh temp folder for each test, removed afterwards. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { createStore, type Store } from "../../src/store/index.js";

/** Opens (and migrates) a store before each test and deletes it after; read `.store` inside tests. */
export function useTempStore(prefix: string): { readonly store: Store } {
  let folder = "";
  let store: Store | undefined;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), prefix));
    store = createStore({ databasePath: join(folder, "bot.sqlite") });
    await store.migrate();
  });
  afterEach(async () => {
    await store?.close();
    await rm(folder, { recursive: true, force: true });
  });
  return {
    get store() {
      if (store === undefined) throw new Error("the temp store is open only inside a test");
      return store;
    },
  };
}
