/**
 * One process at a time runs under an instance id. The id names the scheduling lease and the
 * delivery and inbox claims, so a process restarted under the same id (the default is the host
 * name) takes them back at once instead of waiting for its dead self's leases to lapse. Before it
 * does, it makes sure no live process uses the id: through a lease that names the holder's host
 * and pid, renewed while the process runs.
 */
import { hostname as osHostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Logger } from "./logger.js";
import type { Store } from "./store/index.js";

/** How long the identity lease lasts without renewal (ms): the wait when a holder cannot be checked. */
export const IDENTITY_LEASE_MS = 30_000;
/** How often a waiting process asks for the id again (ms). */
const RETRY_MS = 1_000;

/** Raised when a live process keeps using the id. */
export class InstanceIdInUseError extends Error {
  override name = "InstanceIdInUseError";
}

export interface InstanceIdentityOptions {
  store: Store;
  instanceId: string;
  logger: Logger;
  /** Defaults: this host and process; tests pass others. */
  host?: string;
  pid?: number;
  isAlive?: (pid: number) => boolean;
  now?: () => number;
  leaseMs?: number;
  /** Gives up after this long if a live process keeps the id (ms). Default two lease periods. */
  maxWaitMs?: number;
}

export interface InstanceIdentity {
  /** Stops renewing and gives the id up. */
  release(): Promise<void>;
}

/**
 * Takes the instance id for this process, then lets the claims of an earlier process under the
 * same id lapse so they are taken back at once. Waits while another process may be alive with it.
 */
export async function claimInstanceIdentity(options: InstanceIdentityOptions): Promise<InstanceIdentity> {
  const { store, instanceId, logger } = options;
  const host = options.host ?? osHostname();
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? processIsAlive;
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? IDENTITY_LEASE_MS;
  const maxWaitMs = options.maxWaitMs ?? 2 * leaseMs;
  const lease = `instance:${instanceId}`;
  // Unique per process even when a container restarts with the same host name and pid.
  const me = JSON.stringify({ host, pid, run: randomUUID() });

  const startedAt = now();
  let warned = false;
  while (!(await store.leases.acquire(lease, me, leaseMs, now()))) {
    const current = await store.leases.holder(lease);
    const holder = parseHolder(current?.holder);
    // The same host and a pid that is gone, or is this very process (a container's pid 1): an earlier life.
    if (current !== undefined && holder !== undefined && holder.host === host && (holder.pid === pid || !isAlive(holder.pid))) {
      await store.leases.release(lease, current.holder);
      continue;
    }
    if (now() - startedAt >= maxWaitMs) {
      throw new InstanceIdInUseError(
        `INSTANCE_ID ${instanceId} is in use by a running process${holder === undefined ? "" : ` (pid ${holder.pid} on ${holder.host})`}: give each instance its own INSTANCE_ID.`,
      );
    }
    if (!warned) logger.warn({ instanceId, holder: holder ?? current?.holder }, "instance id held by another process; waiting for its lease to lapse");
    warned = true;
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }

  const released = await store.deliveries.releaseClaimsOf(instanceId, now());
  if (released > 0) logger.info({ instanceId, deliveries: released }, "taking back digests the previous run of this instance had claimed");

  const renewal = setInterval(() => {
    store.leases.acquire(lease, me, leaseMs, now()).then(
      (renewed) => {
        if (!renewed) logger.error({ instanceId }, "another process took this instance id: give each instance its own INSTANCE_ID");
      },
      (error: unknown) => logger.warn({ err: error }, "could not renew the instance id lease"),
    );
  }, Math.max(1, Math.floor(leaseMs / 3)));
  renewal.unref();

  return {
    async release() {
      clearInterval(renewal);
      await store.leases.release(lease, me);
    },
  };
}

function parseHolder(value: string | undefined): { host: string; pid: number } | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as { host?: unknown; pid?: unknown };
    return typeof parsed.host === "string" && typeof parsed.pid === "number" ? { host: parsed.host, pid: parsed.pid } : undefined;
  } catch {
    return undefined;
  }
}

/** Signal 0 checks that a process exists; EPERM means it exists under another user. */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
