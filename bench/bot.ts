/**
 * Bot benchmark, in-process: the full bot from `createBot` (seed library, locales, silent logger)
 * with every Bot API call answered locally, driven by `bot.handleUpdate`; then search over 1,000
 * generated articles. Prints figures; asserts nothing.
 * Run alone with `npx tsx bench/bot.ts`.
 */
import { readdir, readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Update } from "grammy/types";
import { createBot } from "../src/bot/create-bot.js";
import { buildLibrary, type ContentLibrary } from "../src/content/library.js";
import { createSearchIndex } from "../src/content/search.js";
import { generateArticles } from "./content.js";
import {
  BENCH_BOT_INFO,
  BENCH_TOKEN,
  SEEDS_DIR,
  createBenchI18n,
  loadSeedLibrary,
  localApi,
  memoryStore,
  benchDigest,
  silentLogger,
  type BenchCall,
} from "./fixtures.js";
import { formatMs, formatRatio, formatSummary, summarize } from "./stats.js";
import { FIRST_USER_ID, commandUpdate, inlineQueryUpdate } from "./updates.js";

/** Target from the brief: a /space update costs under 1 ms in-process. */
const COMMAND_TARGET_MS = 1;
/** Target from the brief: inline answers and searches stay under 5 ms at p99. */
const INLINE_TARGET_P99_MS = 5;
const SEARCH_TARGET_P99_MS = 5;

/** Untimed runs first, so the figures are for JIT-compiled code, as in a bot that has run a while. */
const WARMUP_UPDATES = 1_000;
const COMMAND_UPDATES = 3_000;
const INLINE_UPDATES = 1_000;
/** Distinct users the updates rotate through (one chat each). */
const USERS = 500;
const SEARCH_QUERY = "лунная станция";

const GENERATED_ARTICLES = 1_000;
const INDEX_BUILD_RUNS = 3;
const SEARCH_WARMUP_RUNS = 10;
const SEARCH_RUNS = 60;
const SEARCH_QUERIES = [
  "лунная станция",
  "торговля",
  "искусственный интеллект",
  "Северный морской путь",
  "БРИКС ШОС",
  "space",
  "несуществующееслово",
];
/**
 * The full bot's inline search over the 1,000 articles: every search query in turn, after a few
 * warm-up rounds that are not counted (the first builds the index); stopped early past the budget (ms).
 */
const BIG_INLINE_ROUNDS = 40;
const BIG_INLINE_WARMUP_ROUNDS = 3;
const BIG_INLINE_BUDGET_MS = 10_000;

export async function runBotBench(): Promise<void> {
  const seedLibrary = await loadSeedLibrary();
  const driver = await createDriver(seedLibrary);

  await benchUpdates(driver, "/space", (id, user) => commandUpdate(id, user, "space"), COMMAND_UPDATES, (summary) =>
    [
      `target mean under ${formatMs(COMMAND_TARGET_MS)}: mean ${formatRatio(summary.mean, COMMAND_TARGET_MS)}`,
      `p99 ${formatRatio(summary.p99, COMMAND_TARGET_MS)}`,
    ].join("; "),
  );

  // The first inline query builds the search index of the library: worth seeing on its own.
  const coldInlineMs = await driver.time(inlineQueryUpdate(driver.nextId(), FIRST_USER_ID, SEARCH_QUERY));
  console.log(`bot: first inline query (builds the search index of the seed library): ${formatMs(coldInlineMs)}`);
  for (const query of ["", SEARCH_QUERY]) {
    await benchUpdates(
      driver,
      `inline query ${JSON.stringify(query)}`,
      (id, user) => inlineQueryUpdate(id, user, query),
      INLINE_UPDATES,
      (summary) => `target p99 under ${formatMs(INLINE_TARGET_P99_MS)}: ${formatRatio(summary.p99, INLINE_TARGET_P99_MS)}`,
    );
  }

  const bigLibrary = await generatedLibrary();
  benchSearch(bigLibrary);
  await benchBigInline(bigLibrary);
}

interface Driver {
  /** Handles one update and returns the time it took (ms); throws if the bot's handler failed. */
  time(update: Update): Promise<number>;
  nextId(): number;
  calls: BenchCall[];
}

/** The full bot on `library`, answering Bot API calls in-process and keeping only the last few calls. */
async function createDriver(library: ContentLibrary): Promise<Driver> {
  const store = await memoryStore();
  const bot = createBot({
    store,
    digest: benchDigest(store, library),
    token: BENCH_TOKEN,
    botInfo: BENCH_BOT_INFO,
    i18n: createBenchI18n(),
    library: () => library,
    logger: silentLogger(),
  });
  const calls: BenchCall[] = [];
  bot.api.config.use(
    localApi((call) => {
      // The last call is enough to check the bot answered; keeping all would grow the heap.
      calls.length = 0;
      calls.push(call);
    }),
  );
  let updateId = 0;
  return {
    calls,
    nextId: () => ++updateId,
    async time(update) {
      calls.length = 0;
      const started = performance.now();
      await bot.handleUpdate(update);
      const elapsed = performance.now() - started;
      if (calls.length === 0) throw new Error(`the bot answered nothing to update ${JSON.stringify(update)}`);
      return elapsed;
    },
  };
}

