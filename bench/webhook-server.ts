/**
 * One bot behind `createHttpServer`, in a process of its own, for the webhook benchmark: each bot
 * measured has its own heap, garbage collector and JIT, so no bot pays for another's. Forked by
 * bench/webhook.ts (`node --import tsx`); over the IPC channel:
 *
 *   parent -> { type: "start", bot }   child -> { type: "listening", url, secretToken }
 *   parent -> { type: "cpu" }          child -> { type: "cpu", usage, gcMs, rssBytes, peakRssBytes, serverErrors, firstError }
 *
 * Each update is handled before the answer, so the process's CPU is the bot's own cost per update
 * plus the HTTP server's; in production the inbox stores the update first and the answer does
 * not wait for the handler. The parent disconnecting stops the server and the process.
 */
import { randomBytes } from "node:crypto";
import { PerformanceObserver } from "node:perf_hooks";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bot, type Context } from "grammy";
import { Registry } from "prom-client";
import type { BotContext } from "../src/bot/context.js";
import { createBot } from "../src/bot/create-bot.js";
import { createHttpServer } from "../src/http/http-server.js";
import { createStore, type Store } from "../src/store/index.js";
import {
  BENCH_BOT_INFO,
  BENCH_TOKEN,
  benchDigest,
  createBenchI18n,
  loadSeedLibrary,
  localApi,
  memoryStore,
  silentLogger,
} from "./fixtures.js";

/** What the full bot sends for the command, per language: text plus options (parse mode, keyboard). */
export type Reply = { text: string; other: Record<string, unknown> };

/**
 * The bots compared: the full bot with an in-memory SQLite store or with a SQLite file (Bot API
 * answered in-process, or over HTTP by the emulator at `apiRoot`), and a bare grammY bot with one
 * command that sends the full bot's reply.
 */
export type ServedBot =
  | { kind: "full"; store: "memory" | "file"; apiRoot?: string; command: string }
  | { kind: "bare"; command: string; replies: Record<string, Reply> };

export type ServerParentMessage = { type: "start"; bot: ServedBot } | { type: "cpu" };
export type ServerChildMessage =
  | { type: "listening"; url: string; secretToken: string }
  | { type: "cpu"; usage: NodeJS.CpuUsage; gcMs: number; rssBytes: number; peakRssBytes: number; serverErrors: number; firstError?: string };

const WEBHOOK_PATH = "/telegram/bench";

/** What `start` leaves to clean up when the parent goes. */
const cleanups: Array<() => Promise<void>> = [];

async function fullBot(served: Extract<ServedBot, { kind: "full" }>): Promise<Bot<BotContext>> {
  const library = await loadSeedLibrary();
  let store: Store;
  if (served.store === "memory") {
    store = await memoryStore();
  } else {
    const folder = await mkdtemp(join(tmpdir(), "briefing-webhook-bench-"));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    store = createStore({ databasePath: join(folder, "bench.sqlite") });
    await store.migrate();
  }
  cleanups.unshift(() => store.close());
  const bot = createBot({
    token: BENCH_TOKEN,
    botInfo: BENCH_BOT_INFO,
    i18n: createBenchI18n(),
    library: () => library,
    logger: silentLogger(),
    ...(served.apiRoot === undefined ? {} : { apiRoot: served.apiRoot }),
    store,
    digest: benchDigest(store, library),
  });
  if (served.apiRoot === undefined) bot.api.config.use(localApi());
  return bot;
}

/** grammY and one command: the floor any bot pays per update. */
function bareBot(served: Extract<ServedBot, { kind: "bare" }>): Bot {
  const bot = new Bot(BENCH_TOKEN, { botInfo: BENCH_BOT_INFO });
  bot.api.config.use(localApi());
  bot.command(served.command, async (ctx) => {
    const reply = served.replies[ctx.from?.language_code ?? ""] ?? served.replies.en;
    if (reply === undefined) throw new Error("no captured reply");
    await ctx.reply(reply.text, reply.other as Parameters<typeof ctx.reply>[1]);
  });
  return bot;
}

/** Time spent in garbage collection so far (ms), as the runtime reports each pause. */
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ["gc"] });

let serverErrors = 0;
let firstError: string | undefined;

async function start(served: ServedBot): Promise<void> {
  const bot: Bot<Context> = (served.kind === "full" ? await fullBot(served) : bareBot(served)) as unknown as Bot<Context>;
  const secretToken = randomBytes(24).toString("hex");
  const server = createHttpServer({
    port: 0,
    host: "127.0.0.1",
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
      firstError ??= String(error);
    },
  });
  const port = await server.listen();
  cleanups.unshift(() => server.close());
  process.send?.({ type: "listening", url: `http://127.0.0.1:${port}${WEBHOOK_PATH}`, secretToken } satisfies ServerChildMessage);
}

async function stop(): Promise<void> {
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  process.exit(0);
}

if (process.send === undefined) {
  console.error("bench/webhook-server.ts is started by bench/webhook.ts over IPC, not on its own");
  process.exit(2);
}
process.on("message", (message: ServerParentMessage) => {
  if (message.type === "cpu") {
    process.send?.({
      type: "cpu",
      usage: process.cpuUsage(),
      gcMs,
      rssBytes: process.memoryUsage.rss(),
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      serverErrors,
      ...(firstError === undefined ? {} : { firstError }),
    } satisfies ServerChildMessage);
    return;
  }
  start(message.bot).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
process.on("disconnect", () => void stop());
