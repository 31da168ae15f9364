/**
 * Webhook benchmark on loopback: the bot served by `createHttpServer`, each update handled before
 * the answer, loaded by bench/load-generator.ts in another process. Measures updates/s,
 * latency, and the server process's CPU per update for the full bot and for a bare grammY bot
 * that sends the same reply; then the full bot with a SQLite store, as deployed; then the full bot
 * with its replies going over HTTP to the emulator.
 * Prints figures; asserts nothing. Run alone with `npx tsx bench/webhook.ts`.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Bot, type Context } from "grammy";
import { Registry } from "prom-client";
import type { BotContext } from "../src/bot/context.js";
import { createBot } from "../src/bot/create-bot.js";
import type { ContentLibrary } from "../src/content/library.js";
import { createHttpServer } from "../src/http/http-server.js";
import { createStore, type Store } from "../src/store/index.js";
import type { EmulatorChildMessage, EmulatorParentMessage } from "./emulator-process.js";
import {
  BENCH_BOT_INFO,
  BENCH_TOKEN,
  createBenchI18n,
  loadSeedLibrary,
  localApi,
  memoryStore,
  benchDigest,
  silentLogger,
  type BenchCall,
} from "./fixtures.js";
import type { ChildMessage, LoadConfig, LoadResult, ParentMessage } from "./load-generator.js";
import { formatMs, formatRatio, summarize } from "./stats.js";
import { FIRST_USER_ID, commandUpdate, languageOf } from "./updates.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const LOAD_GENERATOR = fileURLToPath(new URL("./load-generator.ts", import.meta.url));
const EMULATOR_PROCESS = fileURLToPath(new URL("./emulator-process.ts", import.meta.url));

const COMMAND = "space";
const WEBHOOK_PATH = "/telegram/bench";
const REQUESTS = 5_000;
/** Untimed requests first, so every bot is measured JIT-compiled and with warm connections. */
const WARMUP_REQUESTS = 2_000;
const CONCURRENCY = 32;
/** Distinct users (private chats) the updates rotate through. */
const USERS = 1_000;
/** Full and bare bot run alternately this many times; the lowest CPU per update of each is compared. */
const ROUNDS = 2;
/** The load generator stops sending after this long (ms)... */
const LOAD_DEADLINE_MS = 60_000;
/** ...and is killed if it has not reported this long after starting (ms). */
const CHILD_GUARD_MS = 2 * LOAD_DEADLINE_MS + 30_000;
/** Target from the brief: the full bot costs at most 1.5 times a bare grammY bot's CPU per update. */
const CPU_RATIO_TARGET = 1.5;

/** One load run against one bot. */
interface RunFigures {
  result: LoadResult;
  /** Server process CPU (user + system) per measured update, ms. */
  cpuMsPerUpdate: number;
  serverErrors: number;
}

