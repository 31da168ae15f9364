/**
 * `src/sandbox/`: the offline terminal chat (`npm start` without a token) over the embedded emulator.
 *
 * The offline sandbox: with no BOT_TOKEN, `npm start` runs the embedded Bot API emulator and the
 * real bot against it (the same code path as production), and opens a chat in the terminal.
 */
import { dirname, join } from "node:path";
import { startApp } from "../app.js";
import { createI18n, localeFor } from "../bot/i18n.js";
import type { Config } from "../config.js";
import type { Translate } from "../format/briefing.js";
import { wrapForTerminal } from "../format/terminal.js";
import { createLogger } from "../logger.js";
import { createEmulator } from "../telegram-emulator/index.js";
import { startTerminalChat } from "./terminal-chat.js";

export interface SandboxIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

/** The sandbox keeps its own database next to the real one, so trying things never touches real data. */
const SANDBOX_DATABASE_FILE = "sandbox.sqlite";

/** pino's level numbers from "error" up. */
const PINO_ERROR_LEVEL = 50;

/**
 * Runs the sandbox until the input ends or a signal comes, in the terminal's language (LANG);
 * a start that cannot work (no usable document) rejects with the app's StartupError.
 */
export async function runSandbox(config: Config, io: SandboxIO): Promise<void> {
  const language = localeFor(terminalLanguage());
  const i18n = createI18n();
  const t: Translate = (key, variables) => i18n.t(language, key, variables);
  // Until the chat owns the terminal, warnings go to stderr; then above the prompt.
  let notice = (line: string): void => void process.stderr.write(`${line}\n`);
  const emulator = createEmulator();
  const { url } = await emulator.start();
  const identity = emulator.bots[0];
  if (identity === undefined) throw new Error("the emulator hosts no bot");
  // Warnings and errors only, as readable lines: the terminal belongs to the chat.
  const logger = createLogger({
    level: config.logLevel === "info" ? "warn" : config.logLevel,
    pretty: false,
    secrets: [identity.token],
    destination: readableLogLines(t, (line) => notice(line)),
  });
  const databasePath = join(dirname(config.databasePath), SANDBOX_DATABASE_FILE);
  const app = await startApp(
    {
      ...config,
      botToken: identity.token,
      botApiRoot: url,
      databaseUrl: undefined,
      // Polling only, on a free port: the sandbox must not clash with a bot already running here.
      mode: { kind: "polling" },
      port: 0,
      databasePath,
    },
    logger,
  ).catch(async (error: unknown) => {
    await emulator.stop();
    throw error;
  });
  const name = t("sandbox-user-name");
  const user = emulator.createUser({ first_name: name, language_code: language });
  printBanner(io.output, t, { bot: app.username, name, language, ignored: config.sandboxIgnores, databasePath });
  const stopSignal = onStopSignal();
  try {
    const chat = startTerminalChat({
      emulator,
      userId: user.id,
      botUsername: app.username,
      input: io.input,
      output: io.output,
      color: io.output.isTTY === true,
      t,
      columns: () => terminalColumns(io.output),
      prompt: "you › ",
    });
    notice = chat.notice;
    // After a signal the chat is abandoned mid-way; whatever it still fails at (the emulator is gone) does not matter.
    chat.finished.catch(() => undefined);
    await Promise.race([chat.finished, stopSignal.received]);
  } finally {
    await app.stop();
    await emulator.stop();
    stopSignal.dispose();
  }
  if (stopSignal.signal() !== undefined) releaseInput(io.input);
}

/** What the sandbox is, who you are in it, and which set variables it does not use. */
function printBanner(
  output: SandboxIO["output"],
  t: Translate,
  about: { bot: string; name: string; language: string; ignored: string[]; databasePath: string },
): void {
  const columns = terminalColumns(output);
  const say = (text: string): void => void output.write(`${columns === undefined ? text : wrapForTerminal(text, columns)}\n`);
  say(`${t("sandbox-banner")}\n${t("sandbox-session", { bot: about.bot, name: about.name, language: about.language })}`);
  if (about.ignored.length > 0) say(t("sandbox-ignores", { variables: about.ignored.join(", "), database: about.databasePath }));
}

/** The terminal's language, as the C library reads it: LC_ALL, then LC_MESSAGES, then LANG ("ru_RU.UTF-8" -> "ru"). */
function terminalLanguage(): string | undefined {
  const locale = [process.env.LC_ALL, process.env.LC_MESSAGES, process.env.LANG].find((value) => value !== undefined && value !== "");
  return locale?.split(/[_.@]/)[0];
}

/** The width to wrap at: the terminal's, or COLUMNS when the output is a pipe; none when neither is known. */
function terminalColumns(output: SandboxIO["output"]): number | undefined {
  if (output.isTTY === true && output.columns !== undefined && output.columns > 0) return output.columns;
  const columns = Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}

/** A pino destination that turns each JSON line into "Warning: …" or "Error: …" for a person. */
function readableLogLines(t: Translate, print: (line: string) => void): { write(line: string): void } {
  return {
    write(chunk: string) {
      for (const line of chunk.split("\n")) {
        if (line.trim() === "") continue;
        print(readableLogLine(t, line));
      }
    },
  };
}

function readableLogLine(t: Translate, line: string): string {
  let entry: { level?: number; msg?: string; err?: { message?: string } };
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    return line;
  }
  const reason = entry.err?.message === undefined || entry.msg?.includes(entry.err.message) === true ? "" : `: ${entry.err.message}`;
  const text = `${entry.msg ?? ""}${reason}`;
  return (entry.level ?? 0) >= PINO_ERROR_LEVEL ? t("sandbox-error", { text }) : t("sandbox-warning", { text });
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
