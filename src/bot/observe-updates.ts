/** The outermost middleware: one log line and the metrics for every update, with its latency. */
import type { Context, MiddlewareFn } from "grammy";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";

/** The update's type: the one field besides update_id ("message", "callback_query", …). */
export function updateType(ctx: Context): string {
  return Object.keys(ctx.update).find((key) => key !== "update_id") ?? "unknown";
}

export function observeUpdates(logger: Logger, metrics?: Metrics): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const started = performance.now();
    const type = updateType(ctx);
    let outcome = "ok";
    try {
      await next();
    } catch (error) {
      outcome = "error";
      throw error;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      metrics?.updatesHandled.inc({ type, outcome });
      metrics?.handlerSeconds.observe({ type }, seconds);
      // Ids only: message texts are the users' business, not the log's.
      logger.info(
        { updateId: ctx.update.update_id, type, chatId: ctx.chat?.id, userId: ctx.from?.id, ms: Math.round(seconds * 1000), outcome },
        "update",
      );
    }
  };
}
