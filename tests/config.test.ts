import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, ConfigError, parseConfig } from "../src/config.js";

/** The problems parseConfig reports for `env`, or [] when it accepts it. */
function problemsOf(env: NodeJS.ProcessEnv, checks?: Parameters<typeof parseConfig>[1]): string[] {
  try {
    parseConfig(env, checks);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-";

describe("parseConfig", () => {
  it("applies defaults and runs offline without a token", () => {
    const config = parseConfig({});
    expect(config.botToken).toBeUndefined();
    expect(config.seedsDir).toBe("./seeds");
    expect(config.databasePath).toBe("./data/briefing.sqlite");
    expect(config.logLevel).toBe("info");
  });

  it("broadcasts at Telegram's free 30 messages a second unless paid broadcasts are switched on", () => {
    expect(parseConfig({})).toMatchObject({ broadcastRate: 30, paidBroadcast: false });
    expect(parseConfig({ BROADCAST_RATE: "20" })).toMatchObject({ broadcastRate: 20, paidBroadcast: false });
    expect(parseConfig({ BROADCAST_RATE: "1000", BROADCAST_PAID: "true" })).toMatchObject({ broadcastRate: 1000, paidBroadcast: true });
    expect(parseConfig({ BROADCAST_PAID: "true" })).toMatchObject({ broadcastRate: 30, paidBroadcast: true });
    expect(problemsOf({ BROADCAST_RATE: "100" })).toEqual([
      "BROADCAST_RATE: above Telegram's free 30 messages a second only with BROADCAST_PAID=true (0.1 Star per message over the free rate)",
    ]);
    expect(problemsOf({ BROADCAST_RATE: "100", BROADCAST_PAID: "false" })).toHaveLength(1);
    for (const rate of ["0", "-5", "fast", "1001"]) {
      expect(problemsOf({ BROADCAST_RATE: rate, BROADCAST_PAID: "true" })[0], rate).toMatch(/^BROADCAST_RATE: must be messages per second/u);
    }
    expect(problemsOf({ BROADCAST_PAID: "yes" })[0]).toMatch(/^BROADCAST_PAID:/u);
  });

  it("accepts a token and strips the trailing slash of BOT_API_ROOT", () => {
    const config = parseConfig({ BOT_TOKEN: TOKEN, BOT_API_ROOT: "http://127.0.0.1:8081/" });
    expect(config.botToken).toBe(TOKEN);
    expect(config.botApiRoot).toBe("http://127.0.0.1:8081");
  });

  it("names every bad variable at once and never prints the token", () => {
    const badToken = "123:secret-value-that-must-not-leak";
    let error: unknown;
    try {
      parseConfig({ BOT_TOKEN: badToken, BOT_API_ROOT: "ftp://x", DATABASE_URL: "mysql://x", LOG_LEVEL: "loud" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ["BOT_TOKEN", "BOT_API_ROOT", "DATABASE_URL", "LOG_LEVEL"]) expect(message).toContain(name);
    expect(message).not.toContain("secret-value");
  });

  it("treats an empty variable as unset", () => {
    const config = parseConfig({ BOT_TOKEN: "", DATABASE_URL: "  ", BOT_MODE: "", LOG_LEVEL: "" });
    expect(config.botToken).toBeUndefined();
    expect(config.mode).toEqual({ kind: "polling" });
    expect(config.logLevel).toBe("info");
  });

  it("reports a malformed token together with every other problem, webhook and seeds folder included", () => {
    const problems = problemsOf(
      { BOT_TOKEN: "123:secret-value-that-must-not-leak", BOT_MODE: "webhook", PORT: "http", SEEDS_DIR: "/nonexistent" },
      { folderExists: () => false },
    );
    expect(problems.map((problem) => problem.split(":")[0])).toEqual(["BOT_TOKEN", "PORT", "WEBHOOK_URL", "WEBHOOK_SECRET", "SEEDS_DIR"]);
    expect(problems.join("\n")).not.toContain("secret-value");
    expect(problems.join("\n")).toContain("/nonexistent");
  });

  it("requires an https WEBHOOK_URL except on loopback hosts", () => {
    const webhook = { BOT_TOKEN: TOKEN, BOT_MODE: "webhook", WEBHOOK_SECRET: "s3cret" };
    for (const url of ["https://bot.example.org/hook", "http://127.0.0.1:8443/hook", "http://[::1]:8443/hook", "http://localhost/hook"]) {
      expect(problemsOf({ ...webhook, WEBHOOK_URL: url }), url).toEqual([]);
    }
    for (const url of ["http://bot.example.org/hook", "http://10.0.0.5/hook", "http://127.0.0.1.example.org/hook", "ftp://localhost/x", "not a url"]) {
      expect(problemsOf({ ...webhook, WEBHOOK_URL: url })[0], url).toMatch(/^WEBHOOK_URL: must be the public https URL/);
    }
  });

  it("lets the sandbox start with BOT_MODE=webhook and names what it ignores", () => {
    const config = parseConfig({ BOT_MODE: "webhook", DATABASE_URL: "postgres://x@127.0.0.1/db", PORT: "8080" });
    expect(config.mode).toEqual({ kind: "polling" });
    expect(config.sandboxIgnores).toEqual(["DATABASE_URL", "BOT_MODE"]);
    expect(parseConfig({ BOT_MODE: "polling" }).sandboxIgnores).toEqual([]);
  });

  it("has every variable it reads listed in .env.example", () => {
    const listed = readFileSync(".env.example", "utf8")
      .split("\n")
      .map((line) => /^([A-Z_]+)=/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined);
    expect(CONFIG_VARIABLES.length).toBeGreaterThan(15);
    expect([...CONFIG_VARIABLES].sort()).toEqual([...listed].sort());
  });
});
