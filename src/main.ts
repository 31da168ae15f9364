/**
 * The entry point and the only place that starts anything: config -> content -> bot -> updates,
 * and the one shutdown path. Without BOT_TOKEN it opens the offline sandbox instead.
 */
import { statSync } from "node:fs";
import { config as loadDotenv } from "dotenv";
import { ConfigError, parseConfig, type Config } from "./config.js";
import { startApp, StartupError, type App } from "./app.js";
import { createLogger, redactSecrets } from "./logger.js";
import { runSandbox } from "./sandbox/sandbox.js";

/** How long shutdown may take before the process exits anyway (ms). */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  let config: Config;
  try {
    config = parseConfig(process.env, { folderExists: (path) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true });
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }

  if (config.botToken === undefined) {
    try {
      await runSandbox(config, { input: process.stdin, output: process.stdout });
    } catch (error) {
      const sentence = startFailure(error, config);
      if (sentence === undefined) throw error;
      fail(sentence);
    }
    return;
  }

  const logger = createLogger({
    level: config.logLevel,
    pretty: config.prettyLogs,
    secrets: [config.botToken],
  });
  let app: App;
  try {
    app = await startApp({ ...config, botToken: config.botToken }, logger);
  } catch (error) {
    const sentence = startFailure(error, config);
    if (sentence !== undefined) return fail(redactSecrets(sentence, [config.botToken]));
    logger.fatal({ err: error }, "could not start");
    process.exitCode = 1;
    return;
  }

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    app.stop().then(
      () => logger.info("stopped"),
      (error: unknown) => {
        logger.error({ err: error }, "error while stopping");
        process.exitCode = 1;
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

/**
 * The sentence for a start that failed for a reason the operator can fix (a StartupError, a busy
 * port, a missing or unreadable file); undefined for anything else, which is a bug and keeps its stack.
 */
function startFailure(error: unknown, config: Config): string | undefined {
  if (error instanceof StartupError) return error.message;
  if (!(error instanceof Error) || !("code" in error)) return undefined;
  const path = "path" in error && typeof error.path === "string" ? error.path : undefined;
  switch (error.code) {
    case "EADDRINUSE":
      return `PORT ${config.port} is already in use by another program: stop it, or set PORT to a free port (0 picks one).`;
    case "EACCES":
      return path === undefined
        ? `PORT ${config.port} may not be opened by this user: set PORT to a number above 1023.`
        : `Cannot read ${path}: permission denied.`;
    case "ENOENT":
      return path === undefined ? undefined : `${path} does not exist: check SEEDS_DIR and DATABASE_PATH.`;
    default:
      return undefined;
  }
}

function fail(message: string): void {
  console.error(message);
  process.exitCode = 1;
}

await main();
