/**
 * Content pipeline benchmark: loading and summarizing the real seed, and building a library from
 * 1,000 generated articles of the same shape. Prints figures; asserts nothing.
 * Run alone with `npx tsx bench/content.ts`.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildLibrary, loadLibrary, type LibraryInputFile } from "../src/content/library.js";
import { median, seededRandom } from "./stats.js";

const SEEDS_DIR = fileURLToPath(new URL("../seeds/", import.meta.url));
const SEED_FILE = "000_0b443b57f3d4f16f.txt";

/** Runs of the seed load; the median hides one-off pauses (JIT warm-up, GC). */
const SEED_RUNS = 15;
const SEED_WARMUP_RUNS = 30;
const GENERATED_ARTICLES = 1_000;
const GENERATED_RUNS = 3;
/** Target from the brief: a 1,000-article library builds in under 2 s on one core. */
const TARGET_MS_FOR_1000 = 2_000;
const GENERATOR_SEED = 20251104;

/** Prints the timings of the content pipeline to the console. */
export async function runContentBench(): Promise<void> {
  const coldStarted = performance.now();
  const first = await loadLibrary(SEEDS_DIR);
  const coldMs = performance.now() - coldStarted;
  if (first.documents.length === 0) throw new Error(`no documents loaded from ${SEEDS_DIR}`);
  // Untimed runs first: the figure that matters for reloads is the warmed-up one.
  for (let run = 0; run < SEED_WARMUP_RUNS; run += 1) await loadLibrary(SEEDS_DIR);
  const seedTimes: number[] = [];
  for (let run = 0; run < SEED_RUNS; run += 1) {
    const started = performance.now();
    await loadLibrary(SEEDS_DIR);
    seedTimes.push(performance.now() - started);
  }
  console.log(
    `content: load + summarize the seed folder: first (cold) run ${formatMs(coldMs)}, warm median ${formatMs(median(seedTimes))} over ${SEED_RUNS} runs`,
  );

  const articles = generateArticles(await readFile(`${SEEDS_DIR}${SEED_FILE}`, "utf8"), GENERATED_ARTICLES);
  const buildTimes: number[] = [];
  let sections = 0;
  for (let run = 0; run < GENERATED_RUNS; run += 1) {
    const started = performance.now();
    const library = buildLibrary(articles);
    buildTimes.push(performance.now() - started);
    sections = library.sections().length;
  }
  const buildMs = median(buildTimes);
  console.log(
    `content: build library from ${GENERATED_ARTICLES} generated articles (${sections} sections): median ${formatMs(buildMs)} over ${GENERATED_RUNS} runs`,
  );
  console.log(
    `content: target under ${formatMs(TARGET_MS_FOR_1000)} for 1,000 on one core: ratio ${(buildMs / TARGET_MS_FOR_1000).toFixed(2)} (below 1 meets it)`,
  );
}

/**
 * Articles shaped like the seed (title, lead, dateline, overview, five subheaded sections, teasers
 * and a subscribe line), recombined from the seed's own sentences and headings by a seeded PRNG,
 * so every run measures the same input.
 */
export function generateArticles(seedText: string, count: number): LibraryInputFile[] {
  const library = buildLibrary([{ file: SEED_FILE, content: seedText }]);
  const document = library.documents[0];
  if (!document) throw new Error(`the seed ${SEED_FILE} did not parse: ${JSON.stringify(library.problems)}`);
  const sentences = document.sections.flatMap((section) => section.sentences);
  const headings = document.sections.flatMap((section) => (section.heading === null ? [] : [section.heading]));
  const random = seededRandom(GENERATOR_SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const articles: LibraryInputFile[] = [];
  for (let number = 1; number <= count; number += 1) {
    const pool = shuffle(sentences, random);
    const take = (amount: number): string[] => pool.splice(0, amount);
    const day = 1 + Math.floor(random() * 28);
    const lines: string[] = [
      "---",
      `source: Bench Agency`,
      `date: 2025-11-${String(day).padStart(2, "0")}`,
      "---",
      `${pick(headings)}: обзор ${number}`,
      "",
      ...take(1),
      "Подписывайтесь на Sputnik в Дзен",
      `МИНСК, ${day} ноя – Sputnik. ${take(2).join(" ")}`,
      take(2).join(" "),
      `${pick(sentences).slice(0, 60)}>>>`,
    ];
    for (const heading of shuffle(headings, random)) {
      lines.push("", heading, "", take(2).join(" "), take(1 + Math.floor(random() * 2)).join(" "), `${pick(headings)}>>>`);
    }
    lines.push("Самые интересные и важные новости ищите в нашем Telegram-канале и Viber. Также следите за нами в Дзен!");
    articles.push({ file: `bench_${String(number).padStart(4, "0")}.txt`, content: lines.join("\n") });
  }
  return articles;
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

function formatMs(ms: number): string {
  return ms >= 1_000 ? `${(ms / 1_000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && resolve(invokedPath) === fileURLToPath(import.meta.url)) {
  await runContentBench();
}
