import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "./bot-process.js";

/** `npm run briefing -- …` as a person types it: what it prints and how it exits. */

/** One run of the CLI, npm and tsx start-up included (ms). */
const RUN_TIMEOUT_MS = 30_000;

function briefing(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn("npm", ["run", "--silent", "briefing", "--", ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LANG: "en_US.UTF-8", npm_config_update_notifier: "false" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

const STACK = /\n\s+at .+:\d+|ERR_PARSE_ARGS|ENOENT/;

describe("npm run briefing", () => {
  it("--help prints the usage with the languages and topics, not a stack trace", async () => {
    const { code, stdout, stderr } = await briefing("--help");
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("Usage: npm run briefing -- <topic> [--lang en|ru|zh]");
    expect(stdout).toContain("Topics: overview, trade, tech, space, orgs, arctic");
    expect(stdout + stderr).not.toMatch(STACK);
  }, RUN_TIMEOUT_MS);

  it("names an unknown option before the usage", async () => {
    const { code, stderr } = await briefing("space", "--colour");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Unknown option '--colour'\.\nUsage: /);
    expect(stderr).not.toMatch(STACK);
  }, RUN_TIMEOUT_MS);

  it("says a language is not available, and which are, instead of answering in English", async () => {
    const { code, stdout, stderr } = await briefing("space", "--lang", "de");
    expect(code).toBe(2);
    expect(stderr).toContain('The language "de" is not available; briefings are in en, ru, zh.');
    expect(stdout).toBe("");
  }, RUN_TIMEOUT_MS);

  it("says a topic is unknown before the usage", async () => {
    const { code, stderr } = await briefing("weather");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^Unknown topic "weather"\.\nUsage: npm run briefing -- <topic>/);
    expect(stderr).toContain("Topics: overview, trade");
  }, RUN_TIMEOUT_MS);

  it("says in one sentence that the seeds folder is missing", async () => {
    const { code, stderr } = await briefing("space", "--seeds", "/nonexistent");
    expect(code).toBe(2);
    expect(stderr.trim()).toBe("There is no folder /nonexistent: point --seeds or SEEDS_DIR at the folder of your documents.");
  }, RUN_TIMEOUT_MS);

  it("still prints a briefing, in the language asked for", async () => {
    const { code, stdout, stderr } = await briefing("space", "--lang", "ru", "--plain");
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^🚀 Космос\n/);
    expect(stdout).toContain("Международной научной лунной станции");
  }, RUN_TIMEOUT_MS);
});
