/**
 * The HTTP side of the bot on Node's own server: /healthz, /readyz and /metrics in both modes,
 * and in webhook mode the webhook itself, handed to grammY's `webhookCallback`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

/** Telegram never sends updates anywhere near this size; bigger bodies are refused unread (bytes). */
const MAX_BODY_BYTES = 1024 * 1024;

/** A webhook handler on web-standard Request/Response (grammY's "std/http" adapter). */
export type WebhookHandler = (request: Request) => Promise<Response>;

export interface HttpServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Host to bind; all interfaces by default, loopback in tests. */
  host?: string;
  /** The webhook path (e.g. "/telegram/<hash>") and its handler; absent in polling mode. */
  webhook?: { path: string; handler: WebhookHandler };
  /** Whether the bot can serve: store reachable and content loaded. */
  ready: () => Promise<boolean>;
  metrics: Registry;
  /** Called for a request that failed inside the server (never with the body). */
  onError: (error: unknown) => void;
}

export interface HttpServer {
  /** Resolves with the bound port. */
  listen(): Promise<number>;
  /** Stops accepting connections and waits for requests in flight. */
  close(): Promise<void>;
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const server: Server = createServer((request, response) => {
    route(request, response, options).catch((error: unknown) => {
      options.onError(error);
      if (!response.headersSent) respond(response, 500, { ok: false });
      else response.end();
    });
  });
  return {
    listen: () =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port, options.host, () => resolve((server.address() as AddressInfo).port));
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open until they time out.
        server.closeIdleConnections();
      }),
  };
}

async function route(request: IncomingMessage, response: ServerResponse, options: HttpServerOptions): Promise<void> {
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  if (request.method === "GET" && path === "/healthz") return respond(response, 200, { ok: true });
  if (request.method === "GET" && path === "/readyz") {
    const ready = await options.ready().catch(() => false);
    return respond(response, ready ? 200 : 503, { ok: ready });
  }
  if (request.method === "GET" && path === "/metrics") {
    response.writeHead(200, { "content-type": options.metrics.contentType });
    response.end(await options.metrics.metrics());
    return;
  }
  if (options.webhook !== undefined && path === options.webhook.path) {
    if (request.method !== "POST") return respond(response, 405, { ok: false, error: "POST only" });
    return handleWebhook(request, response, options.webhook.handler);
  }
  respond(response, 404, { ok: false, error: "not found" });
}

async function handleWebhook(request: IncomingMessage, response: ServerResponse, handler: WebhookHandler): Promise<void> {
  const body = await readBody(request);
  if (body === undefined) return respond(response, 413, { ok: false, error: "body too large" });
  // A body that is not a JSON object is answered 400 here, before grammY would choke on it.
  try {
    const update: unknown = JSON.parse(body.toString("utf8"));
    if (update === null || typeof update !== "object" || Array.isArray(update)) throw new Error("not an object");
  } catch {
    return respond(response, 400, { ok: false, error: "malformed update" });
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  const answer = await handler(new Request("http://localhost/webhook", { method: "POST", headers, body }));
  response.writeHead(answer.status, Object.fromEntries(answer.headers));
  response.end(Buffer.from(await answer.arrayBuffer()));
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function respond(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