async function benchUpdates(
  driver: Driver,
  label: string,
  makeUpdate: (updateId: number, userId: number) => Update,
  count: number,
  verdict: (summary: ReturnType<typeof summarize>) => string,
): Promise<void> {
  const userFor = (index: number): number => FIRST_USER_ID + (index % USERS);
  for (let index = 0; index < WARMUP_UPDATES; index += 1) await driver.time(makeUpdate(driver.nextId(), userFor(index)));
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) {
    times.push(await driver.time(makeUpdate(driver.nextId(), userFor(index))));
  }
  const summary = summarize(times);
  console.log(`bot: ${label} per update, in-process: ${formatSummary(summary)}`);
  console.log(`bot: ${label}: ${verdict(summary)}`);
}

/** 1,000 articles recombined from the seed, the same ones bench/content.ts builds. */
async function generatedLibrary(): Promise<ContentLibrary> {
  const seedFile = (await readdir(SEEDS_DIR)).filter((name) => name.endsWith(".txt")).sort()[0];
  if (seedFile === undefined) throw new Error(`no .txt seed in ${SEEDS_DIR}`);
  const articles = generateArticles(await readFile(resolve(SEEDS_DIR, seedFile), "utf8"), GENERATED_ARTICLES);
  return buildLibrary(articles);
}

function benchSearch(library: ContentLibrary): void {
  const sections = library.sections();
  const buildTimes: number[] = [];
  let index = createSearchIndex(sections);
  for (let run = 0; run < INDEX_BUILD_RUNS; run += 1) {
    const started = performance.now();
    index = createSearchIndex(sections);
    buildTimes.push(performance.now() - started);
  }
  console.log(
    `search: build the index over ${GENERATED_ARTICLES} generated articles (${sections.length} sections): median ${formatMs(summarize(buildTimes).p50)} over ${INDEX_BUILD_RUNS} runs`,
  );
  let worstP99 = 0;
  for (const query of SEARCH_QUERIES) {
    let hits = 0;
    for (let run = 0; run < SEARCH_WARMUP_RUNS; run += 1) hits = index.search(query).length;
    const times: number[] = [];
    for (let run = 0; run < SEARCH_RUNS; run += 1) {
      const started = performance.now();
      index.search(query);
      times.push(performance.now() - started);
    }
    const summary = summarize(times);
    worstP99 = Math.max(worstP99, summary.p99);
    console.log(`search: ${JSON.stringify(query)} (${hits} hits): p50 ${formatMs(summary.p50)}, p99 ${formatMs(summary.p99)}`);
  }
  console.log(
    `search: target p99 under ${formatMs(SEARCH_TARGET_P99_MS)} per query: worst query ${formatRatio(worstP99, SEARCH_TARGET_P99_MS)}`,
  );
}

/** What a user of a bot with 1,000 articles waits for: the full bot's inline search, not only the index. */
async function benchBigInline(library: ContentLibrary): Promise<void> {
  const driver = await createDriver(library);
  const first = await driver.time(inlineQueryUpdate(driver.nextId(), FIRST_USER_ID, SEARCH_QUERY));
  const answered = driver.calls[0]?.payload.results;
  const results = Array.isArray(answered) ? answered.length : 0;
  const times: number[] = [];
  const started = performance.now();
  let user = FIRST_USER_ID;
  for (let round = 0; round < BIG_INLINE_WARMUP_ROUNDS + BIG_INLINE_ROUNDS && performance.now() - started < BIG_INLINE_BUDGET_MS; round += 1) {
    for (const query of SEARCH_QUERIES) {
      user += 1;
      const elapsed = await driver.time(inlineQueryUpdate(driver.nextId(), user, query));
      if (round >= BIG_INLINE_WARMUP_ROUNDS) times.push(elapsed);
    }
  }
  const summary = summarize(times);
  console.log(
    `bot: inline queries over ${GENERATED_ARTICLES} articles, full bot (${SEARCH_QUERIES.length} queries in turn; ${JSON.stringify(SEARCH_QUERY)} answers ${results} results on its first page): first ${formatMs(first)} (builds the index), then ${formatSummary(summary)}`,
  );
  console.log(`bot: inline over ${GENERATED_ARTICLES} articles: target p99 under ${formatMs(INLINE_TARGET_P99_MS)}: ${formatRatio(summary.p99, INLINE_TARGET_P99_MS)}`);
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && resolve(invokedPath) === fileURLToPath(import.meta.url)) {
  await runBotBench();
}