export async function runWebhookBench(): Promise<void> {
  const library = await loadSeedLibrary();
  const replies = await captureReplies(library);
  console.log(
    `webhook: ${REQUESTS} distinct /${COMMAND} updates (after ${WARMUP_REQUESTS} warm-up) from ${USERS} users, ${CONCURRENCY} in flight, keep-alive, 127.0.0.1; load generator in its own process; CPU is the server process's own (process.cpuUsage)`,
  );

  const full: RunFigures[] = [];
  const bare: RunFigures[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    full.push(await measure(`full bot, in-memory store, Bot API answered in-process [round ${round}]`, fullBot(library, { store: await memoryStore() })));
    bare.push(await measure(`bare grammY bot, same reply, Bot API answered in-process [round ${round}]`, bareBot(replies)));
  }
  const fullCpu = Math.min(...full.map((run) => run.cpuMsPerUpdate));
  const bareCpu = Math.min(...bare.map((run) => run.cpuMsPerUpdate));
  const ratio = fullCpu / bareCpu;
  console.log(
    `webhook: CPU per update (best of ${ROUNDS}), full / bare: ${formatMs(fullCpu)} / ${formatMs(bareCpu)} = ${ratio.toFixed(2)}; target at most ${CPU_RATIO_TARGET}: ${formatRatio(ratio, CPU_RATIO_TARGET)}`,
  );

  // As deployed: the store records every chat it hears from and keeps conversation state.
  const folder = await mkdtemp(join(tmpdir(), "briefing-webhook-bench-"));
  try {
    const store = createStore({ databasePath: join(folder, "bench.sqlite") });
    try {
      await store.migrate();
      const withStore = await measure("full bot with a SQLite store (temp file), Bot API answered in-process", fullBot(library, { store }));
      console.log(
        `webhook: CPU per update with the store, full / bare: ${formatMs(withStore.cpuMsPerUpdate)} / ${formatMs(bareCpu)} = ${(withStore.cpuMsPerUpdate / bareCpu).toFixed(2)} (for information; the target is for the bot without a store)`,
      );
    } finally {
      await store.close();
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }

  const emulator = await startEmulatorProcess();
  try {
    const overHttp = await measure(
      "full bot, replies over HTTP to the emulator (emulator in its own process)",
      fullBot(library, { apiRoot: emulator.url, store: await memoryStore() }),
    );
    console.log(
      `webhook: the bot's HTTP client adds ${formatMs(overHttp.cpuMsPerUpdate - fullCpu)} CPU per update over answering the Bot API in-process`,
    );
  } finally {
    await emulator.stop();
  }
}

/**
 * The full bot; Bot API calls answered in-process (and shown to `onCall`), or sent to `apiRoot`
 * when given.
 */
function fullBot(
  library: ContentLibrary,
  options: { apiRoot?: string; store: Store; onCall?: (call: BenchCall) => void },
): Bot<BotContext> {
  const { apiRoot, store, onCall } = options;
  const bot = createBot({
    token: BENCH_TOKEN,
    botInfo: BENCH_BOT_INFO,
    i18n: createBenchI18n(),
    library: () => library,
    logger: silentLogger(),
    ...(apiRoot === undefined ? {} : { apiRoot }),
    store,
    digest: benchDigest(store, library),
  });
  if (apiRoot === undefined) bot.api.config.use(localApi(onCall));
  return bot;
}

/** What the full bot sends for the command, per language: text plus options (parse mode, keyboard). */
type Reply = { text: string; other: Record<string, unknown> };

async function captureReplies(library: ContentLibrary): Promise<Map<string, Reply>> {
  const calls: BenchCall[] = [];
  const bot = fullBot(library, { store: await memoryStore(), onCall: (call) => calls.push(call) });
  const replies = new Map<string, Reply>();
  for (const userId of [FIRST_USER_ID, FIRST_USER_ID + 1]) {
    calls.length = 0;
    await bot.handleUpdate(commandUpdate(userId, userId, COMMAND));
    const sent = calls.find((call) => call.method === "sendMessage");
    if (sent === undefined) throw new Error(`the full bot sent no message for /${COMMAND}`);
    const { chat_id: _chatId, text, ...other } = sent.payload;
    replies.set(languageOf(userId), { text: String(text), other });
  }
  return replies;
}

/** grammY and one command: the floor any bot pays per update. Sends the full bot's reply. */
function bareBot(replies: Map<string, Reply>): Bot {
  const bot = new Bot(BENCH_TOKEN, { botInfo: BENCH_BOT_INFO });
  bot.api.config.use(localApi());
  bot.command(COMMAND, async (ctx) => {
    const reply = replies.get(ctx.from?.language_code ?? "") ?? replies.get("en");
    if (reply === undefined) throw new Error("no captured reply");
    await ctx.reply(reply.text, reply.other as Parameters<typeof ctx.reply>[1]);
  });
  return bot;
}

/** Serves `bot` on a fresh server, runs the load generator against it, and prints the figures. */
async function measure<C extends Context>(label: string, bot: Bot<C>): Promise<RunFigures> {
  const secretToken = randomBytes(24).toString("hex");
  let serverErrors = 0;
  let firstError: unknown;
  const server = createHttpServer({
    port: 0,
    host: "127.0.0.1",
    // The update is handled before the answer, so the figures are the bot's own cost per update;
    // in production the inbox stores it first and the answer does not wait for the handler.
    webhook: {
      path: WEBHOOK_PATH,
      secret: secretToken,
      accept: async (update) => {
        await bot.handleUpdate(update);
        return "accepted";
      },
    },
    ready: async () => true,
    metrics: new Registry(),
    onError: (error) => {
      serverErrors += 1;
      firstError ??= error;
    },
  });
  const port = await server.listen();
  try {
    const config: LoadConfig = {
      url: `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
      secretToken,
      command: COMMAND,
      warmupRequests: WARMUP_REQUESTS,
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      users: USERS,
      firstUserId: FIRST_USER_ID,
      firstUpdateId: 1,
      deadlineMs: LOAD_DEADLINE_MS,
    };
    let cpuAtStart: NodeJS.CpuUsage | undefined;
    const result = await runLoadGenerator(config, () => {
      cpuAtStart = process.cpuUsage();
    });
    const cpu = process.cpuUsage(cpuAtStart);
    const updates = Math.max(result.requests, 1);
    const figures: RunFigures = { result, cpuMsPerUpdate: (cpu.user + cpu.system) / 1_000 / updates, serverErrors };
    const latency = summarize(result.latenciesMs);
    const statuses = Object.entries(result.statuses)
      .map(([status, count]) => `${status}×${count}`)
      .join(", ");
    console.log(
      [
        `webhook: ${label}:`,
        `  ${result.requests} updates in ${formatMs(result.elapsedMs)} = ${Math.round((result.requests / result.elapsedMs) * 1_000)} updates/s${result.timedOut ? " (stopped at the deadline)" : ""}`,
        `  latency p50 ${formatMs(latency.p50)}, p99 ${formatMs(latency.p99)}, max ${formatMs(latency.max)}; statuses ${statuses}`,
        `  server CPU ${formatMs(figures.cpuMsPerUpdate)} per update (user ${formatMs(cpu.user / 1_000 / updates)}, system ${formatMs(cpu.system / 1_000 / updates)})`,
      ].join("\n"),
    );
    if (serverErrors > 0) console.log(`webhook:   ${serverErrors} requests failed in the server; first: ${String(firstError)}`);
    return figures;
  } finally {
    await server.close();
  }
}

/** Forks the load generator, lets it warm up, calls `onMeasureStart`, and resolves with its result. */
async function runLoadGenerator(config: LoadConfig, onMeasureStart: () => void): Promise<LoadResult> {
  const child = fork(LOAD_GENERATOR, [], { cwd: ROOT, execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  try {
    return await new Promise<LoadResult>((resolveResult, reject) => {
      const guard = setTimeout(() => reject(new Error(`the load generator did not report within ${CHILD_GUARD_MS} ms`)), CHILD_GUARD_MS);
      child.on("message", (message: ChildMessage) => {
        if (message.type === "warmed") {
          onMeasureStart();
          child.send({ type: "go" } satisfies ParentMessage);
        } else {
          clearTimeout(guard);
          resolveResult(message.result);
        }
      });
      child.once("error", (error) => {
        clearTimeout(guard);
        reject(error);
      });
      child.once("exit", (code, signal) => {
        clearTimeout(guard);
        reject(new Error(`the load generator exited (${signal ?? code}) before reporting`));
      });
      child.send({ type: "start", config } satisfies ParentMessage);
    });
  } finally {
    await stopChild(child);
  }
}

/** The emulator in its own process, with the load generator's users created and started. */
async function startEmulatorProcess(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = fork(EMULATOR_PROCESS, [], { cwd: ROOT, execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      const guard = setTimeout(() => reject(new Error("the emulator did not start within 30 s")), 30_000);
      child.once("message", (message: EmulatorChildMessage) => {
        clearTimeout(guard);
        resolveUrl(message.url);
      });
      child.once("exit", (code) => {
        clearTimeout(guard);
        reject(new Error(`the emulator process exited (${code}) before it was ready`));
      });
      child.send({ type: "start", firstUserId: FIRST_USER_ID, users: USERS } satisfies EmulatorParentMessage);
    });
    return {
      url,
      stop: async () => {
        if (child.connected) child.send({ type: "stop" } satisfies EmulatorParentMessage);
        await stopChild(child);
      },
    };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

/** Waits briefly for a child that was told to finish, then kills it: nothing outlives the bench. */
async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()));
  const timer = setTimeout(() => child.kill(), graceMs);
  await exited;
  clearTimeout(timer);
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && resolve(invokedPath) === fileURLToPath(import.meta.url)) {
  await runWebhookBench();
}
