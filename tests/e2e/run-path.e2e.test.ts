import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/telegram-emulator/index.js";
import { freePort, PROJECT_ROOT, tempDir, waitFor } from "./bot-process.js";

/**
 * The ways the bot is run: `npm run build` and `node dist/main.js` (production), and `npm start`
 * (a newcomer's one command) in both its modes. A signal sent to the `npm start` process itself
 * must stop the bot gracefully: npm exits 0 and leaves no process behind.
 */

/** How long a stop may take, from the signal to npm's exit (ms); the bot promises 10 s. */
const STOP_LIMIT_MS = 10_000;
/** Start-up on a loaded two-core machine (ms). */
const READY_TIMEOUT_MS = 30_000;

interface Spawned {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const spawned: Spawned[] = [];

/**
 * Starts a command in its own process group (its pid is the group id), so that whatever it starts
 * can be found afterwards. Only PATH and HOME come from this environment: a developer's `.env`
 * values are overridden by `env` (dotenv never overrides a variable that is set).
 */
function start(command: string, args: string[], env: Record<string, string>): Spawned {
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    detached: true,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      LANG: "en_US.UTF-8",
      npm_config_update_notifier: "false",
      npm_config_fund: "false",
      DATABASE_URL: "",
      REDIS_URL: "",
      BOT_MODE: "polling",
      ...env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const target = { child, output: () => output, exited };
  spawned.push(target);
  return target;
}

/** Sends `signal` to the process (not its group) and waits for its exit, failing after STOP_LIMIT_MS. */
async function stop(target: Spawned, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const started = Date.now();
  target.child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no exit within ${STOP_LIMIT_MS} ms of ${signal}; left: ${processesInGroup(target.child.pid ?? 0).join("; ")}\n${target.output()}`)),
      STOP_LIMIT_MS,
    );
  });
  try {
    const result = await Promise.race([target.exited, timeout]);
    return { ...result, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** Live processes (zombies excluded: they have exited and only wait to be reaped) of a process group. */
function processesInGroup(groupId: number): string[] {
  const table = execFileSync("ps", ["-A", "-o", "pid=,pgid=,stat=,args="], { encoding: "utf8" });
  return table
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([, pgid, stat]) => Number(pgid) === groupId && stat !== undefined && !stat.startsWith("Z"))
    .map(([pid, , , ...args]) => `${pid} ${args.join(" ")}`);
}

/** Waits until the bot's /readyz answers 200. */
async function ready(target: Spawned, port: number): Promise<void> {
  let isReady = false;
  const started = Date.now();
  while (!isReady) {
    if (target.child.exitCode !== null || target.child.signalCode !== null) throw new Error(`exited before ready:\n${target.output()}`);
    if (Date.now() - started > READY_TIMEOUT_MS) throw new Error(`not ready within ${READY_TIMEOUT_MS} ms:\n${target.output()}`);
    isReady = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (!isReady) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `npm run build`; fails with its output. */
async function build(): Promise<void> {
  const building = start("npm", ["run", "build"], {});
  const { code } = await building.exited;
  if (code !== 0) throw new Error(`npm run build exited ${code}:\n${building.output()}`);
}

describe("the run path", () => {
  let emulator: Emulator;
  let apiRoot: string;
  let token: string;

  beforeAll(async () => {
    emulator = createEmulator();
    apiRoot = (await emulator.start()).url;
    token = emulator.bots[0]?.token ?? "";
    await build();
  }, 180_000);

  afterEach(() => {
    // A failed test must not leave a bot polling: kill what is left of every group it started.
    for (const target of spawned.splice(0)) {
      const groupId = target.child.pid;
      if (groupId === undefined) continue;
      try {
        process.kill(-groupId, "SIGKILL");
      } catch {
        // the group is gone, as it should be
      }
    }
  });

  afterAll(async () => {
    await emulator.stop();
  });

  const tokenEnv = async (): Promise<{ env: Record<string, string>; port: number }> => {
    const port = await freePort();
    return {
      port,
      env: { BOT_TOKEN: token, BOT_API_ROOT: apiRoot, DATABASE_PATH: join(tempDir(), "bot.sqlite"), PORT: String(port), LOG_LEVEL: "info" },
    };
  };

  it("builds dist/, and `node dist/main.js` serves /space and exits 0 on SIGTERM", async () => {
    const { env, port } = await tokenEnv();
    const bot = start(process.execPath, ["dist/main.js"], env);
    await ready(bot, port);
    const user = emulator.createUser({ first_name: "Ann", language_code: "en" });
    emulator.sendText(user.id, "/space");
    const [space] = await emulator.waitForMessages(user.id, 1, 15_000);
    expect(space?.text).toContain("Международной научной лунной станции");
    const stopped = await stop(bot, "SIGTERM");
    expect(stopped).toMatchObject({ code: 0, signal: null });
    expect(bot.output()).toContain('"msg":"stopped"');
    expect(processesInGroup(bot.child.pid ?? 0)).toEqual([]);
  }, 60_000);

  it.each(["SIGTERM", "SIGINT"] as const)(
    "`npm start` with a token stops gracefully on %s sent to npm: exit 0, nothing left behind",
    async (signal) => {
      const { env, port } = await tokenEnv();
      const npm = start("npm", ["start"], env);
      await ready(npm, port);
      const user = emulator.createUser({ first_name: "Ann", language_code: "en" });
      emulator.sendText(user.id, "/space");
      await emulator.waitForMessages(user.id, 1, 15_000);

      const stopped = await stop(npm, signal);
      expect(stopped, npm.output()).toMatchObject({ code: 0, signal: null });
      expect(stopped.ms).toBeLessThan(STOP_LIMIT_MS);
      expect(npm.output()).toContain(`"signal":"${signal}","msg":"shutting down"`);
      expect(npm.output()).toContain('"msg":"stopped"');
      expect(processesInGroup(npm.child.pid ?? 0)).toEqual([]);
      // Nobody polls any more.
      const polls = emulator.calls("getUpdates").length;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(emulator.calls("getUpdates")).toHaveLength(polls);
    },
    60_000,
  );

  it.each(["SIGINT", "SIGTERM"] as const)(
    "`npm start` without a token (the sandbox, stdin left open) stops on %s sent to npm: exit 0, nothing left behind",
    async (signal) => {
      const npm = start("npm", ["start"], { BOT_TOKEN: "", DATABASE_PATH: join(tempDir(), "briefing.sqlite") });
      await waitFor(() => npm.output().includes("your language: en"), "the sandbox opens", READY_TIMEOUT_MS, npm.output);
      npm.child.stdin?.write("/space\n");
      await waitFor(() => npm.output().includes("bot › 🚀 Space"), "the sandbox answers /space", READY_TIMEOUT_MS, npm.output);

      const stopped = await stop(npm, signal);
      expect(stopped, npm.output()).toMatchObject({ code: 0, signal: null });
      expect(stopped.ms).toBeLessThan(STOP_LIMIT_MS);
      expect(processesInGroup(npm.child.pid ?? 0)).toEqual([]);
      expect(npm.child.stdin?.writableEnded).toBe(false);
    },
    60_000,
  );
});
