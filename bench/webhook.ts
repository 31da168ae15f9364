/**
 * Webhook benchmark on loopback: each bot served by `createHttpServer` in a process of its own
 * (bench/webhook-server.ts), loaded by bench/load-generator.ts in another. Compares the server
 * process's CPU per update of the full bot (in-memory SQLite store; SQLite file, as deployed) with
 * a bare grammY bot that sends the same reply; then the full bot with its replies going over HTTP
 * to the emulator.
 *
 * The machine is shared, so its speed drifts while the bench runs: the bots are measured in short
 * rounds, one after the other in a rotating order, and each round's full / bare ratio is taken
 * from runs seconds apart. The figure is the median of those ratios.
 * Prints figures; asserts nothing. Run alone with `npx tsx bench/webhook.ts`.
 */
import { fork, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createBot } from "../src/bot/create-bot.js";
import type { EmulatorChildMessage, EmulatorParentMessage } from "./emulator-process.js";
import {
  BENCH_BOT_INFO,
  BENCH_TOKEN,
  benchDigest,
  createBenchI18n,
  loadSeedLibrary,
  localApi,
  memoryStore,
  silentLogger,
  type BenchCall,
} from "./fixtures.js";
import type { ChildMessage, LoadConfig, LoadResult, ParentMessage } from "./load-generator.js";
import { deployedNodeFlags } from "./node-flags.js";
import { formatMegabytes, formatMs, formatRatio, median, summarize } from "./stats.js";
import { FIRST_USER_ID, commandUpdate, languageOf } from "./updates.js";
import type { Reply, ServedBot, ServerChildMessage, ServerParentMessage } from "./webhook-server.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const LOAD_GENERATOR = fileURLToPath(new URL("./load-generator.ts", import.meta.url));
const WEBHOOK_SERVER = fileURLToPath(new URL("./webhook-server.ts", import.meta.url));
const EMULATOR_PROCESS = fileURLToPath(new URL("./emulator-process.ts", import.meta.url));

const COMMAND = "space";
/** Untimed requests per bot first: every bot is measured JIT-compiled, with warm connections and caches. */
const WARMUP_REQUESTS = 20_000;
/** Measured requests per bot per round. */
const ROUND_REQUESTS = 5_000;
const ROUNDS = 8;
const CONCURRENCY = 32;
/** Distinct users (private chats) the updates rotate through. */
const USERS = 1_000;
/** One load run stops sending after this long (ms)... */
const RUN_DEADLINE_MS = 60_000;
/** ...and a child that has not answered this long after being asked is given up on (ms). */
const CHILD_GUARD_MS = 2 * RUN_DEADLINE_MS + 30_000;
/** Targets from the brief: the full bot's CPU per update over a bare grammY bot's. */
const TARGET_IN_MEMORY = 1.3;
const TARGET_SQLITE_FILE = 1.5;

/** One bot being measured: its process, its webhook, and its figures so far. */
interface Served {
  label: string;
  process: ChildProcess;
  url: string;
  secretToken: string;
  nextUpdateId: number;
  /** CPU per update (ms) of each round, in round order. */
  cpuMs: number[];
  /** Garbage collection per update (ms) of each round. */
  gcMs: number[];
  results: LoadResult[];
}

