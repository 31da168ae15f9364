/**
 * `npm run bench`: every benchmark in turn, each under its own header; `npm run bench -- bot webhook`
 * runs only those. Benchmarks print figures and ratios to their targets and assert nothing; a
 * benchmark that throws is reported, the others still run, and the exit code is then 1.
 */
import { runBotBench } from "./bot.js";
import { runContentBench } from "./content.js";
import { runDigestBench } from "./digest.js";
import { runQualityBench } from "./quality.js";
import { runStartupBench } from "./startup.js";
import { runStoreBench } from "./store.js";
import { runWebhookBench } from "./webhook.js";

/** In the order they run: the pure pipeline first, the process-heavy ones last. */
const BENCHES: ReadonlyArray<{ name: string; about: string; run: () => Promise<void> }> = [
  { name: "content", about: "load and summarize the seed; build a library of 1,000 articles", run: runContentBench },
  { name: "store", about: "findDue over 1,000,000 subscriptions in SQLite (inserting them takes a while)", run: runStoreBench },
  { name: "bot", about: "the full bot in-process: /space, inline queries, search over 1,000 articles", run: runBotBench },
  { name: "webhook", about: "webhook throughput on loopback; CPU per update, full bot vs bare grammY", run: runWebhookBench },
  { name: "digest", about: "broadcasts at the real and the paid rate through the emulator; memory over 1,000,000 due subscriptions", run: runDigestBench },
  { name: "quality", about: "labelled corpus: topic precision/recall, boilerplate leaks, sentence splits, ROUGE vs Lead-3", run: runQualityBench },
  { name: "startup", about: "npm run build; start-up to /readyz and idle RSS, node --import tsx src/main.ts vs node dist/main.js", run: runStartupBench },
];

async function main(): Promise<number> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !BENCHES.some((bench) => bench.name === name));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(", ")}; choose from: ${BENCHES.map((bench) => bench.name).join(", ")}`);
    return 2;
  }
  const selected = requested.length === 0 ? BENCHES : BENCHES.filter((bench) => requested.includes(bench.name));
  const failed: string[] = [];
  const started = performance.now();
  for (const bench of selected) {
    console.log(`\n=== ${bench.name}: ${bench.about} ===`);
    const benchStarted = performance.now();
    try {
      await bench.run();
      console.log(`=== ${bench.name}: done in ${formatSeconds(performance.now() - benchStarted)} ===`);
    } catch (error) {
      failed.push(bench.name);
      console.error(`=== ${bench.name}: FAILED after ${formatSeconds(performance.now() - benchStarted)} ===`);
      console.error(error);
    }
  }
  const total = formatSeconds(performance.now() - started);
  console.log(
    failed.length === 0
      ? `\n${selected.length} benchmarks in ${total}`
      : `\n${selected.length} benchmarks in ${total}; failed: ${failed.join(", ")}`,
  );
  return failed.length === 0 ? 0 : 1;
}

function formatSeconds(ms: number): string {
  return `${(ms / 1_000).toFixed(1)} s`;
}

// Exit explicitly: a benchmark that leaves a handle open must not keep `npm run bench` running.
process.exit(await main());
