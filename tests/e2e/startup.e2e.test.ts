import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "../../src/telegram-emulator/index.js";
import { startBotProcess, tempDir } from "./bot-process.js";

const SEED = "000_0b443b57f3d4f16f";

describe("starting the bot process", () => {
  let emulator: Emulator;
  let url: string;
  let token: string;

  beforeAll(async () => {
    emulator = createEmulator();
    url = (await emulator.start()).url;
    token = emulator.bots[0]?.token ?? "";
  });
  afterAll(() => emulator.stop());

  it("reports a broken seed file by name, skips it and serves the others", async () => {
    const seeds = join(tempDir(), "seeds");
    mkdirSync(seeds);
    copyFileSync(`seeds/${SEED}.txt`, join(seeds, `${SEED}.txt`));
    copyFileSync(`seeds/${SEED}.meta.json`, join(seeds, `${SEED}.meta.json`));
    writeFileSync(join(seeds, "empty.txt"), "");
    writeFileSync(join(seeds, "binary.md"), Buffer.from([0, 1, 2, 255, 0, 7]));
    const bot = startBotProcess({ BOT_TOKEN: token, BOT_API_ROOT: url, SEEDS_DIR: seeds, DATABASE_PATH: join(tempDir(), "db.sqlite") });
    try {
      await bot.started();
      expect(bot.output()).toContain("seed skipped: empty.txt");
      expect(bot.output()).toContain("seed skipped: binary.md");
      const user = emulator.createUser({ first_name: "Ann", language_code: "en" });
      emulator.sendText(user.id, "/arctic");
      expect((await emulator.waitForMessages(user.id, 1))[0]?.text).toContain("Арктического совета");
    } finally {
      expect((await bot.terminate()).code).toBe(0);
    }
  });

  it("refuses to start without a usable seed, saying why", async () => {
    const seeds = join(tempDir(), "seeds");
    mkdirSync(seeds);
    writeFileSync(join(seeds, "empty.txt"), "   \n");
    const bot = startBotProcess({ BOT_TOKEN: token, BOT_API_ROOT: url, SEEDS_DIR: seeds, DATABASE_PATH: join(tempDir(), "db.sqlite") });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain("No usable document in");
    expect(bot.output()).toContain("empty.txt");
  });

  it("names a malformed token without printing it, together with every other configuration problem", async () => {
    const bot = startBotProcess({
      BOT_TOKEN: "12345:not-a-real-token-SECRETPART",
      BOT_API_ROOT: "not a url",
      BOT_MODE: "webhook",
      WEBHOOK_URL: "http://bot.example.org/telegram",
      SEEDS_DIR: "/nonexistent",
    });
    expect(await bot.exited).toBe(1);
    const problems = bot.output().split("\n").filter((line) => line.startsWith("  - ")).map((line) => line.slice(4).split(":")[0]);
    expect(problems).toEqual(["BOT_TOKEN", "BOT_API_ROOT", "WEBHOOK_URL", "WEBHOOK_SECRET", "SEEDS_DIR"]);
    expect(bot.output()).toContain("WEBHOOK_URL: must be the public https URL");
    expect(bot.output()).not.toContain("SECRETPART");
  });

  it("says in one sentence, without a stack trace, that SEEDS_DIR names no folder", async () => {
    const bot = startBotProcess({ BOT_TOKEN: token, BOT_API_ROOT: url, SEEDS_DIR: "/nonexistent", DATABASE_PATH: join(tempDir(), "db.sqlite") });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain("SEEDS_DIR: there is no folder /nonexistent");
    expect(bot.output()).not.toMatch(/ENOENT|\n\s+at /);
  });

  it("says in one sentence, without a stack trace or a JSON line, that PORT is busy", async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "0.0.0.0", resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      const bot = startBotProcess({ BOT_TOKEN: token, BOT_API_ROOT: url, PORT: String(port), DATABASE_PATH: join(tempDir(), "db.sqlite") });
      expect(await bot.exited).toBe(1);
      expect(bot.output()).toContain(`PORT ${port} is already in use by another program: stop it, or set PORT to a free port (0 picks one).`);
      expect(bot.output()).not.toMatch(/EADDRINUSE|"level":6|\n\s+at /);
      expect(bot.output()).not.toContain(token);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it("says at once when the Bot API rejects the token or cannot be reached, without printing the token", async () => {
    const unknownToken = "987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawZ";
    const rejected = startBotProcess({ BOT_TOKEN: unknownToken, BOT_API_ROOT: url, DATABASE_PATH: join(tempDir(), "db.sqlite") });
    expect(await rejected.exited).toBe(1);
    expect(rejected.output()).toContain("rejected BOT_TOKEN (401 Unauthorized)");

    const unreachable = startBotProcess({ BOT_TOKEN: unknownToken, BOT_API_ROOT: "http://127.0.0.1:9", DATABASE_PATH: join(tempDir(), "db.sqlite") });
    expect(await unreachable.exited).toBe(1);
    expect(unreachable.output()).toContain("Cannot reach the Bot API at http://127.0.0.1:9");
    for (const output of [rejected.output(), unreachable.output()]) expect(output).not.toContain("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawZ");
  });

  it("runs the offline sandbox with piped input when no token is set, and exits at the end of input", async () => {
    const data = tempDir();
    const sandbox = startBotProcess(
      { DATABASE_PATH: join(data, "briefing.sqlite"), LANG: "en_US.UTF-8" },
      { stdin: "/start\n/space\n1\n@ луна\n" },
    );
    expect(await sandbox.exited).toBe(0);
    const output = sandbox.output();
    expect(output).toContain("offline sandbox");
    expect(output).toContain("Hello, Alex!");
    expect(output).toMatch(/bot › 🚀 Space\n\nКосмические программы/);
    expect(output).toContain("[1] 📄 Full text");
    // Pressing button 1 sent the whole section, including the sentence the summary left out.
    expect(output).toContain("Премьеры двух стран выступили за расширение авиасообщения");
    expect(output).toMatch(/inline › \d+ result\(s\) for "луна"/);
    expect(output).not.toContain("\u001b[");
  });
});
