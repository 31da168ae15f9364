/**
 * Digest broadcast benchmark, three cases, each printing the achieved rate over the configured one,
 * the 429 count and memory over the broadcast:
 *
 * 1. Real rate, not scaled: one scheduler tick to 1,800 private chats and 3 groups at Telegram's
 *    free limits (30/s overall, 1/s per chat, 20/min per group) through the Bot API emulator with its
 *    rate limits on at scale 1 (strict sliding one-second window). About 60 s.
 * 2. Paid: 100,000 chats at 1,000/s with `paidBroadcast: true` (allow_paid_broadcast) through the
 *    emulator, rate limits on; also the paid messages and Stars spent. About 100 s plus setup.
 * 3. Memory: 1,000,000 stored subscriptions due at once in SQLite (and, when TEST_DATABASE_URL or
 *    BENCH_DATABASE_URL is set, in PostgreSQL in a fresh schema dropped afterwards), the sends
 *    answered in-process at full speed; heap and RSS at the start, quarters and end (digest-memory.ts).
 *
 * The whole engine runs: findDue, the ledger claim, compose, the paced deliverer over HTTP,
 * markSent and markReceived. The emulator runs in a child process (this same file with
 * --emulator-child), so the memory figures are the engine's own and not the emulator's call log.
 * Sizes can be changed with BENCH_DIGEST_REAL_CHATS, BENCH_DIGEST_PAID_CHATS,
 * BENCH_DIGEST_SQLITE_SUBSCRIPTIONS and BENCH_DIGEST_POSTGRES_SUBSCRIPTIONS; BENCH_DIGEST_CASES picks
 * some of the cases (real, paid, sqlite, postgres; comma-separated).
 * Prints figures and ratios; asserts nothing. Run alone with `npx tsx bench/digest.ts`.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { createI18n } from "../src/bot/i18n.js";
import { loadLibrary } from "../src/content/library.js";
import { createDeliverer, DEFAULT_DELIVERY_LIMITS, type DeliveryLimits } from "../src/digest/deliver.js";
import { createScheduler } from "../src/digest/scheduler.js";
import { createStore } from "../src/store/index.js";
import type { RateLimitStatsView } from "../src/telegram-emulator/control-api.js";
import { createEmulator, DEFAULT_BOT } from "../src/telegram-emulator/index.js";
import { fillSqlite, privateChats, type BenchChat } from "./digest-fill.js";
import { formatMegabytes } from "./stats.js";

const FIRST_USER_ID = 5_000_001;
/** Target: the broadcast reaches this share of the deliverer's configured overall rate. */
const TARGET_RATE_RATIO = 0.95;
const REAL_CHATS = envCount("BENCH_DIGEST_REAL_CHATS", 1_800);
const REAL_GROUPS = 3;
const PAID_CHATS = envCount("BENCH_DIGEST_PAID_CHATS", 100_000);
const PAID_RATE = 1_000;
/** Digests in flight for the paid case: at 1,000/s the request and database latencies need many lanes. */
const PAID_CONCURRENCY = 128;
const SQLITE_SUBSCRIPTIONS = envCount("BENCH_DIGEST_SQLITE_SUBSCRIPTIONS", 1_000_000);
/**
 * PostgreSQL's memory run: the engine does about 1,200 digests/s there on 2 cores (three round
 * trips each), so a million takes some 14 minutes; 100,000 shows the same trend in under 2.
 */
const POSTGRES_SUBSCRIPTIONS = envCount("BENCH_DIGEST_POSTGRES_SUBSCRIPTIONS", 100_000);
/** How often memory is sampled during the emulator broadcasts, in ms. */
const MEMORY_SAMPLE_MS = 250;
/** Groups get every topic, so their digests run to several messages, paced 3 s apart (20/min). */
const ALL_TOPICS = ["overview", "trade", "tech", "space", "orgs", "arctic"];
const CHILD_FLAG = "--emulator-child";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);
const MEMORY_FILE = fileURLToPath(new URL("./digest-memory.ts", import.meta.url));
const SEEDS_DIR = fileURLToPath(new URL("../seeds", import.meta.url));

