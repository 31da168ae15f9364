/**
 * Digest broadcast benchmark: one scheduler tick delivers the daily digest to 10,000 subscribers
 * through the Bot API emulator with Telegram's rate limits on, every rate scaled up so the run takes
 * seconds instead of minutes. The whole engine runs: findDue, the ledger claim, compose, the paced
 * deliverer over HTTP, markSent and markReceived in a temp SQLite file.
 *
 * The emulator runs in a child process (this same file with --emulator-child), so the memory
 * figures are the engine's own and not the emulator's growing message store.
 * Prints figures and ratios; asserts nothing. Run alone with `npx tsx bench/digest.ts`.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Api } from "grammy";
import pino from "pino";
import { createI18n } from "../src/bot/i18n.js";
import { loadLibrary } from "../src/content/library.js";
import { createDeliverer, DEFAULT_DELIVERY_LIMITS } from "../src/digest/deliver.js";
import { createScheduler } from "../src/digest/scheduler.js";
import { createStore } from "../src/store/index.js";
import { createEmulator, DEFAULT_BOT } from "../src/telegram-emulator/index.js";
import { RATE_OVERALL_PER_SECOND } from "../src/telegram-emulator/limits.js";

const SUBSCRIBERS = 10_000;
/** Every rate of the emulator and of the deliverer runs this many times faster than Telegram's. */
const SCALE = 20;
const FIRST_USER_ID = 5_000_001;
/**
 * Digests in flight at once. The rates are scaled up but the HTTP and database latencies are not,
 * so more digests must be in flight than the production default to keep the scaled pace.
 */
const CONCURRENCY = 48;
/** How often memory is sampled during the broadcast, in ms. */
const MEMORY_SAMPLE_MS = 100;
/** Target: the broadcast reaches this share of the deliverer's configured overall rate. */
const TARGET_RATE_RATIO = 0.9;
/** Topic pairs the subscribers rotate through, so each digest is one message of realistic size. */
const TOPIC_CHOICES = [["space", "arctic"], ["trade"], ["tech", "orgs"], ["overview"]];
const TIME_ZONES = ["Europe/Moscow", "Asia/Kathmandu", "Europe/Minsk", "Asia/Shanghai"];
const CHILD_FLAG = "--emulator-child";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);
const SEEDS_DIR = fileURLToPath(new URL("../seeds", import.meta.url));

type ParentMessage = { type: "start"; users: number; firstUserId: number; scale: number } | { type: "report" } | { type: "stop" };
type ChildMessage =
  | { type: "ready"; url: string }
  | { type: "report"; statuses: Record<string, number>; delivered: number };

interface MemorySample {
  rss: number;
  heapUsed: number;
}

