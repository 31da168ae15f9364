/**
 * The offline sandbox: with no BOT_TOKEN, `npm start` runs the embedded Bot API emulator and the
 * real bot against it (the same code path as production), and opens a chat in the terminal.
 */
import { dirname, join } from "node:path";
import pino from "pino";
import { startApp } from "../app.js";
import { localeFor } from "../bot/i18n.js";
import type { Config } from "../config.js";
import { createLogger } from "../logger.js";
import { createEmulator } from "../telegram-emulator/index.js";
import { runTerminalChat } from "./terminal-chat.js";

export interface SandboxIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean };
}

/** The sandbox keeps its own database next to the real one, so trying things never touches real data. */
const SANDBOX_DATABASE_FILE = "sandbox.sqlite";

const BANNER = `briefing-bot — offline sandbox
No BOT_TOKEN is set, so the bot runs against the built-in Telegram emulator on this machine.
Type a command (/start, /space, /topics, /help), a number to press a button, or "@ space" for
inline mode. Ctrl+D (end of input) quits. To connect to Telegram, put BOT_TOKEN=<token from
@BotFather> in .env (see .env.example) and run npm start again.`;

export async function runSandbox(config: Config, io: SandboxIO): Promise<void> {
  const emulator = createEmulator();
  const { url } = await emulator.start();
  const identity = emulator.bots[0];
  if (identity === undefined) throw new Error("the emulator hosts no bot");
  // Warnings and errors only, on stderr: the terminal belongs to the chat.
  const logger = createLogger({
    level: config.logLevel === "info" ? "warn" : config.logLevel,
    pretty: false,
    secrets: [identity.token],
    destination: pino.destination(2),
  });
  const color = io.output.isTTY === true;
  const app = await startApp(
    {
      ...config,
      botToken: identity.token,
      botApiRoot: url,
      databaseUrl: undefined,
      // Polling only, on a free port: the sandbox must not clash with a bot already running here.
      mode: { kind: "polling" },
      port: 0,
      databasePath: join(dirname(config.databasePath), SANDBOX_DATABASE_FILE),
    },
    logger,
  ).catch(async (error: unknown) => {
    await emulator.stop();
    throw error;
  });
  const language = localeFor(process.env.LANG?.split(/[_.]/)[0]);
  const user = emulator.createUser({ first_name: "You", language_code: language });
  io.output.write(`${BANNER}\n(bot: @${app.username}, your language: ${language}; set LANG=ru_RU.UTF-8 for Russian)\n`);
  const stopSignal = onStopSignal();
  try {
    const chat = runTerminalChat({ emulator, userId: user.id, input: io.input, output: io.output, color, prompt: "you › " });
    // After a signal the chat is abandoned mid-way; whatever it still fails at (the emulator is gone) does not matter.
    chat.catch(() => undefined);
    await Promise.race([chat, stopSignal.received]);
  } finally {
    await app.stop();
    await emulator.stop();
    stopSignal.dispose();
  }
  if (stopSignal.signal() !== undefined) releaseInput(io.input);
}

/**
 * SIGTERM and SIGINT (`kill`, systemd, `npm start` passing on a signal; Ctrl+C in a terminal is a
 * key the chat reads and ends on) stop the sandbox like the end of input does: the bot stops,
 * the emulator stops, and the process exits 0. Signals are absorbed until the sandbox has stopped,
 * so a second one (with piped input, Ctrl+C reaches node both from the terminal and through npm)
 * cannot cut the shutdown short.
 */
function onStopSignal(): { received: Promise<void>; signal: () => NodeJS.Signals | undefined; dispose: () => void } {
  let received: NodeJS.Signals | undefined;
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  const handler = (signal: NodeJS.Signals): void => {
    received ??= signal;
    resolve();
  };
  const signals: NodeJS.Signals[] = ["SIGTERM", "SIGINT"];
  for (const signal of signals) process.on(signal, handler);
  return {
    received: promise,
    signal: () => received,
    dispose: () => {
      for (const signal of signals) process.off(signal, handler);
    },
  };
}

/** How long a chat interrupted by a signal may go on waiting for an answer before the process exits anyway (ms). */
const INTERRUPTED_CHAT_GRACE_MS = 1_000;

/**
 * After a signal the chat is still reading its input (an open pipe or terminal keeps the process
 * alive) and may be waiting for an answer that will not come: close the input, and exit if the
 * wait still holds the process after a moment. The terminal's mode is restored by Node at exit.
 */
function releaseInput(input: NodeJS.ReadableStream): void {
  input.pause();
  if ("destroy" in input && typeof input.destroy === "function") (input.destroy as () => void).call(input);
  setTimeout(() => process.exit(), INTERRUPTED_CHAT_GRACE_MS).unref();
}
