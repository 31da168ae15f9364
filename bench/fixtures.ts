/**
 * What the bot and webhook benchmarks share: the real bot's dependencies (seed library, locales,
 * a silent logger), a fixed identity, and an API transformer that answers every call locally.
 */
import { fileURLToPath } from "node:url";
import type { Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { createI18n } from "../src/bot/i18n.js";
import { loadLibrary, type ContentLibrary } from "../src/content/library.js";
import { createLogger, type Logger } from "../src/logger.js";
import { createDeliverer } from "../src/digest/deliver.js";
import { createScheduler, type DigestService } from "../src/digest/scheduler.js";
import { createStore, type Store } from "../src/store/index.js";
import { DEFAULT_BOT } from "../src/telegram-emulator/index.js";

export const SEEDS_DIR = fileURLToPath(new URL("../seeds/", import.meta.url));
// No trailing slash: @grammyjs/i18n derives the locale name from the path after the folder.

/** The emulator's default bot, so one identity serves the local transformer and the emulator alike. */
export const BENCH_TOKEN = DEFAULT_BOT.token;

export const BENCH_BOT_INFO: UserFromGetMe = {
  id: DEFAULT_BOT.id,
  is_bot: true,
  first_name: DEFAULT_BOT.first_name,
  username: DEFAULT_BOT.username,
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

/** One outgoing Bot API call as the transformer saw it. */
export interface BenchCall {
  method: string;
  payload: Record<string, unknown>;
}

/**
 * Answers every Bot API call in-process, as Telegram would on success, without serializing or
 * sending anything: what remains is the bot's own work. `onCall` sees each call (to capture a reply).
 */
export function localApi(onCall?: (call: BenchCall) => void): Transformer {
  let messageId = 0;
  return async (_previous, method, payload) => {
    const call = { method, payload: payload as Record<string, unknown> };
    onCall?.(call);
    const result =
      method === "sendMessage"
        ? { message_id: ++messageId, date: 0, chat: { id: call.payload.chat_id, type: "private" }, text: call.payload.text }
        : true;
    return { ok: true, result } as never;
  };
}

/**
 * An in-memory SQLite store, migrated: the bot always has a store, and this one costs no disk I/O,
 * so it stands for "the bot without its database" in the figures.
 */
export async function memoryStore(): Promise<Store> {
  const store = createStore({ databasePath: ":memory:" });
  await store.migrate();
  return store;
}

/**
 * The real digest scheduler for a benchmark's bot (`/digest`), with no cron: the benchmarks that
 * build a bot measure updates, not digests, so its Bot API is answered like the bot's.
 */
export function benchDigest(store: Store, library: ContentLibrary): DigestService {
  const i18n = createBenchI18n();
  return createScheduler({
    store,
    library: () => library,
    deliverer: createDeliverer({ token: BENCH_TOKEN, client: { apiRoot: "http://127.0.0.1:9" }, logger: silentLogger() }),
    translate: (locale, key, variables) => i18n.t(locale, key, variables),
    instanceId: "bench",
    logger: silentLogger(),
    cron: false,
  });
}

export function silentLogger(): Logger {
  return createLogger({ level: "silent", pretty: false, secrets: [] });
}

/** The real seed library; the benchmarks refuse to run on an empty one. */
export async function loadSeedLibrary(): Promise<ContentLibrary> {
  const library = await loadLibrary(SEEDS_DIR);
  if (library.documents.length === 0) throw new Error(`no documents in ${SEEDS_DIR}`);
  return library;
}

export const createBenchI18n = () => createI18n();
