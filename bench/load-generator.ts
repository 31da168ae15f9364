/**
 * The webhook benchmark's client, in its own process so its CPU is not counted as the server's.
 * Forked by bench/webhook.ts (`node --import tsx`); talks over the IPC channel:
 *
 *   parent -> { type: "start", config }   child -> { type: "warmed" }   (warm-up requests done)
 *   parent -> { type: "go" }              child -> { type: "result", result }
 *
 * POSTs distinct command updates from many users with the webhook secret header, at a fixed
 * concurrency over keep-alive connections, and measures each request's latency. Loopback only;
 * bounded by the request count and by `deadlineMs`.
 */
import { Agent, request } from "node:http";
import { commandUpdate } from "./updates.js";

export interface LoadConfig {
  /** http://127.0.0.1:<port>/<path> of the webhook. */
  url: string;
  secretToken: string;
  command: string;
  warmupRequests: number;
  requests: number;
  concurrency: number;
  /** Users the updates rotate through, from `firstUserId` on. */
  users: number;
  firstUserId: number;
  firstUpdateId: number;
  /** The measured phase stops sending after this long and reports what it has (ms). */
  deadlineMs: number;
}

export interface LoadResult {
  requests: number;
  elapsedMs: number;
  /** Latency of each measured request (ms), in completion order. */
  latenciesMs: number[];
  /** How many responses had each HTTP status; "error" for a request that failed without one. */
  statuses: Record<string, number>;
  timedOut: boolean;
}

export type ParentMessage = { type: "start"; config: LoadConfig } | { type: "go" };
export type ChildMessage = { type: "warmed" } | { type: "result"; result: LoadResult };

/** A single request that takes longer than this is counted as failed (ms). */
const REQUEST_TIMEOUT_MS = 30_000;

function post(agent: Agent, url: URL, secretToken: string, body: string): Promise<string> {
  return new Promise((resolve) => {
    const outgoing = request(
      url,
      {
        method: "POST",
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "x-telegram-bot-api-secret-token": secretToken,
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(String(response.statusCode)));
        response.on("error", () => resolve("error"));
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error("timeout")));
    outgoing.on("error", () => resolve("error"));
    outgoing.end(body);
  });
}

/** Sends `count` updates starting at `offset` with `concurrency` requests in flight. */
async function send(
  agent: Agent,
  config: LoadConfig,
  offset: number,
  count: number,
  deadline: number,
): Promise<Omit<LoadResult, "elapsedMs">> {
  const url = new URL(config.url);
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  let timedOut = false;
  const worker = async (): Promise<void> => {
    while (next < count) {
      if (performance.now() > deadline) {
        timedOut = true;
        return;
      }
      const index = offset + next;
      next += 1;
      const userId = config.firstUserId + (index % config.users);
      const body = JSON.stringify(commandUpdate(config.firstUpdateId + index, userId, config.command));
      const started = performance.now();
      const status = await post(agent, url, config.secretToken, body);
      latenciesMs.push(performance.now() - started);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, worker));
  return { requests: latenciesMs.length, latenciesMs, statuses, timedOut };
}

/** Resolves once the message is handed to the IPC channel, so disconnecting after it cannot drop it. */
function message(payload: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    process.send?.(payload, undefined, undefined, (error) => (error ? reject(error) : resolve()));
  });
}

async function run(config: LoadConfig): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: config.concurrency });
  await send(agent, config, 0, config.warmupRequests, performance.now() + config.deadlineMs);
  const go = new Promise<void>((resolve) => {
    process.once("message", (answer: ParentMessage) => {
      if (answer.type === "go") resolve();
    });
  });
  await message({ type: "warmed" });
  await go;
  const started = performance.now();
  const measured = await send(agent, config, config.warmupRequests, config.requests, started + config.deadlineMs);
  const elapsedMs = performance.now() - started;
  agent.destroy();
  await message({ type: "result", result: { ...measured, elapsedMs } });
}

if (process.send === undefined) {
  console.error("bench/load-generator.ts is started by bench/webhook.ts over IPC, not on its own");
  process.exit(2);
}
process.once("message", (first: ParentMessage) => {
  if (first.type !== "start") return;
  run(first.config)
    .then(() => process.disconnect())
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
});
// The parent went away: nothing left to report to.
process.on("disconnect", () => process.exit(0));
