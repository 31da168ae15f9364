/**
 * The digest benchmark's memory case: one scheduler tick over N stored subscriptions all due at
 * once, the whole engine (findDue pages, the ledger, compose, the deliverer's pacing) with the
 * sendMessage calls answered in-process by a grammY `client.fetch` at full speed, no rate limits.
 * Prints heap used and RSS at the start, at each quarter of the broadcast (by digests done) and at
 * the end. Started by bench/digest.ts in a process of its own (`node --expose-gc --import tsx`), so
 * each run starts from a clean heap and the figures are after a full GC.
 *
 *   npx tsx bench/digest-memory.ts sqlite 1000000
 *   npx tsx bench/digest-memory.ts postgres 1000000 postgres://postgres@127.0.0.1:5432/test
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import pino from "pino";
import { createI18n } from "../src/bot/i18n.js";
import { loadLibrary } from "../src/content/library.js";
import { createDeliverer, type Deliverer } from "../src/digest/deliver.js";
import { createScheduler } from "../src/digest/scheduler.js";
import { createStore, type Store } from "../src/store/index.js";
import { fillPostgres, fillSqlite, privateChats } from "./digest-fill.js";
import { formatMegabytes } from "./stats.js";

const FIRST_CHAT_ID = 7_000_001;
const SEEDS_DIR = fileURLToPath(new URL("../seeds", import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);
/** Digests in flight: the sends cost nothing, so this only overlaps the database round trips. */
const CONCURRENCY = 32;
/** Due subscriptions per findDue page. */
const BATCH_SIZE = 1_000;
/** No pacing worth the name: the fake answers at once. */
const UNLIMITED = { overallPerSecond: 1e9, privateChatPerSecond: 1e9, groupPerMinute: 1e9 };
const TOKEN = "123456:TEST-token-for-the-local-emulator00";

interface MemorySample {
  label: string;
  done: number;
  heapUsed: number;
  rss: number;
  atMs: number;
}

