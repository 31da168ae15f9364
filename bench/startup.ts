/**
 * Start-up benchmark: the real entry point started as a child process, from spawn until `/readyz`
 * answers 200, and its resident memory (VmRSS, the process and its children) once idle after
 * that; for `node --import tsx src/main.ts` (what `npm start` runs) and `node dist/main.js` (what
 * production runs, after `npm run build`, which this bench runs first). The Bot API is the
 * project's emulator in this process; every start gets a fresh SQLite file, so it includes the
 * migrations. Prints medians and the ratio dist / tsx; asserts nothing.
 * Run alone with `npx tsx bench/startup.ts`.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createEmulator } from "../src/telegram-emulator/index.js";
import { deployedNodeFlags } from "./node-flags.js";
import { formatMs, median } from "./stats.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Timed starts per variant, alternating between the variants; one untimed start of each comes first. */
const RUNS = 5;
/** How long the bot idles after it is ready before its memory is read (ms). */
const IDLE_MS = 1_500;
/** A start that takes longer than this is a failure (ms). */
const READY_TIMEOUT_MS = 60_000;
/** How often /readyz is asked (ms). */
const POLL_MS = 10;

/** The two ways the bot runs, each with the V8 flags it is deployed with. */
async function variants(): Promise<Array<{ name: string; args: string[] }>> {
  const flags = await deployedNodeFlags();
  return [
    { name: `node ${flags.join(" ")} --import tsx src/main.ts`, args: [...flags, "--import", "tsx", "src/main.ts"] },
    { name: `node ${flags.join(" ")} dist/main.js`, args: [...flags, "dist/main.js"] },
  ];
}

interface StartFigures {
  readyMs: number;
  /** VmRSS of the process and its children (tsx's esbuild service), kB; undefined without /proc. */
  rssKb: number | undefined;
}

export async function runStartupBench(): Promise<void> {
  const buildStarted = performance.now();
  const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`npm run build failed (${build.status}):\n${build.stdout}${build.stderr}`);
  console.log(`startup: npm run build (tsc to dist/, migrations copied) took ${formatMs(performance.now() - buildStarted)}`);

  const ways = await variants();
  const emulator = createEmulator();
  const { url } = await emulator.start();
  const token = emulator.bots[0]?.token ?? "";
  const data = mkdtempSync(join(tmpdir(), "briefing-bench-startup-"));
  const figures = new Map<string, StartFigures[]>(ways.map((variant) => [variant.name, []]));
  console.log(
    `startup: ${RUNS} starts of each (after one untimed), alternating; spawn until /readyz answers 200, then VmRSS after ${IDLE_MS} ms idle; Bot API: the emulator in this process; a fresh SQLite file each start`,
  );
  try {
    let start = 0;
    for (let run = 0; run <= RUNS; run += 1) {
      for (const variant of ways) {
        start += 1;
        const measured = await startOnce(variant.args, {
          BOT_TOKEN: token,
          BOT_API_ROOT: url,
          DATABASE_PATH: join(data, `start-${start}.sqlite`),
        });
        if (run > 0) figures.get(variant.name)?.push(measured);
      }
    }
  } finally {
    await emulator.stop();
    rmSync(data, { recursive: true, force: true });
  }

  const medians = ways.map((variant) => {
    const runs = figures.get(variant.name) ?? [];
    const readyMs = median(runs.map((figure) => figure.readyMs));
    const rss = runs.map((figure) => figure.rssKb).filter((value): value is number => value !== undefined);
    const rssMb = rss.length === 0 ? undefined : median(rss) / 1_024;
    console.log(
      `startup: ${variant.name}: ready in median ${formatMs(readyMs)} (${runs.map((figure) => formatMs(figure.readyMs)).join(", ")}); idle RSS median ${formatMb(rssMb)}`,
    );
    return { readyMs, rssMb };
  });
  const [tsx, dist] = medians;
  if (tsx === undefined || dist === undefined) return;
  console.log(
    `startup: dist / tsx: start-up ${(dist.readyMs / tsx.readyMs).toFixed(2)}, idle RSS ${
      dist.rssMb === undefined || tsx.rssMb === undefined ? "n/a" : (dist.rssMb / tsx.rssMb).toFixed(2)
    } (below 1: the build is cheaper)`,
  );
}

/** Starts the entry point once, waits for /readyz, reads its memory, stops it with SIGTERM. */
async function startOnce(args: readonly string[], env: Record<string, string>): Promise<StartFigures> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      BOT_MODE: "polling",
      DATABASE_URL: "",
      REDIS_URL: "",
      PORT: String(port),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited ${child.exitCode} before it was ready:\n${output}`);
      if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`${args.join(" ")} not ready within ${READY_TIMEOUT_MS} ms:\n${output}`);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ready) break;
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
    const readyMs = performance.now() - started;
    await new Promise((done) => setTimeout(done, IDLE_MS));
    const rssKb = child.pid === undefined ? undefined : treeRssKb(child.pid);
    child.kill("SIGTERM");
    const code = await exited;
    if (code !== 0) throw new Error(`${args.join(" ")} exited ${code} on SIGTERM:\n${output}`);
    return { readyMs, rssKb };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

/** VmRSS (kB) of a process and all its descendants, from /proc; undefined where there is no /proc. */
function treeRssKb(pid: number): number | undefined {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return undefined;
  const own = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(status, "utf8"))?.[1] ?? 0);
  return own + childrenOf(pid).reduce((sum, child) => sum + (treeRssKb(child) ?? 0), 0);
}

/** Children of every thread: tsx's loader thread, not the main one, starts esbuild. */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function formatMb(mb: number | undefined): string {
  return mb === undefined ? "n/a (no /proc)" : `${mb.toFixed(0)} MB`;
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

const invokedPath = process.argv[1];
if (invokedPath !== undefined && resolve(invokedPath) === fileURLToPath(import.meta.url)) {
  await runStartupBench();
}
