/**
 * `src/http/`: the HTTP server (health, readiness, metrics, the webhook).
 *
 * The HTTP side of the bot on Node's own server: /healthz, /readyz and /metrics in both modes,
 * and in webhook mode the webhook itself. The webhook only stores the update in the inbox and
 * answers 200 at once: the bot handles it afterwards, so no handler, however slow or failing,
 * makes Telegram redeliver it or hold back the updates behind it.
 */
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";
import type { Registry } from "prom-client";

/** Telegram never sends updates anywhere near this size; bigger bodies are refused unread (bytes). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** A client must send its request headers within this time (ms), or the socket is closed. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** A whole request, body included, must arrive within this time (ms). */
export const REQUEST_TIMEOUT_MS = 20_000;
/** An idle keep-alive connection is closed after this (ms). */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** How often Node checks the two timeouts above (ms); its default of 30 s lets slow sockets pile up. */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;
/** When the inbox is full, Telegram is asked to come back after this (s). */
const RETRY_AFTER_SECONDS = 5;
/** Telegram's header with the webhook's secret_token. */
const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/** What the webhook does with a well-formed update: store it (`accepted`) or refuse it for now (`full`). */
export type WebhookIntake = (update: Update) => Promise<"accepted" | "full">;

export interface HttpServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Host to bind; all interfaces by default, loopback in tests. */
  host?: string;
  /** The webhook path (e.g. "/telegram/<hash>"), its secret and where updates go; absent in polling mode. */
  webhook?: { path: string; secret: string; accept: WebhookIntake };
  /** Whether the bot can serve: store reachable and content loaded. */
  ready: () => Promise<boolean>;
  metrics: Registry;
  /** Slow-client timeouts (ms); the defaults suit production, tests shorten them. */
  timeouts?: { headersMs?: number; requestMs?: number };
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
  const server: Server = createServer(
    {
      headersTimeout: options.timeouts?.headersMs ?? HEADERS_TIMEOUT_MS,
      requestTimeout: options.timeouts?.requestMs ?? REQUEST_TIMEOUT_MS,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
    (request, response) => {
    route(request, response, options).catch((error: unknown) => {
      options.onError(error);
      if (!response.headersSent) respond(response, 500, { ok: false });
      else response.end();
    });
    },
  );
  // Node applies the two timeouts above only once a request has begun: a socket that never sends a
  // byte would stay open. No traffic on a socket for this long closes it.
  server.setTimeout(options.timeouts?.headersMs ?? HEADERS_TIMEOUT_MS, (socket) => socket.destroy());
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
    return handleWebhook(request, response, options.webhook);
  }
  respond(response, 404, { ok: false, error: "not found" });
}

async function handleWebhook(
  request: IncomingMessage,
  response: ServerResponse,
  webhook: NonNullable<HttpServerOptions["webhook"]>,
): Promise<void> {
  // The secret first: a stranger's request costs no body reading and no parsing.
  if (!secretMatches(request.headers[SECRET_HEADER], webhook.secret)) {
    return refuseUnread(request, response, 401, "wrong secret token");
  }
  if (Number(request.headers["content-length"] ?? 0) > MAX_BODY_BYTES) {
    return refuseUnread(request, response, 413, "body too large");
  }
  const body = await readBody(request);
  if (body === undefined) return respond(response, 413, { ok: false, error: "body too large" });
  const update = parseUpdate(body);
  if (update === undefined) return respond(response, 400, { ok: false, error: "malformed update" });
  // Stored before the 200: once Telegram has its answer, the update survives a crash. A store
  // failure answers 500, and Telegram sends the update again.
  if ((await webhook.accept(update)) === "full") {
    response.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
    return respond(response, 503, { ok: false, error: "inbox full" });
  }
  respond(response, 200, { ok: true });
}

function secretMatches(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== "string") return false;
  const given = Buffer.from(header);
  const expected = Buffer.from(secret);
  // Constant time, so the secret cannot be guessed byte by byte from response times.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** An update is a JSON object with a non-negative integer update_id; anything else is refused. */
function parseUpdate(body: Buffer): Update | undefined {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    const id = (value as { update_id?: unknown }).update_id;
    return Number.isSafeInteger(id) && (id as number) >= 0 ? (value as Update) : undefined;
  } catch {
    return undefined;
  }
}

/** Answers without reading the body and closes the connection, so the unread body goes nowhere. */
function refuseUnread(request: IncomingMessage, response: ServerResponse, status: number, error: string): void {
  response.setHeader("connection", "close");
  respond(response, status, { ok: false, error });
  response.once("finish", () => request.destroy());
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
