import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { heapFlags } from "../bench/node-flags.js";

/**
 * The bot is started in three places: `npm start`, the Dockerfile and the README's systemd unit.
 * They must give node the same V8 heap flags (the webhook benchmark measures the bot with the
 * start script's), or one way of running it is tuned and the others are not.
 */
const ROOT = new URL("../", import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, ROOT), "utf8");

describe("how the bot is started", () => {
  const startScript = (JSON.parse(read("package.json")) as { scripts: { start: string } }).scripts.start;
  const expected = heapFlags(startScript.split(/\s+/u));

  it("npm start gives node a 64 MB young generation and execs it", () => {
    expect(expected).toEqual(["--max-semi-space-size=64"]);
    expect(startScript).toMatch(/^exec node /u);
  });

  it("the Dockerfile's CMD gives node the same flags", () => {
    const cmd = /^CMD (\[.*\])$/mu.exec(read("Dockerfile"));
    expect(cmd).not.toBeNull();
    const words = JSON.parse(cmd?.[1] ?? "[]") as string[];
    expect(words[0]).toBe("node");
    expect(words.at(-1)).toBe("dist/main.js");
    expect(heapFlags(words)).toEqual(expected);
  });

  it("the README's systemd unit and its commands give node the same flags", () => {
    const readme = read("README.md");
    const execStart = /^ExecStart=(.*)$/mu.exec(readme);
    expect(execStart).not.toBeNull();
    expect(heapFlags((execStart?.[1] ?? "").split(/\s+/u))).toEqual(expected);
    // Every `node … dist/main.js` the README tells operators to run carries them too.
    const commands = [...readme.matchAll(/node((?: --?[\w-]+(?:=\S+)?)*) dist\/main\.js/gu)];
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) expect(heapFlags((command[1] ?? "").trim().split(/\s+/u)), command[0]).toEqual(expected);
  });
});
