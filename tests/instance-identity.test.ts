import { describe, expect, it } from "vitest";
import { claimInstanceIdentity, InstanceIdInUseError } from "../src/instance-identity.js";
import { createLogger } from "../src/logger.js";
import { useTempStore } from "./helpers/temp-store.js";

const logger = createLogger({ level: "silent", pretty: false, secrets: [] });

describe("the instance identity", () => {
  const temp = useTempStore("briefing-identity-");

  /** The lease a process left when it died (or holds while it runs): no renewal from this test. */
  const leftLease = (instanceId: string, host: string, pid: number, ttlMs = 30_000): Promise<boolean> =>
    temp.store.leases.acquire(`instance:${instanceId}`, JSON.stringify({ host, pid, run: "earlier" }), ttlMs, Date.now());

  const chatWithClaim = async (instanceId: string): Promise<string> => {
    await temp.store.chats.upsert({ id: 1, type: "private", language: "en", timeZone: "UTC" });
    const key = "1:2026-12-01";
    expect(await temp.store.deliveries.claim(key, 1, instanceId, 600_000, Date.now())).toBe("claimed");
    return key;
  };

  it("takes over from a dead process on the same host at once and takes its digest claims back", async () => {
    const key = await chatWithClaim("host-a");
    // The earlier run died without releasing anything.
    await leftLease("host-a", "host-a", 111);
    const startedAt = Date.now();
    const identity = await claimInstanceIdentity({
      store: temp.store,
      instanceId: "host-a",
      logger,
      host: "host-a",
      pid: 222,
      isAlive: (pid) => pid !== 111,
    });
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(await temp.store.deliveries.claim(key, 1, "host-a", 600_000, Date.now())).toBe("claimed");
    await identity.release();
  });

  it("takes over from its own pid on the same host (a restarted container's pid 1)", async () => {
    await leftLease("bot-0", "bot-0", 1);
    const identity = await claimInstanceIdentity({ store: temp.store, instanceId: "bot-0", logger, host: "bot-0", pid: 1, isAlive: () => true, maxWaitMs: 0 });
    await identity.release();
  });

  it("refuses an id a live process holds, after waiting for its lease", async () => {
    await leftLease("shared", "host-a", 111);
    await expect(
      claimInstanceIdentity({ store: temp.store, instanceId: "shared", logger, host: "host-a", pid: 222, isAlive: () => true, maxWaitMs: 50 }),
    ).rejects.toThrow(InstanceIdInUseError);
    await expect(
      claimInstanceIdentity({ store: temp.store, instanceId: "shared", logger, host: "host-b", pid: 111, isAlive: () => false, maxWaitMs: 50 }),
    ).rejects.toThrow(/INSTANCE_ID shared is in use by a running process \(pid 111 on host-a\)/);
  });

  it("takes an id whose lease lapsed, from any host", async () => {
    await leftLease("x", "host-a", 111, 50);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const identity = await claimInstanceIdentity({ store: temp.store, instanceId: "x", logger, host: "host-b", pid: 5, isAlive: () => true, maxWaitMs: 0 });
    await identity.release();
  });
});
