/**
 * The webhook benchmark's client, in its own process so its CPU is not counted as any server's.
 * Forked by bench/webhook.ts (`node --import tsx`); talks over the IPC channel:
 *
 *   parent -> { type: "run", id, config }   child -> { type: "result", id, result }
 *
 * Each run POSTs distinct command updates from many users with the webhook secret header, at a
 * fixed concurrency over keep-alive connections (one pool per server, kept between runs), and
 * measures each request's latency. Loopback only; bounded by the request count and `deadlineMs`.
 */
import { Agent, request } from "node:http";
import { commandUpdate } from "./updates.js";

export interface LoadConfig {
  /** http://127.0.0.1:<port>/<path> of the webhook. */
  url: string;
  secretToken: string;
  command: string;
  requests: number;
  concurrency: number;
  /** Users the updates rotate through, from `firstUserId` on. */
  users: number;
  firstUserId: number;
  /** Update ids of this run start here; runs against one server must not overlap. */
  firstUpdateId: number;
  /** The run stops sending after this long and reports what it has (ms). */
  deadlineMs: number;
}

export interface LoadResult {
  requests: number;
  elapsedMs: number;
  /** Latency of each request (ms), in completion order. */
  latenciesMs: number[];
  /** How many responses had each HTTP status; "error" for a request that failed without one. */
  statuses: Record<string, number>;
  timedOut: boolean;
}

export type ParentMessage = { type: "run"; id: number; config: LoadConfig };
export type ChildMessage = { type: "result"; id: number; result: LoadResult };

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

/** Sends `config.requests` updates with `config.concurrency` requests in flight. */
async function send(agent: Agent, config: LoadConfig): Promise<LoadResult> {
  const url = new URL(config.url);
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const deadline = started + config.deadlineMs;
  let next = 0;
  let timedOut = false;
  const worker = async (): Promise<void> => {
    while (next < config.requests) {
      if (performance.now() > deadline) {
        timedOut = true;
        return;
      }
      const index = next;
      next += 1;
      const userId = config.firstUserId + (index % config.users);
      const body = JSON.stringify(commandUpdate(config.firstUpdateId + index, userId, config.command));
      const sent = performance.now();
      const status = await post(agent, url, config.secretToken, body);
      latenciesMs.push(performance.now() - sent);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, worker));
  return { requests: latenciesMs.length, elapsedMs: performance.now() - started, latenciesMs, statuses, timedOut };
}

const agents = new Map<string, Agent>();

function agentFor(config: LoadConfig): Agent {
  const key = new URL(config.url).host;
  let agent = agents.get(key);
  if (agent === undefined) {
    agent = new Agent({ keepAlive: true, maxSockets: config.concurrency });
    agents.set(key, agent);
  }
  return agent;
}

if (process.send === undefined) {
  console.error("bench/load-generator.ts is started by bench/webhook.ts over IPC, not on its own");
  process.exit(2);
}
process.on("message", (message: ParentMessage) => {
  if (message.type !== "run") return;
  send(agentFor(message.config), message.config)
    .then((result) => process.send?.({ type: "result", id: message.id, result } satisfies ChildMessage))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
});
// The parent went away: nothing left to report to.
process.on("disconnect", () => {
  for (const agent of agents.values()) agent.destroy();
  process.exit(0);
});
