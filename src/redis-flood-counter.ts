/**
 * Flood protection counted in Redis, so several instances behind a load balancer share one count
 * per user. A Redis outage must not take the bot down: a count that fails lets the update through.
 */
import { Redis } from "ioredis";
import type { FloodCounter } from "./bot/create-bot.js";
import type { Logger } from "./logger.js";

/** How long a count may take before the update goes through uncounted (ms). */
const COMMAND_TIMEOUT_MS = 500;
/** After a failed count, further failures are logged at most this often (ms). */
const FAILURE_LOG_INTERVAL_MS = 60_000;

export interface RedisFloodCounter extends FloodCounter {
  /** Rejects when Redis does not answer (checked once at start). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createRedisFloodCounter(url: string, logger: Logger): RedisFloodCounter {
  const client = new Redis(url, { commandTimeout: COMMAND_TIMEOUT_MS, maxRetriesPerRequest: 1, lazyConnect: true });
  let lastFailureLogAt = -Infinity;
  const failed = (error: unknown): number => {
    if (Date.now() - lastFailureLogAt >= FAILURE_LOG_INTERVAL_MS) {
      lastFailureLogAt = Date.now();
      logger.warn({ err: error }, "flood protection: Redis did not answer; letting updates through");
    }
    return 0;
  };
  // ioredis reconnects by itself; without a listener its connection errors would be unhandled.
  client.on("error", (error: unknown) => failed(error));
  return {
    incr: (key) => client.incr(key).catch(failed),
    pexpire: (key, milliseconds) => client.pexpire(key, milliseconds).catch(failed),
    async ping() {
      await client.connect();
      await client.ping();
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
