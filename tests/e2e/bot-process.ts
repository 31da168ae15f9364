/**
 * Runs the real entry point (`src/main.ts`) as a child process, the way `npm start` does, with
 * its environment pointed at an emulator and a temp folder, and collects what it prints.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface BotProcess {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr together. */
  output(): string;
  /** Resolves once the bot's `/readyz` answers 200 (updates flow); fails with its output otherwise. */
  started(timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Sends SIGTERM and resolves with the exit code and how long the exit took (ms). */
  terminate(): Promise<{ code: number | null; ms: number }>;
}

/** How long a bot process may take to start on a loaded machine (ms). */
const STARTUP_TIMEOUT_MS = 20_000;

/** A fresh temp folder for one test's database file. */
export function tempDir(prefix = "briefing-e2e-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Starts `src/main.ts` with only the given variables (plus PATH and HOME). */
export function startBotProcess(env: Record<string, string>, options: { stdin?: string } = {}): BotProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", PORT: "0", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    started: (timeoutMs = STARTUP_TIMEOUT_MS) => readyz(child, () => output, timeoutMs),
    exited,
    async terminate() {
      const started = Date.now();
      if (child.exitCode === null) child.kill("SIGTERM");
      const code = await exited;
      return { code, ms: Date.now() - started };
    },
  };
}

/**
 * Waits until the process's `/readyz` answers 200. The port is the one it logs as bound (the tests
 * start it with PORT=0); a process that exits first fails at once with its output.
 */
async function readyz(child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the bot exited before it was ready:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`timed out: the bot is not ready\n${output()}`);
    const port = /"port":(\d+)/u.exec(output())?.[1];
    const ready = port !== undefined && (await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.ok, () => false));
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls `condition` every 50 ms until it holds, or fails with `message` (and `details()`) after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  message: string,
  timeoutMs = 15_000,
  details: () => string = () => "",
): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out: ${message}\n${details()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A port that was free a moment ago, for a URL that must name it before the server starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/**
 * Starts the bot in webhook mode against `emulator` (started) with a real SQLite file in a temp
 * folder, on a free port; resolves once it serves, with the process and its HTTP base URL.
 */
export async function startWebhookBotProcess(
  emulator: { bots: ReadonlyArray<{ token: string }>; url: string | undefined },
  secret: string,
): Promise<{ bot: BotProcess; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const bot = startBotProcess({
    BOT_TOKEN: emulator.bots[0]?.token ?? "",
    BOT_API_ROOT: emulator.url ?? "",
    BOT_MODE: "webhook",
    WEBHOOK_URL: `${base}/telegram/updates`,
    WEBHOOK_SECRET: secret,
    PORT: String(port),
    DATABASE_PATH: join(tempDir(), "bot.sqlite"),
  });
  await bot.started();
  return { bot, base };
}