export async function runWebhookBench(): Promise<void> {
  const replies = await captureReplies();
  console.log(
    `webhook: /${COMMAND} from ${USERS} users, ${CONCURRENCY} in flight, keep-alive, 127.0.0.1; each bot in its own process, the load generator in another; ${WARMUP_REQUESTS} warm-up updates per bot, then ${ROUNDS} rounds of ${ROUND_REQUESTS} per bot in rotating order; CPU is the server process's own (process.cpuUsage)`,
  );
  const loader = startLoader();
  const children: ChildProcess[] = [loader.process];
  try {
    // Every bot is compared with the bare bot under the same Node flags; the bare bot under Node's
    // defaults and the full bot without the deployed flags show what the flags do on their own.
    const flags = await deployedNodeFlags();
    const bareDefault = await serve("bare grammY bot, same reply, Node defaults", { kind: "bare", command: COMMAND, replies }, children);
    const bare = await serve(`bare grammY bot, same reply, ${flags.join(" ")}`, { kind: "bare", command: COMMAND, replies }, children, flags);
    const inMemory = await serve("full bot, in-memory SQLite store, as deployed", { kind: "full", store: "memory", command: COMMAND }, children, flags);
    const file = await serve("full bot, SQLite file, as deployed", { kind: "full", store: "file", command: COMMAND }, children, flags);
    const fileDefault = await serve("full bot, SQLite file, Node defaults", { kind: "full", store: "file", command: COMMAND }, children);
    const all = [bareDefault, bare, inMemory, file, fileDefault];
    for (const served of all) await load(loader, served, WARMUP_REQUESTS);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (let index = 0; index < all.length; index += 1) {
        const served = all[(round + index) % all.length] as Served;
        const { cpuMs, gcMs, result } = await measureRound(loader, served, ROUND_REQUESTS);
        served.cpuMs.push(cpuMs);
        served.gcMs.push(gcMs);
        served.results.push(result);
      }
    }
    for (const served of all) await printServed(served);
    printRatio("full bot (in-memory SQLite) / bare, both with the deployed flags", inMemory, bare, TARGET_IN_MEMORY);
    printRatio("full bot (SQLite file) / bare, both with the deployed flags", file, bare, TARGET_SQLITE_FILE);
    printRatio("full bot (SQLite file) as deployed / bare under Node defaults", file, bareDefault);
    printRatio("full bot (SQLite file) under Node defaults / bare under Node defaults", fileDefault, bareDefault, TARGET_SQLITE_FILE);
    console.log(
      `webhook: the deployed flags (${flags.join(" ")}) change the CPU per update by a factor of ${median(roundRatios(file, fileDefault)).toFixed(2)} for the full bot, ${median(roundRatios(bare, bareDefault)).toFixed(2)} for the bare bot (medians of the rounds)`,
    );

    const emulator = await startEmulatorProcess(children);
    const overHttp = await serve(
      "full bot, replies over HTTP to the emulator (emulator in its own process)",
      { kind: "full", store: "memory", apiRoot: emulator.url, command: COMMAND },
      children,
    );
    await load(loader, overHttp, ROUND_REQUESTS);
    const measured = await measureRound(loader, overHttp, ROUND_REQUESTS);
    overHttp.cpuMs.push(measured.cpuMs);
    overHttp.gcMs.push(measured.gcMs);
    overHttp.results.push(measured.result);
    await printServed(overHttp);
    console.log(
      `webhook: the bot's HTTP client adds ${formatMs(measured.cpuMs - median(inMemory.cpuMs))} CPU per update over answering the Bot API in-process`,
    );
  } finally {
    for (const child of children.reverse()) await stopChild(child);
  }
}

/** What the full bot sends for the command, per language, so the bare bot sends the same. */
async function captureReplies(): Promise<Record<string, Reply>> {
  const library = await loadSeedLibrary();
  const store = await memoryStore();
  try {
    const calls: BenchCall[] = [];
    const bot = createBot({
      token: BENCH_TOKEN,
      botInfo: BENCH_BOT_INFO,
      i18n: createBenchI18n(),
      library: () => library,
      logger: silentLogger(),
      store,
      digest: benchDigest(store, library),
    });
    bot.api.config.use(localApi((call) => calls.push(call)));
    const replies: Record<string, Reply> = {};
    for (const userId of [FIRST_USER_ID, FIRST_USER_ID + 1]) {
      calls.length = 0;
      await bot.handleUpdate(commandUpdate(userId, userId, COMMAND));
      const sent = calls.find((call) => call.method === "sendMessage");
      if (sent === undefined) throw new Error(`the full bot sent no message for /${COMMAND}`);
      const { chat_id: _chatId, text, ...other } = sent.payload;
      replies[languageOf(userId)] = { text: String(text), other };
    }
    return replies;
  } finally {
    await store.close();
  }
}

/** One round: the server's CPU before and after `requests` updates. */
async function measureRound(loader: Loader, served: Served, requests: number): Promise<{ cpuMs: number; gcMs: number; result: LoadResult }> {
  const before = await cpuOf(served);
  const result = await load(loader, served, requests);
  const after = await cpuOf(served);
  const updates = Math.max(result.requests, 1);
  const cpuMs = (after.usage.user - before.usage.user + after.usage.system - before.usage.system) / 1_000 / updates;
  return { cpuMs, gcMs: (after.gcMs - before.gcMs) / updates, result };
}

async function cpuOf(served: Served): Promise<{ usage: NodeJS.CpuUsage; gcMs: number }> {
  return ask<Extract<ServerChildMessage, { type: "cpu" }>>(served.process, { type: "cpu" }, "cpu");
}

async function load(loader: Loader, served: Served, requests: number): Promise<LoadResult> {
  const config: LoadConfig = {
    url: served.url,
    secretToken: served.secretToken,
    command: COMMAND,
    requests,
    concurrency: CONCURRENCY,
    users: USERS,
    firstUserId: FIRST_USER_ID,
    firstUpdateId: served.nextUpdateId,
    deadlineMs: RUN_DEADLINE_MS,
  };
  served.nextUpdateId += requests;
  return loader.run(config);
}

