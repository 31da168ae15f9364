import { randomBytes } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACING_BURST_MESSAGES } from "../../src/digest/deliver.js";
import { createStore, type Store } from "../../src/store/index.js";
import { createEmulator, type Emulator } from "../../src/telegram-emulator/index.js";
import { freePort, startBotProcess, waitFor, type BotProcess } from "./bot-process.js";

const databaseUrl = process.env.TEST_DATABASE_URL;
if (databaseUrl === undefined || databaseUrl === "") {
  console.info("TEST_DATABASE_URL is not set: skipping the several-instances test (it needs PostgreSQL).");
}

const INSTANCES = 3;
const SUBSCRIBERS = 90;
const SECRET = "instances-secret";
/** Messages one instance may have in flight at once: the deliverer's burst cap. */
const IN_FLIGHT_LIMIT = PACING_BURST_MESSAGES;

/** A round-robin load balancer in front of the instances' webhooks, skipping instances that are down. */
function createLoadBalancer(ports: number[]): Server {
  let next = 0;
  return createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      const attempt = (tries: number): void => {
        const port = ports[next++ % ports.length] ?? 0;
        const forwarded = httpRequest(
          { host: "127.0.0.1", port, path: incoming.url, method: incoming.method, headers: incoming.headers },
          (answer) => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          },
        );
        forwarded.on("error", () => (tries > 1 ? attempt(tries - 1) : outgoing.writeHead(502).end()));
        forwarded.end(body);
      };
      attempt(ports.length);
    });
  });
}

function digestsOf(emulator: Emulator, userId: number): number {
  return emulator.messages(userId).filter((message) => message.text.startsWith("📬 Daily digest")).length;
}

describe.skipIf(databaseUrl === undefined || databaseUrl === "")("several instances on one PostgreSQL", () => {
  const schema = `t_${randomBytes(6).toString("hex")}`;
  let url: string;
  let emulator: Emulator;
  let balancer: Server;
  let store: Store;
  const instances: BotProcess[] = [];
  const users: number[] = [];

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const withSchema = new URL(databaseUrl as string);
    withSchema.searchParams.set("options", `-c search_path=${schema}`);
    url = withSchema.toString();

    emulator = createEmulator();
    const { url: apiRoot } = await emulator.start();
    const ports = await Promise.all(Array.from({ length: INSTANCES }, () => freePort()));
    balancer = createLoadBalancer(ports);
    await new Promise<void>((resolve) => balancer.listen(0, "127.0.0.1", resolve));
    const balancerPort = (balancer.address() as { port: number }).port;

    for (const [index, port] of ports.entries()) {
      instances.push(
        startBotProcess({
          BOT_TOKEN: emulator.bots[0]?.token ?? "",
          BOT_API_ROOT: apiRoot,
          BOT_MODE: "webhook",
          WEBHOOK_URL: `http://127.0.0.1:${balancerPort}/hook`,
          WEBHOOK_SECRET: SECRET,
          PORT: String(port),
          DATABASE_URL: url,
          INSTANCE_ID: `instance-${index}`,
          // Flood protection shared through Redis, as a deployment of several instances would run it.
          ...(process.env.TEST_REDIS_URL === undefined ? {} : { REDIS_URL: process.env.TEST_REDIS_URL }),
          // Ticks every second and short leases, so the test sees a broadcast and a failover in seconds.
          DIGEST_CRON: "* * * * * *",
          SCHEDULER_LEASE_MS: "2000",
          DELIVERY_CLAIM_MS: "4000",
        }),
      );
    }
    for (const instance of instances) {
      await instance.started(30_000);
    }
    store = createStore({ databaseUrl: url });
  }, 60_000);

  afterAll(async () => {
    for (const instance of instances) if (instance.child.exitCode === null) instance.child.kill("SIGKILL");
    await store?.close();
    await emulator?.stop();
    await new Promise<void>((resolve) => (balancer === undefined ? resolve() : balancer.close(() => resolve())));
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it("serves updates on every instance", async () => {
    for (let index = 0; index < SUBSCRIBERS; index += 1) {
      const user = emulator.createUser({ first_name: `User ${index}`, language_code: "en" });
      users.push(user.id);
      emulator.sendText(user.id, "/start");
    }
    for (const userId of users) await emulator.waitForMessages(userId, 1, 20_000);
    for (const instance of instances) expect(instance.output()).toContain('"type":"message"');
  }, 60_000);

  it("sends every digest once while the scheduling instance is killed mid-broadcast", async () => {
    const now = Date.now();
    for (const userId of users) {
      await store.subscriptions.save({ chatId: userId, topics: ["space", "arctic"], deliveryTime: "00:00", timeZone: "UTC", nextRunAt: now });
    }
    const delivered = (): number => users.filter((userId) => digestsOf(emulator, userId) > 0).length;
    await waitFor(() => delivered() >= SUBSCRIBERS / 4, "the broadcast starts", 30_000);

    const holder = await new pg.Client({ connectionString: url });
    await holder.connect();
    const { rows } = await holder.query<{ holder: string }>("SELECT holder FROM leases WHERE name = 'digest-scheduler'");
    await holder.end();
    const leaderIndex = Number(rows[0]?.holder.split("-")[1]);
    const leader = instances[leaderIndex];
    expect(leader).toBeDefined();
    const deliveredAtKill = delivered();
    expect(deliveredAtKill).toBeLessThan(SUBSCRIBERS);
    leader?.child.kill("SIGKILL");
    const seqAtKill = emulator.calls().at(-1)?.seq ?? 0;

    await waitFor(() => delivered() === SUBSCRIBERS, `every subscriber gets a digest (got ${delivered()})`, 45_000, () =>
      `delivered ${delivered()} of ${SUBSCRIBERS}`,
    );
    // Let any late duplicate arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const counts = users.map((userId) => digestsOf(emulator, userId));
    const twice = counts.filter((count) => count > 1).length;
    expect(counts.every((count) => count >= 1)).toBe(true);
    expect(counts.filter((count) => count > 2)).toEqual([]);
    // SIGKILL can land between Telegram accepting a message and the ledger recording it (Telegram
    // has no idempotency key). Only those messages, in flight at the kill, may go out again: their
    // first copies are among the last calls before it. Every other digest arrives exactly once.
    const sends = emulator.calls("sendMessage");
    for (const userId of users.filter((id) => digestsOf(emulator, id) > 1)) {
      const [, firstDigest] = sends.filter((call) => Number(call.params.chat_id) === userId);
      expect(firstDigest?.seq ?? 0, `chat ${userId} got its digest twice`).toBeGreaterThan(seqAtKill - IN_FLIGHT_LIMIT);
    }
    expect(twice).toBeLessThanOrEqual(IN_FLIGHT_LIMIT);
    // The survivors took over: one of them holds the lease now.
    const survivors = instances.filter((instance) => instance !== leader);
    expect(survivors.some((instance) => instance.output().includes('"msg":"digest tick"'))).toBe(true);
  }, 90_000);

  it("stops the survivors cleanly on SIGTERM", async () => {
    for (const instance of instances) {
      if (instance.child.exitCode !== null || instance.child.signalCode !== null) continue;
      const { code, ms } = await instance.terminate();
      expect(code).toBe(0);
      expect(ms).toBeLessThan(10_000);
    }
  }, 30_000);
});
