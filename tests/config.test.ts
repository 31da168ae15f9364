import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.js";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-";

describe("parseConfig", () => {
  it("applies defaults and runs offline without a token", () => {
    const config = parseConfig({});
    expect(config.botToken).toBeUndefined();
    expect(config.seedsDir).toBe("./seeds");
    expect(config.databasePath).toBe("./data/briefing.sqlite");
    expect(config.logLevel).toBe("info");
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
    expect(parseConfig({ BOT_TOKEN: "", DATABASE_URL: "  " }).botToken).toBeUndefined();
  });
});
