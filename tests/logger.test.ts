import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";

describe("createLogger", () => {
  it("never prints the token: not in messages, fields, error messages or stacks", () => {
    const token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-";
    const lines: string[] = [];
    const logger = createLogger({ level: "info", pretty: false, secrets: [token], destination: { write: (line) => void lines.push(line) } });
    logger.info(`calling https://api.telegram.org/bot${token}/getMe`);
    logger.error({ url: `https://x/bot${token}/sendMessage`, nested: { list: [token] } }, "failed");
    logger.error({ err: new Error(`fetch failed for /bot${token}/getUpdates`) }, "network");
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).not.toContain(token);
      expect(line).not.toContain("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw");
    }
    expect(lines.join("")).toContain("[redacted]");
    expect(JSON.parse(lines[2] ?? "{}").err.message).toBe("fetch failed for /bot[redacted]/getUpdates");
  });
});