type ParentMessage = { type: "start"; users: number; firstUserId: number; groups: number } | { type: "report" } | { type: "stop" };
interface ReadyMessage {
  type: "ready";
  url: string;
  groupIds: number[];
  setupMs: number;
}
interface ReportMessage {
  type: "report";
  statuses: Record<string, number>;
  delivered: number;
  stats: RateLimitStatsView;
  /** Per group: when its messages were answered, epoch ms, in order. */
  groupTimes: Record<string, number[]>;
}
type ChildMessage = ReadyMessage | ReportMessage;

interface MemorySample {
  rss: number;
  heapUsed: number;
}

interface BroadcastCase {
  name: string;
  chats: number;
  groups: number;
  limits: DeliveryLimits;
  paidBroadcast: boolean;
  concurrency?: number;
  batchSize?: number;
  about: string;
}

/** The cases to run: BENCH_DIGEST_CASES, a comma-separated subset of these; all by default. */
const CASES = ["real", "paid", "sqlite", "postgres"] as const;
const chosenCases = (process.env.BENCH_DIGEST_CASES ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
for (const name of chosenCases) {
  if (!(CASES as readonly string[]).includes(name)) throw new Error(`BENCH_DIGEST_CASES: no case "${name}" (${CASES.join(", ")})`);
}
const chosen = (name: (typeof CASES)[number]): boolean => chosenCases.length === 0 || chosenCases.includes(name);

/** Runs the cases in turn. */
export async function runDigestBench(): Promise<void> {
  if (chosen("real")) await runBroadcastCase({
    name: "real rate",
    chats: REAL_CHATS,
    groups: REAL_GROUPS,
    limits: { ...DEFAULT_DELIVERY_LIMITS },
    paidBroadcast: false,
    about: "Telegram's free limits, emulator at scale 1, production concurrency and page size",
  });
  if (chosen("paid")) await runBroadcastCase({
    name: "paid",
    chats: PAID_CHATS,
    groups: 0,
    limits: { ...DEFAULT_DELIVERY_LIMITS, overallPerSecond: PAID_RATE },
    paidBroadcast: true,
    concurrency: PAID_CONCURRENCY,
    batchSize: 1_000,
    about: `allow_paid_broadcast at ${PAID_RATE}/s, emulator at scale 1, concurrency ${PAID_CONCURRENCY}`,
  });
  if (chosen("sqlite")) await runMemoryChild("sqlite", SQLITE_SUBSCRIPTIONS);
  if (!chosen("postgres")) return;
  const databaseUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (databaseUrl === undefined || databaseUrl === "") {
    console.log("digest memory postgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)");
  } else {
    if (POSTGRES_SUBSCRIPTIONS < SQLITE_SUBSCRIPTIONS) {
      console.log(
        `digest memory postgres: REDUCED to ${POSTGRES_SUBSCRIPTIONS.toLocaleString("en")} subscriptions ` +
          `(about 1,200 digests/s here; a million takes ~14 min; BENCH_DIGEST_POSTGRES_SUBSCRIPTIONS=1000000 for it)`,
      );
    }
    await runMemoryChild("postgres", POSTGRES_SUBSCRIPTIONS, databaseUrl);
  }
}

/** One tick to `chats` private chats (and `groups` groups) through the emulator in its own process. */
async function runBroadcastCase(spec: BroadcastCase): Promise<void> {
  const prefix = `digest ${spec.name}:`;
  console.log(`${prefix} ${spec.chats.toLocaleString("en")} private chats + ${spec.groups} groups; ${spec.about}`);
  const folder = await mkdtemp(join(tmpdir(), "briefing-digest-bench-"));
  const child = fork(THIS_FILE, [CHILD_FLAG], {
    cwd: ROOT,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    const ready = await ask<ReadyMessage>(child, { type: "start", users: spec.chats, firstUserId: FIRST_USER_ID, groups: spec.groups });
    console.log(`${prefix} emulator: ${spec.chats.toLocaleString("en")} users created and started the bot in ${seconds(ready.setupMs)}`);

    const path = join(folder, "bench.sqlite");
    const store = createStore({ databasePath: path });
    await store.migrate();
    const dueAt = Date.parse("2026-03-02T05:00:00Z");
    const groups: BenchChat[] = ready.groupIds.map((id) => ({ id, type: "supergroup", language: "en", timeZone: "Europe/Moscow", topics: ALL_TOPICS }));
    const fillStarted = performance.now();
    fillSqlite(path, [...groups, ...privateChats(FIRST_USER_ID, spec.chats)], dueAt);
    console.log(`${prefix} ${(spec.chats + groups.length).toLocaleString("en")} subscriptions stored in ${seconds(performance.now() - fillStarted)} (multi-row SQL)`);

    const library = await loadLibrary(SEEDS_DIR);
    const i18n = createI18n();
    const logger = pino({ level: "silent" });
    const scheduler = createScheduler({
      store,
      library: () => library,
      deliverer: createDeliverer({
        token: DEFAULT_BOT.token,
        client: { apiRoot: ready.url },
        limits: spec.limits,
        paidBroadcast: spec.paidBroadcast,
        logger,
      }),
      translate: (locale, key, variables) => i18n.t(locale, key, variables),
      instanceId: "bench",
      ...(spec.concurrency === undefined ? {} : { concurrency: spec.concurrency }),
      ...(spec.batchSize === undefined ? {} : { batchSize: spec.batchSize }),
      logger,
      cron: false,
    });

    global.gc?.();
    const samples: MemorySample[] = [sampleMemory()];
    const sampler = setInterval(() => samples.push(sampleMemory()), MEMORY_SAMPLE_MS);
    const started = performance.now();
    // 5 minutes after the due time, the same local day everywhere: nothing counts as missed.
    const report = await scheduler.tick(dueAt + 5 * 60_000);
    const elapsedMs = performance.now() - started;
    clearInterval(sampler);
    samples.push(sampleMemory());
    await scheduler.stop();
    await store.close();

    const answer = await ask<ReportMessage>(child, { type: "report" });
    const rate = (answer.delivered / elapsedMs) * 1_000;
    const configured = spec.limits.overallPerSecond;
    const { stats } = answer;
    console.log(
      `${prefix} one tick: ${report.sent.toLocaleString("en")} digests sent (${answer.delivered.toLocaleString("en")} messages), ` +
        `${report.failed + report.error} failed, in ${seconds(elapsedMs)}`,
    );
    console.log(
      `${prefix} achieved ${rate.toFixed(1)} msg/s / configured ${configured} msg/s = ${(rate / configured).toFixed(3)} (target >= ${TARGET_RATE_RATIO})`,
    );
    const { total, overall, chat, group } = stats.tooManyRequests;
    console.log(
      `${prefix} 429 answers (rateLimitStats): ${total} (target 0; overall ${overall}, chat ${chat}, group ${group}); ` +
        `sendMessage answers by status: ${JSON.stringify(answer.statuses)}`,
    );
    if (spec.paidBroadcast) {
      console.log(
        `${prefix} paid messages ${stats.paidMessages.toLocaleString("en")}, charged ${stats.chargedMessages.toLocaleString("en")}, Stars spent ${stats.starsSpent.toLocaleString("en")}`,
      );
    }
    for (const [groupId, times] of Object.entries(answer.groupTimes)) {
      const gaps = times.slice(1).map((time, index) => time - (times[index] ?? time));
      const minGap = gaps.length === 0 ? "n/a" : `${(Math.min(...gaps) / 1_000).toFixed(2)} s`;
      console.log(`${prefix} group ${groupId}: ${times.length} messages, shortest gap ${minGap} (20/min = 3.00 s)`);
    }
    printMemory(prefix, samples);
  } finally {
    child.send({ type: "stop" } satisfies ParentMessage);
    await rm(folder, { recursive: true, force: true });
  }
}

/** The memory case in a process of its own, with --expose-gc; it prints its own lines. */
async function runMemoryChild(backend: "sqlite" | "postgres", subscriptions: number, databaseUrl?: string): Promise<void> {
  const child = fork(MEMORY_FILE, [backend, String(subscriptions), ...(databaseUrl === undefined ? [] : [databaseUrl])], {
    cwd: ROOT,
    execArgv: ["--expose-gc", "--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const code = await new Promise<number | null>((resolveExit) => child.once("exit", resolveExit));
  if (code !== 0) throw new Error(`the ${backend} memory case exited with ${code}`);
}

function printMemory(prefix: string, samples: readonly MemorySample[]): void {
  const at = (share: number): MemorySample | undefined => samples[Math.floor(share * (samples.length - 1))];
  const line = (label: string, pick: (sample: MemorySample) => number): string => {
    const points = [0, 0.25, 0.5, 0.75, 1].map((share) => formatMegabytes(pick(at(share) ?? { rss: 0, heapUsed: 0 })));
    const first = pick(samples[0] ?? { rss: 0, heapUsed: 0 });
    const last = pick(samples.at(-1) ?? { rss: 0, heapUsed: 0 });
    return `${label} ${points.join(" / ")} (end/start ${(last / Math.max(1, first)).toFixed(2)}, peak ${formatMegabytes(Math.max(...samples.map(pick)))})`;
  };
  console.log(`${prefix} memory at start / 1/4 / 1/2 / 3/4 / end of the broadcast (by time, ${samples.length} samples):`);
  console.log(`${prefix}   ${line("heap used", (sample) => sample.heapUsed)}`);
  console.log(`${prefix}   ${line("RSS      ", (sample) => sample.rss)}`);
}

function sampleMemory(): MemorySample {
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

function ask<T extends ChildMessage>(child: ChildProcess, message: ParentMessage): Promise<T> {
  return new Promise((resolveAnswer, reject) => {
    const onMessage = (answer: ChildMessage): void => {
      child.off("exit", onExit);
      resolveAnswer(answer as T);
    };
    const onExit = (code: number | null): void => reject(new Error(`the emulator process exited (${code})`));
    child.once("message", onMessage);
    child.once("exit", onExit);
    child.send(message);
  });
}

function envCount(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const seconds = (ms: number): string => `${(ms / 1_000).toFixed(2)} s`;

/** The emulator side: hosts the users and groups, answers with sendMessage statuses and the limiter's stats. */
function runEmulatorChild(): void {
  let emulator: ReturnType<typeof createEmulator> | undefined;
  let groupIds: number[] = [];
  const handle = async (message: ParentMessage): Promise<void> => {
    if (message.type === "start") {
      const started = performance.now();
      // Telegram's limits at scale 1; the overall window is the default strict sliding one.
      emulator = createEmulator({ rateLimit: { enabled: true } });
      const { url } = await emulator.start();
      for (let index = 0; index < message.users; index += 1) {
        const id = message.firstUserId + index;
        emulator.createUser({ id, first_name: `User ${id}` });
        // Telegram lets a bot write to a private chat only after the user started it.
        emulator.sendText(id, "/start");
      }
      for (let index = 0; index < message.groups; index += 1) {
        const owner = emulator.createUser({ first_name: `Owner ${index}` });
        const group = emulator.createGroup({ title: `Team ${index}`, members: [{ userId: owner.id, status: "creator" }] });
        emulator.addBotToGroup(group.id, { byUserId: owner.id });
        groupIds.push(group.id);
      }
      process.send?.({ type: "ready", url, groupIds, setupMs: performance.now() - started } satisfies ChildMessage);
    } else if (message.type === "report") {
      const statuses: Record<string, number> = {};
      const groupTimes: Record<string, number[]> = Object.fromEntries(groupIds.map((id) => [String(id), []]));
      let delivered = 0;
      for (const call of emulator?.calls("sendMessage") ?? []) {
        const status = String(call.status);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (!call.ok) continue;
        delivered += 1;
        groupTimes[String(call.params.chat_id)]?.push(call.at);
      }
      const stats = emulator?.rateLimitStats() ?? {
        enabled: false,
        tooManyRequests: { total: 0, overall: 0, chat: 0, group: 0 },
        paidMessages: 0,
        chargedMessages: 0,
        starsSpent: 0,
      };
      process.send?.({ type: "report", statuses, delivered, stats, groupTimes } satisfies ChildMessage);
    } else {
      await emulator?.stop();
      groupIds = [];
      process.exit(0);
    }
  };
  process.on("message", (message: ParentMessage) => {
    handle(message).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
  process.on("disconnect", () => process.exit(0));
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && resolve(invokedPath) === THIS_FILE) {
  if (process.argv.includes(CHILD_FLAG)) {
    runEmulatorChild();
  } else {
    runDigestBench().catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
  }
}
