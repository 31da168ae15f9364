/**
 * The application without the process around it: content, translations, bot and the way updates
 * arrive. `main.ts` adds the environment, the sandbox and signal handling; tests and the sandbox
 * start exactly this.
 */
import { run, type RunnerHandle } from "@grammyjs/runner";
import { fileURLToPath } from "node:url";
import { registerCommands } from "./bot/commands.js";
import { createBot } from "./bot/create-bot.js";
import { createI18n } from "./bot/i18n.js";
import { loadLibrary, type ContentLibrary } from "./content/library.js";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";
import { createStore, type Store } from "./store/index.js";

/** Update types the bot handles; Telegram sends only these. */
export const ALLOWED_UPDATES = ["message", "callback_query", "inline_query", "chosen_inline_result", "my_chat_member"] as const;

/** The translations shipped with the bot. */
const LOCALES_DIR = fileURLToPath(new URL("../locales", import.meta.url));

/** Raised when the bot cannot start at all, with a message meant for the operator. */
export class StartupError extends Error {
  override name = "StartupError";
}

export interface App {
  /** Stops taking updates, lets the ones in flight finish, and resolves when done. */
  stop(): Promise<void>;
}

/** The bot username, once started; useful for banners. */
export interface StartedApp extends App {
  username: string;
}

/** Loads the seeds; reports each unusable file and refuses to go on with none usable. */
export async function loadContent(seedsDir: string, logger: Logger): Promise<ContentLibrary> {
  const library = await loadLibrary(seedsDir);
  for (const problem of library.problems) {
    logger.warn({ file: problem.file }, `seed skipped: ${problem.file}: ${problem.reason}`);
  }
  if (library.documents.length === 0) {
    const details = library.problems.map((problem) => `\n  - ${problem.file}: ${problem.reason}`).join("");
    throw new StartupError(`No usable document in ${seedsDir}: add a .txt or .md file.${details}`);
  }
  logger.info({ documents: library.documents.length, sections: library.sections().length }, "content loaded");
  return library;
}

/** Opens the store and brings its schema up to date; says clearly when the database is unusable. */
async function openStore(config: Config, logger: Logger): Promise<Store> {
  let store: Store;
  try {
    store = createStore(config);
    const applied = await store.migrate();
    if (applied.length > 0) logger.info({ migrations: applied }, "database migrated");
    return store;
  } catch (error) {
    const where = config.databaseUrl === undefined ? config.databasePath : "DATABASE_URL";
    throw new StartupError(`Cannot open the database (${where}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Starts the bot with long polling through @grammyjs/runner. */
export async function startApp(
  config: Config & { botToken: string },
  logger: Logger,
): Promise<StartedApp> {
  const library = await loadContent(config.seedsDir, logger);
  const store = await openStore(config, logger);
  const i18n = createI18n(LOCALES_DIR);
  const bot = createBot({
    token: config.botToken,
    apiRoot: config.botApiRoot,
    i18n,
    library: () => library,
    store,
    logger,
  });
  try {
    await bot.init();
  } catch (error) {
    await store.close();
    throw error;
  }
  try {
    await registerCommands(bot.api, i18n);
  } catch (error) {
    // The menu is a convenience: a failure here must not keep the bot from answering.
    logger.warn({ err: error }, "could not register the command menu");
  }
  const runner: RunnerHandle = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } });
  logger.info({ username: bot.botInfo.username }, "bot started (long polling)");
  return {
    username: bot.botInfo.username,
    async stop() {
      if (runner.isRunning()) await runner.stop();
      // Closed last: updates still in flight above may write to it.
      await store.close();
    },
  };
}