/** Runs the broadcast and prints rate, 429s and memory. */
export async function runDigestBench(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), "briefing-digest-bench-"));
  const child = fork(THIS_FILE, [CHILD_FLAG], {
    cwd: ROOT,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    const { url } = await ask<{ type: "ready"; url: string }>(child, {
      type: "start",
      users: SUBSCRIBERS,
      firstUserId: FIRST_USER_ID,
      scale: SCALE,
    });

    const store = createStore({ databasePath: join(folder, "bench.sqlite") });
    await store.migrate();
    const dueAt = Date.parse("2026-03-02T05:00:00Z");
    const fillStarted = performance.now();
    for (let index = 0; index < SUBSCRIBERS; index += 1) {
      const chatId = FIRST_USER_ID + index;
      const timeZone = TIME_ZONES[index % TIME_ZONES.length] ?? "UTC";
      await store.chats.upsert({ id: chatId, type: "private", language: index % 2 === 0 ? "ru" : "en", timeZone });
      await store.subscriptions.save({
        chatId,
        topics: TOPIC_CHOICES[index % TOPIC_CHOICES.length] ?? ["overview"],
        deliveryTime: "08:00",
        timeZone,
        // Everyone due at the same instant: the worst minute of the day.
        nextRunAt: dueAt,
      });
    }
    console.log(`digest: ${SUBSCRIBERS.toLocaleString("en")} subscribers stored in ${seconds(performance.now() - fillStarted)}`);

    const library = await loadLibrary(SEEDS_DIR);
    const i18n = createI18n();
    const limits = {
      overallPerSecond: DEFAULT_DELIVERY_LIMITS.overallPerSecond * SCALE,
      privateChatPerSecond: DEFAULT_DELIVERY_LIMITS.privateChatPerSecond * SCALE,
      groupPerMinute: DEFAULT_DELIVERY_LIMITS.groupPerMinute * SCALE,
    };
    const logger = pino({ level: "silent" });
    const scheduler = createScheduler({
      store,
      library: () => library,
      deliverer: createDeliverer({ api: new Api(DEFAULT_BOT.token, { apiRoot: url }), limits, logger }),
      translate: (locale, key, variables) => i18n.t(locale, key, variables),
      instanceId: "bench",
      concurrency: CONCURRENCY,
      batchSize: 500,
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

    const answer = await ask<{ type: "report"; statuses: Record<string, number>; delivered: number }>(child, { type: "report" });
    const rate = (answer.delivered / elapsedMs) * 1_000;
    const configured = limits.overallPerSecond;
    const telegramLimit = RATE_OVERALL_PER_SECOND * SCALE;
    const tooMany = answer.statuses["429"] ?? 0;

    console.log(
      `digest: one tick, ${report.sent.toLocaleString("en")} digests sent (${answer.delivered.toLocaleString("en")} messages), ` +
        `${report.failed + report.error} failed, in ${seconds(elapsedMs)}; rates scaled x${SCALE}`,
    );
    console.log(
      `digest: achieved ${rate.toFixed(0)} msg/s; configured ${configured} msg/s (28/s x${SCALE}): ratio ${(rate / configured).toFixed(3)} ` +
        `(target >= ${TARGET_RATE_RATIO}); emulator's limit ${telegramLimit} msg/s: ratio ${(rate / telegramLimit).toFixed(3)}`,
    );
    console.log(`digest: 429 answers: ${tooMany} (target 0); sendMessage answers by status: ${JSON.stringify(answer.statuses)}`);
    const rss = samples.map((sample) => sample.rss);
    const heap = samples.map((sample) => sample.heapUsed);
    const quarters = [0.25, 0.5, 0.75].map((share) => mb(rss[Math.floor(share * (rss.length - 1))])).join(" / ");
    console.log(
      `digest: memory over ${samples.length} samples: RSS start ${mb(rss[0])}, at 1/4, 1/2, 3/4 of the broadcast ${quarters}, ` +
        `peak ${mb(Math.max(...rss))}, end ${mb(rss.at(-1))}; heap start ${mb(heap[0])}, peak ${mb(Math.max(...heap))}, end ${mb(heap.at(-1))}`,
    );
    await store.close();
  } finally {
    child.send({ type: "stop" } satisfies ParentMessage);
    await rm(folder, { recursive: true, force: true });
  }
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

const mb = (bytes: number | undefined): string => `${((bytes ?? 0) / 1_048_576).toFixed(1)} MB`;
const seconds = (ms: number): string => `${(ms / 1_000).toFixed(2)} s`;

/** The emulator side: hosts the users, answers with the counts of sendMessage answers by status. */
function runEmulatorChild(): void {
  let emulator: ReturnType<typeof createEmulator> | undefined;
  const handle = async (message: ParentMessage): Promise<void> => {
    if (message.type === "start") {
      emulator = createEmulator({ rateLimit: { enabled: true, scale: message.scale } });
      const { url } = await emulator.start();
      for (let index = 0; index < message.users; index += 1) {
        const id = message.firstUserId + index;
        emulator.createUser({ id, first_name: `User ${id}` });
        // Telegram lets a bot write to a private chat only after the user started it.
        emulator.sendText(id, "/start");
      }
      process.send?.({ type: "ready", url } satisfies ChildMessage);
    } else if (message.type === "report") {
      const statuses: Record<string, number> = {};
      let delivered = 0;
      for (const call of emulator?.calls("sendMessage") ?? []) {
        const status = String(call.status);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (call.ok) delivered += 1;
      }
      process.send?.({ type: "report", statuses, delivered } satisfies ChildMessage);
    } else {
      await emulator?.stop();
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