async function printServed(served: Served): Promise<void> {
  const latency = summarize(served.results.flatMap((result) => result.latenciesMs));
  const statuses: Record<string, number> = {};
  for (const result of served.results) {
    for (const [status, count] of Object.entries(result.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  }
  const rates = served.results.map((result) => (result.requests / result.elapsedMs) * 1_000);
  const { serverErrors, firstError, rssBytes, peakRssBytes } = await ask<Extract<ServerChildMessage, { type: "cpu" }>>(served.process, { type: "cpu" }, "cpu");
  console.log(
    [
      `webhook: ${served.label}:`,
      `  ${Math.round(median(rates))} updates/s (median of ${rates.length} runs)${served.results.some((result) => result.timedOut) ? "; a run stopped at its deadline" : ""}`,
      `  latency p50 ${formatMs(latency.p50)}, p99 ${formatMs(latency.p99)}, max ${formatMs(latency.max)}; statuses ${Object.entries(statuses)
        .map(([status, count]) => `${status}×${count}`)
        .join(", ")}`,
      `  server CPU per update: median ${formatMs(median(served.cpuMs))}, best ${formatMs(Math.min(...served.cpuMs))}; of it in garbage collection: median ${formatMs(median(served.gcMs))}`,
      `  RSS ${formatMegabytes(rssBytes)} after the runs, peak ${formatMegabytes(peakRssBytes)}`,
      ...(serverErrors > 0 ? [`  ${serverErrors} requests failed in the server; first: ${firstError}`] : []),
    ].join("\n"),
  );
}

/** Each round's CPU per update of `measured` over that of `baseline` in the same round. */
function roundRatios(measured: Served, baseline: Served): number[] {
  return measured.cpuMs.map((cpu, round) => cpu / (baseline.cpuMs[round] ?? Number.NaN));
}

function printRatio(label: string, full: Served, bare: Served, target?: number): void {
  const ratios = roundRatios(full, bare);
  const ratio = median(ratios);
  const best = Math.min(...full.cpuMs) / Math.min(...bare.cpuMs);
  console.log(
    `webhook: CPU per update, ${label}: median of ${ratios.length} rounds ${ratio.toFixed(2)} (rounds ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}; best / best ${best.toFixed(2)})${target === undefined ? "" : `; target at most ${target}: ${formatRatio(ratio, target)}`}`,
  );
}

interface Loader {
  process: ChildProcess;
  run(config: LoadConfig): Promise<LoadResult>;
}

function startLoader(): Loader {
  const child = fork(LOAD_GENERATOR, [], { cwd: ROOT, execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let nextId = 0;
  return {
    process: child,
    run: async (config) => {
      nextId += 1;
      const id = nextId;
      const answer = await ask<ChildMessage>(child, { type: "run", id, config } satisfies ParentMessage, "result", (message) => message.id === id);
      return answer.result;
    },
  };
}

/** Forks a server for `bot` and waits until it listens. */
async function serve(label: string, bot: ServedBot, children: ChildProcess[], nodeFlags: readonly string[] = []): Promise<Served> {
  const child = fork(WEBHOOK_SERVER, [], { cwd: ROOT, execArgv: ["--import", "tsx", ...nodeFlags], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  children.push(child);
  const listening = await ask<Extract<ServerChildMessage, { type: "listening" }>>(
    child,
    { type: "start", bot } satisfies ServerParentMessage,
    "listening",
  );
  return { label, process: child, url: listening.url, secretToken: listening.secretToken, nextUpdateId: 1, cpuMs: [], gcMs: [], results: [] };
}

/** Sends `message` to `child` and resolves with its first answer of `type` (that `accept` takes). */
function ask<T extends { type: string }>(
  child: ChildProcess,
  message: object,
  type: T["type"],
  accept: (answer: T) => boolean = () => true,
): Promise<T> {
  return new Promise<T>((resolveAnswer, reject) => {
    const onMessage = (answer: T): void => {
      if (answer.type !== type || !accept(answer)) return;
      done();
      resolveAnswer(answer);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      done();
      reject(new Error(`a bench process exited (${signal ?? code}) before answering "${type}"`));
    };
    const guard = setTimeout(() => {
      done();
      reject(new Error(`a bench process did not answer "${type}" within ${CHILD_GUARD_MS} ms`));
    }, CHILD_GUARD_MS);
    const done = (): void => {
      clearTimeout(guard);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
    child.send(message);
  });
}

/** The emulator in its own process, with the load generator's users created and started. */
async function startEmulatorProcess(children: ChildProcess[]): Promise<{ url: string }> {
  const child = fork(EMULATOR_PROCESS, [], { cwd: ROOT, execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  children.push(child);
  const ready = await ask<EmulatorChildMessage>(
    child,
    { type: "start", firstUserId: FIRST_USER_ID, users: USERS } satisfies EmulatorParentMessage,
    "ready",
  );
  return { url: ready.url };
}

/** Disconnects a child (each stops itself then), waits briefly, then kills it: nothing outlives the bench. */
async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()));
  if (child.connected) child.disconnect();
  const timer = setTimeout(() => child.kill(), graceMs);
  await exited;
  clearTimeout(timer);
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && resolve(invokedPath) === fileURLToPath(import.meta.url)) {
  await runWebhookBench();
}
