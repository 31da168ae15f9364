/**
 * Long polling into the inbox. Updates are confirmed to Telegram by the offset of the next
 * getUpdates call, and that call is made only after the previous batch is stored, so an update
 * in memory when the process dies is fetched again (and recognised by its id) after the restart.
 *
 * This loop replaces @grammyjs/runner's fetcher: the runner confirms a batch as soon as it fetched
 * it and its retries grow to minutes; here a failed call is retried within seconds, so updates
 * flow again soon after the Bot API recovers.
 */
import { GrammyError, type Api } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.js";
import { sleep } from "../sleep.js";
import type { UpdateInbox } from "./inbox.js";

/** Telegram's upper bound of updates per getUpdates call. */
const BATCH_LIMIT = 100;
/** How long one getUpdates call waits for updates (s). */
const POLL_TIMEOUT_SECONDS = 30;
/** First wait after a failed getUpdates (ms); doubles up to the maximum. */
const RETRY_INITIAL_MS = 250;
/**
 * Longest wait between failed getUpdates calls (ms): short, so updates flow within seconds of the
 * Bot API answering again. A failing call costs Telegram one cheap request per second.
 */
const RETRY_MAX_MS = 1_000;
/** A 409 (another instance polls, or a webhook is set) is retried this slowly (ms). */
const CONFLICT_RETRY_MS = 5_000;

export interface LongPollingOptions {
  /** An Api without auto-retry: this loop does its own, bounded, retrying. */
  api: Api;
  inbox: UpdateInbox;
  allowedUpdates: ReadonlyArray<Exclude<keyof Update, "update_id">>;
  logger: Logger;
}

export interface LongPolling {
  /** Stops fetching: aborts the held getUpdates call; resolves when the loop has ended. */
  stop(): Promise<void>;
}

export function startLongPolling(options: LongPollingOptions): LongPolling {
  const { api, inbox, logger } = options;
  const controller = new AbortController();
  const { signal } = controller;

  async function loop(): Promise<void> {
    let offset = 0;
    let retryMs = RETRY_INITIAL_MS;
    let failing = false;
    while (!signal.aborted) {
      try {
        await inbox.waitForRoom(signal);
        if (signal.aborted) break;
        const updates = await api.getUpdates(
          { offset, limit: BATCH_LIMIT, timeout: POLL_TIMEOUT_SECONDS, allowed_updates: options.allowedUpdates },
          signal as Parameters<Api["getUpdates"]>[1],
        );
        if ((await inbox.accept(updates)) === "full") continue;
        const last = updates.at(-1);
        if (last !== undefined) offset = last.update_id + 1;
        if (failing) logger.info("long polling: the Bot API answers again");
        failing = false;
        retryMs = RETRY_INITIAL_MS;
      } catch (error) {
        if (signal.aborted) break;
        const waitMs = failureWait(error, retryMs);
        if (!failing) logger.warn({ err: describe(error), retryMs: waitMs }, "long polling: getUpdates failed; retrying");
        failing = true;
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        await sleep(waitMs, signal);
      }
    }
  }

  const done = loop();
  return {
    async stop() {
      controller.abort();
      await done;
    },
  };
}

/** How long to wait after a failed call: what a 429 asks, slow for a 409, else the backoff. */
function failureWait(error: unknown, retryMs: number): number {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) return (error.parameters.retry_after ?? 1) * 1_000;
    if (error.error_code === 409) return CONFLICT_RETRY_MS;
  }
  return retryMs;
}

function describe(error: unknown): string {
  if (error instanceof GrammyError) return `${error.error_code} ${error.description}`;
  // grammY's HttpError message names the method, never the URL with the token.
  return error instanceof Error ? error.message : String(error);
}
