import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { terminalWidth } from "../../src/format/terminal.js";
import { PROJECT_ROOT, tempDir, waitFor } from "./bot-process.js";

/**
 * The offline sandbox as a person uses it: `npm start` with no BOT_TOKEN, its input piped in, and
 * what it prints read back. Each run has its own database folder; only PATH and HOME come from this
 * environment, so a developer's `.env` cannot change what is tested (dotenv never overrides a set variable).
 */

const SEED = "000_0b443b57f3d4f16f";
/** One sandbox run: start-up, the answers, and the quiet after each (ms). */
const RUN_TIMEOUT_MS = 60_000;

/** The environment of `npm start` without a token: only PATH and HOME from outside, a fresh database, then `env`. */
function sandboxEnv(env: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    LANG: "en_US.UTF-8",
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    BOT_TOKEN: "",
    DATABASE_URL: "",
    BOT_MODE: "",
    REDIS_URL: "",
    DATABASE_PATH: join(tempDir(), "briefing.sqlite"),
    ...env,
  };
}

/** Runs `npm start` with `stdin` piped in until it exits; resolves with its exit code and everything it printed. */
function runSandbox(stdin: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn("npm", ["start"], { cwd: PROJECT_ROOT, env: sandboxEnv(env), stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

/** A seeds folder with the shipped topics and the given files. */
function seedsFolder(files: Record<string, string | Buffer>): string {
  const folder = join(tempDir(), "seeds");
  mkdirSync(folder);
  copyFileSync(join(PROJECT_ROOT, "seeds", "topics.yaml"), join(folder, "topics.yaml"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

/** A seeds folder with one section of the whole seed's prose (no subheadings): its full text is over 4096 characters. */
function longSectionSeeds(): string {
  const prose = readFileSync(join(PROJECT_ROOT, "seeds", `${SEED}.txt`), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /[.!?»"]$/u.test(line));
  const body = [...prose, ...prose.map((line) => `${line} Это важно.`)].join("\n\n");
  return seedsFolder({ "long.txt": `Россия и Китай договорились о лунной станции\n\n${body}\n` });
}

/** Whether util-linux `script` is here to give the sandbox a real terminal (a pty). */
const HAS_SCRIPT = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** Text the sandbox printed in place of a crash: a Node stack frame or an uncaught error's name. */
const CRASH = /\n\s+at .+:\d+:\d+\)?\n|ControlError|StartupError|triggerUncaughtException/;

describe("the offline sandbox through piped input to npm start", () => {
  it("cuts an inline query over 256 characters as Telegram does, answers it, and goes on", async () => {
    const { code, output } = await runSandbox(`@ ${"a".repeat(300)}\n/start\n`);
    expect(output).not.toMatch(CRASH);
    expect(code, output).toBe(0);
    expect(output).toContain("an inline query holds at most 256 characters");
    expect(output).toMatch(/inline › .*\n[\s\S]*you › \/start\n\nbot › Hello/);
  }, RUN_TIMEOUT_MS);

  it("greets the simulated person by a natural name, not \"You\"", async () => {
    const { code, output } = await runSandbox("/start\n");
    expect(code, output).toBe(0);
    expect(output).toContain("Hello, Alex!");
    expect(output).not.toContain("Hello, You!");
  }, RUN_TIMEOUT_MS);

  it("runs `@луна` without a space as the query луна, and sends a result picked by its number into the chat", async () => {
    const { code, output } = await runSandbox("@луна\n1\n2\n");
    expect(code, output).toBe(0);
    expect(output).toMatch(/inline › \d+ result\(s\) for "луна"/);
    expect(output).not.toContain('for ""');
    // Picking 1 sent the result as the person, through the bot, with the message's own buttons numbered anew.
    expect(output).toMatch(/you › 1\n\nyou \(via @briefing_test_bot\) › 🚀 Space\n[\s\S]*лунной станции[\s\S]*\[1\] ↗️ Share/);
    // Its Share button (now number 1) opens inline mode again; 2 is nothing.
    expect(output).toContain("(nothing has the number 2)");
  }, RUN_TIMEOUT_MS);

  it("prints every part of a split message before it reads the next line", async () => {
    const seeds = longSectionSeeds();
    const { code, output } = await runSandbox("/space\n1\n/help\n", { SEEDS_DIR: seeds });
    expect(code, output).toBe(0);
    const fullText = output.slice(output.indexOf("you › 1\n"), output.indexOf("you › /help"));
    const parts = fullText.match(/\nbot › /g) ?? [];
    expect(parts.length, output).toBeGreaterThanOrEqual(2);
    // The last part ends with the source line; nothing of the full text comes after the next input.
    expect(fullText).toContain("Source: Sputnik");
    expect(output.slice(output.indexOf("you › /help"))).not.toContain("Source: Sputnik");
  }, RUN_TIMEOUT_MS);

  it("shows seed warnings as readable lines, not JSON", async () => {
    const seeds = seedsFolder({
      [`${SEED}.txt`]: readFileSync(join(PROJECT_ROOT, "seeds", `${SEED}.txt`)),
      "empty.txt": "",
      "binary.md": Buffer.from([0, 1, 2, 255]),
    });
    const { code, output } = await runSandbox("/space\n", { SEEDS_DIR: seeds });
    expect(code, output).toBe(0);
    expect(output).toMatch(/^Warning: seed skipped: empty\.txt: .+$/m);
    expect(output).toMatch(/^Warning: seed skipped: binary\.md: .+$/m);
    expect(output).not.toContain('"level"');
    expect(output).toContain("bot › 🚀 Space");
  }, RUN_TIMEOUT_MS);

  it("speaks Russian in Russian mode, banner and inline headers included, without telling to set LANG for Russian", async () => {
    const { code, output } = await runSandbox("@ луна\n", { LANG: "ru_RU.UTF-8" });
    expect(code, output).toBe(0);
    expect(output).toContain("офлайн-песочница");
    expect(output).toContain("ваш язык: ru");
    expect(output).toMatch(/inline › Результатов: \d+ по запросу «луна»/);
    expect(output).not.toContain("LANG=ru_RU");
    expect(output).not.toContain("offline sandbox");
  }, RUN_TIMEOUT_MS);

  it("wraps text at word boundaries at the terminal's edge (COLUMNS when piped)", async () => {
    const columns = 48;
    const { code, output } = await runSandbox("/space\n", { COLUMNS: String(columns) });
    expect(code, output).toBe(0);
    const lines = output.split("\n").filter((line) => !line.startsWith(">"));
    for (const line of lines) expect(terminalWidth(line), line).toBeLessThanOrEqual(columns);
    // Every word of the summary is whole on some line: the text broke between words only.
    const sentence = "Также стороны договорились углублять контакты по всем направлениям космической";
    const printedWords = new Set(output.split(/\s+/u));
    for (const word of sentence.split(" ")) expect(printedWords.has(word), word).toBe(true);
    expect(output).not.toContain(sentence);
  }, RUN_TIMEOUT_MS);

  it("says at start that it ignores DATABASE_URL and BOT_MODE", async () => {
    const { code, output } = await runSandbox("/start\n", {
      DATABASE_URL: "postgres://bot@127.0.0.1:1/never",
      BOT_MODE: "webhook",
    });
    expect(code, output).toBe(0);
    expect(output).toContain("The sandbox ignores DATABASE_URL, BOT_MODE");
    expect(output).toContain("Hello, Alex!");
  }, RUN_TIMEOUT_MS);

  it("says in one sentence, without a stack trace, that the seeds folder is empty or missing", async () => {
    const empty = await runSandbox("/start\n", { SEEDS_DIR: seedsFolder({}) });
    expect(empty.code).toBe(1);
    expect(empty.output).toMatch(/No usable document in .+seeds: add a \.txt or \.md file\./);
    expect(empty.output).not.toMatch(CRASH);

    const missing = await runSandbox("/start\n", { SEEDS_DIR: "/nonexistent" });
    expect(missing.code).toBe(1);
    expect(missing.output).toContain("SEEDS_DIR: there is no folder /nonexistent");
    expect(missing.output).not.toMatch(CRASH);
    expect(missing.output).not.toContain("ENOENT");
  }, RUN_TIMEOUT_MS);

  it.skipIf(!HAS_SCRIPT)("in a terminal, prints the whole split message and only then the prompt", async () => {
    const child = spawn("script", ["-q", "-e", "-c", "npm start", "/dev/null"], {
      cwd: PROJECT_ROOT,
      env: sandboxEnv({ TERM: "xterm", SEEDS_DIR: longSectionSeeds() }),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let raw = "";
    child.stdout.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    // What the terminal shows, without its cursor and style sequences.
    // eslint-disable-next-line no-control-regex -- terminal sequences start with ESC
    const screen = (): string => raw.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replaceAll("\r", "");
    try {
      await waitFor(() => screen().includes("you › "), "the prompt", 30_000, screen);
      child.stdin.write("/space\r");
      await waitFor(() => screen().includes("[1] 📄 Full text"), "the /space answer", 30_000, screen);
      child.stdin.write("1\r");
      await waitFor(() => screen().split("Source: Sputnik").length >= 3, "the last part of the full text", 30_000, screen);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      child.stdin.write("\u0004");
      expect(await exited, screen()).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
    const afterPress = screen().slice(screen().indexOf("[1] 📄 Full text"));
    const lastPart = afterPress.lastIndexOf("Source: Sputnik");
    expect(afterPress.slice(0, lastPart).match(/\nbot › /g)?.length ?? 0, afterPress).toBeGreaterThanOrEqual(2);
    // The prompt is drawn after the last part, and nothing of the answer comes after the prompt.
    expect(afterPress.indexOf("you › ", lastPart), afterPress).toBeGreaterThan(lastPart);
    expect(afterPress.slice(afterPress.lastIndexOf("you › ")), afterPress).not.toMatch(/bot ›|Source:/);
  }, RUN_TIMEOUT_MS);
});
