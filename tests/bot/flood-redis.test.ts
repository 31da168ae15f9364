import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { FLOOD_LIMIT_UPDATES } from "../../src/bot/create-bot.js";
import { loadLibrary, type ContentLibrary } from "../../src/content/library.js";
import { createLogger } from "../../src/logger.js";
import { createRedisFloodCounter, type RedisFloodCounter } from "../../src/redis-flood-counter.js";
import { createRecordingBot, textUpdate, type RecordedCall } from "../helpers/recording-bot.js";

const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl === undefined || redisUrl === "") {
  console.info("TEST_REDIS_URL is not set: skipping the shared flood protection test (it needs Redis).");
}

const logLines: string[] = [];
const logger = createLogger({ level: "warn", pretty: false, secrets: [], destination: { write: (line) => void logLines.push(line) } });

function texts(calls: RecordedCall[]): string[] {
  return calls.filter((call) => call.method === "sendMessage").map((call) => String(call.payload.text));
}

let library: ContentLibrary;
const counters: RedisFloodCounter[] = [];
beforeAll(async () => {
  library = await loadLibrary("seeds");
});
afterEach(async () => {
  for (const counter of counters.splice(0)) await counter.close();
});

describe.skipIf(redisUrl === undefined || redisUrl === "")("flood protection shared through Redis", () => {
  it("counts one user's updates across two instances together, and warns once", async () => {
    const first = createRedisFloodCounter(redisUrl as string, logger);
    const second = createRedisFloodCounter(redisUrl as string, logger);
    counters.push(first, second);
    await first.ping();
    await second.ping();
    const instances = [createRecordingBot(library, { floodCounter: first }), createRecordingBot(library, { floodCounter: second })];
    // A user id of its own per run, so earlier runs' counts in the same Redis do not interfere.
    const userId = 5_000_000 + Math.floor(Math.random() * 1_000_000);
    const replies: string[] = [];
    for (let index = 0; index < FLOOD_LIMIT_UPDATES + 6; index += 1) {
      const instance = instances[index % 2];
      replies.push(...texts((await instance?.send(textUpdate("/space", { userId }))) ?? []));
    }
    expect(replies.filter((text) => text.includes("Space"))).toHaveLength(FLOOD_LIMIT_UPDATES);
    expect(replies.filter((text) => text.includes("too fast"))).toHaveLength(1);
  });
});

describe("flood protection when Redis is down", () => {
  it("lets updates through and logs the failure instead of failing them", async () => {
    const counter = createRedisFloodCounter("redis://127.0.0.1:9", logger);
    counters.push(counter);
    await expect(counter.ping()).rejects.toThrow();
    const { send } = createRecordingBot(library, { floodCounter: counter });
    const [reply] = texts(await send(textUpdate("/space", { userId: 42_424 })));
    expect(reply).toContain("Space");
    expect(logLines.some((line) => line.includes("Redis did not answer"))).toBe(true);
  });
});
