/**
 * The entry point and the only place that starts anything: config -> content -> bot -> updates,
 * and the one shutdown path. Without BOT_TOKEN it opens the offline sandbox instead.
 */
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
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }

  if (config.botToken === undefined) {
    await runSandbox(config, { input: process.stdin, output: process.stdout });
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
    if (error instanceof StartupError) return fail(redactSecrets(error.message, [config.botToken]));
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

function fail(message: string): void {
  console.error(message);
  process.exitCode = 1;
}

await main();
