/**
 * Who schedules: with several instances only the holder of the scheduling lease runs the daily
 * ticks, so the overall sending pace holds across instances (`/digest` works everywhere).
 */
import type { Logger } from "../logger.js";

/** A lease-backed right to run the daily ticks (see `LeaseRepository`). */
export interface Leadership {
  /** Takes or renews the lease; false when another instance holds it. */
  acquire(): Promise<boolean>;
  /** Gives it up (shutdown), so another instance takes over at once. */
  release(): Promise<void>;
  /** How often a running tick renews the lease, in ms: well under the lease's lifetime. */
  renewEveryMs: number;
}

/**
 * Runs `work` if this instance holds the lease, renewing it meanwhile; `work`'s signal aborts when
 * another instance takes the lease over. Without the lease, resolves `idle` and runs nothing.
 */
export async function whileLeading<T>(leadership: Leadership, logger: Logger, idle: T, work: (lost: AbortSignal) => Promise<T>): Promise<T> {
  if (!(await leadership.acquire())) return idle;
  const lost = new AbortController();
  const renewal = setInterval(() => {
    leadership.acquire().then(
      (held) => {
        if (held) return;
        logger.warn("digest tick: another instance took the scheduling lease; stopping this tick");
        lost.abort();
      },
      (error: unknown) => logger.warn({ err: error }, "digest tick: could not renew the scheduling lease"),
    );
  }, leadership.renewEveryMs);
  try {
    return await work(lost.signal);
  } finally {
    clearInterval(renewal);
  }
}