/** Runs the case on one backend and prints its lines, prefixed "digest memory <backend>:". */
export async function runMemoryCase(backend: "sqlite" | "postgres", subscriptions: number, databaseUrl?: string): Promise<void> {
  const prefix = `digest memory ${backend}:`;
  const folder = await mkdtemp(join(tmpdir(), "briefing-digest-memory-"));
  const schema = `bench_${randomBytes(5).toString("hex")}`;
  const dueAt = Date.parse("2026-03-02T05:00:00Z");
  let store: Store | undefined;
  try {
    let fillMs: number;
    if (backend === "postgres") {
      if (databaseUrl === undefined) throw new Error("the postgres memory case needs a database URL");
      await adminQuery(databaseUrl, `CREATE SCHEMA ${schema}`);
      const url = new URL(databaseUrl);
      url.searchParams.set("options", `-c search_path=${schema}`);
      store = createStore({ databaseUrl: url.toString() });
      await store.migrate();
      const started = performance.now();
      await fillPostgres(url.toString(), privateChats(FIRST_CHAT_ID, subscriptions), dueAt);
      fillMs = performance.now() - started;
    } else {
      const path = join(folder, "bench.sqlite");
      store = createStore({ databasePath: path });
      await store.migrate();
      const started = performance.now();
      fillSqlite(path, privateChats(FIRST_CHAT_ID, subscriptions), dueAt);
      fillMs = performance.now() - started;
    }
    console.log(`${prefix} ${subscriptions.toLocaleString("en")} chats + subscriptions inserted in ${seconds(fillMs)} (multi-row SQL, setup only)`);

    const library = await loadLibrary(SEEDS_DIR);
    const i18n = createI18n();
    const logger = pino({ level: "silent" });
    let messages = 0;
    const inner = createDeliverer({ token: TOKEN, client: { fetch: answerInProcess(() => (messages += 1)) }, limits: UNLIMITED, logger });

    const samples: MemorySample[] = [];
    const started = performance.now();
    const sample = (label: string, done: number): void => {
      global.gc?.();
      const { heapUsed, rss } = process.memoryUsage();
      samples.push({ label, done, heapUsed, rss, atMs: performance.now() - started });
    };
    const marks = [0.25, 0.5, 0.75].map((share) => Math.floor(share * subscriptions));
    let done = 0;
    // Counts every digest the deliverer finished, to sample at each quarter of the broadcast.
    const deliverer: Deliverer = {
      async send(chatId, parts, options) {
        const result = await inner.send(chatId, parts, options);
        done += 1;
        const mark = marks.indexOf(done);
        if (mark >= 0) sample(`${mark + 1}/4`, done);
        return result;
      },
    };
    const scheduler = createScheduler({
      store,
      library: () => library,
      deliverer,
      translate: (locale, key, variables) => i18n.t(locale, key, variables),
      instanceId: "bench-memory",
      concurrency: CONCURRENCY,
      batchSize: BATCH_SIZE,
      logger,
      cron: false,
    });
    sample("start", 0);
    const report = await scheduler.tick(dueAt + 5 * 60_000);
    sample("end", done);
    await scheduler.stop();
    const elapsedMs = performance.now() - started;

    console.log(
      `${prefix} one tick: ${report.sent.toLocaleString("en")} digests sent (${messages.toLocaleString("en")} messages), ` +
        `${(report.failed + report.error).toLocaleString("en")} failed, in ${seconds(elapsedMs)} (${((report.sent / elapsedMs) * 1_000).toFixed(0)} digests/s, sends answered in-process)`,
    );
    console.log(`${prefix} after a full GC at each point:`);
    for (const point of samples) {
      console.log(
        `${prefix}   ${point.label.padEnd(5)} ${point.done.toLocaleString("en").padStart(9)} done, ${seconds(point.atMs).padStart(8)}: heap used ${formatMegabytes(point.heapUsed).padStart(9)}, RSS ${formatMegabytes(point.rss).padStart(9)}`,
      );
    }
    const first = samples[0];
    const last = samples.at(-1);
    if (first !== undefined && last !== undefined) {
      console.log(
        `${prefix} end/start: heap used ${(last.heapUsed / first.heapUsed).toFixed(2)} (+${formatMegabytes(last.heapUsed - first.heapUsed)}, ` +
          `${((last.heapUsed - first.heapUsed) / Math.max(1, last.done)).toFixed(1)} bytes per digest), RSS ${(last.rss / first.rss).toFixed(2)} (+${formatMegabytes(last.rss - first.rss)})`,
      );
    }
  } finally {
    await store?.close();
    if (backend === "postgres" && databaseUrl !== undefined) await adminQuery(databaseUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await rm(folder, { recursive: true, force: true });
  }
}

/** A grammY `client.fetch` that answers every sendMessage at once, as Telegram would. */
function answerInProcess(onMessage: () => void): typeof fetch {
  let messageId = 0;
  const date = Math.floor(Date.now() / 1_000);
  const answer = (async (_url: string | URL | Request, init?: RequestInit) => {
    const body = JSON.parse(typeof init?.body === "string" ? init.body : "{}") as { chat_id?: number; text?: string };
    onMessage();
    messageId += 1;
    const result = { message_id: messageId, date, chat: { id: body.chat_id, type: "private" }, text: body.text };
    // Answered on the next turn of the event loop, as a real response would be: resolving at once
    // would run the whole broadcast as one macrotask, where no timer ever fires (the deliverer's
    // 30 s request timeouts then pile up, one per message, which is this fake's cost, not the engine's).
    await new Promise((resolveTurn) => setImmediate(resolveTurn));
    // grammY reads nothing of the response but its JSON body.
    return { json: async () => ({ ok: true, result }) } as unknown as Response;
  }) as typeof fetch;
  return answer;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const seconds = (ms: number): string => `${(ms / 1_000).toFixed(1)} s`;

const invokedPath = process.argv[1];
if (invokedPath !== undefined && resolve(invokedPath) === THIS_FILE) {
  const [backend, count, url] = process.argv.slice(2);
  if (backend !== "sqlite" && backend !== "postgres") {
    console.error("usage: bench/digest-memory.ts sqlite|postgres <subscriptions> [postgres url]");
    process.exit(2);
  }
  runMemoryCase(backend, Number(count ?? "1000000"), url).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
