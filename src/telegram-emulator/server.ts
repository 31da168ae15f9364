import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiError } from "./api-error.js";
import type { ApiDispatcher } from "./api-dispatcher.js";
import { readRequestParams } from "./request-body.js";

/** Handles `/_emulator/<route>` requests; see control-api.ts for the routes. */
export interface ControlHandler {
  handle(route: string, args: Record<string, unknown>, signal: AbortSignal): Promise<{ status: number; body: unknown }>;
}

/** The HTTP face of the emulator. */
export interface EmulatorServer {
  /** Listens and returns the port actually bound (port 0 picks a free one). */
  listen(host: string, port: number): Promise<number>;
  /** Stops accepting connections and closes the open ones. */
  close(): Promise<void>;
}

/** The Bot API path: /bot<token>/<method>. */
const BOT_API_PATH = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/;
/** The control path: /_emulator/<route>. */
const CONTROL_PATH = /^\/_emulator\/([a-z0-9-]+)\/?$/;

/** How long stop() lets in-flight answers finish before cutting connections, in ms. */
const CLOSE_GRACE_MS = 200;

const NOT_FOUND_BODY = JSON.stringify({ ok: false, error_code: 404, description: "Not Found" });

/** Creates the server; nothing listens until {@link EmulatorServer.listen}. */
export function createEmulatorServer(dependencies: {
  api: ApiDispatcher;
  control: ControlHandler;
  log?(line: string): void;
}): EmulatorServer {
  const { api, control, log } = dependencies;

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    // A client that hangs up (an aborted long poll) cancels what it was waiting for.
    const abort = new AbortController();
    response.on("close", () => {
      if (!response.writableFinished) abort.abort();
    });

    const botPath = BOT_API_PATH.exec(url.pathname);
    if (botPath) {
      const [, token = "", method = ""] = botPath;
      let params: Record<string, unknown>;
      try {
        params = await readRequestParams(request, url);
      } catch (error) {
        const apiError = error instanceof ApiError ? error : new ApiError(400, "Bad Request: can't read request body");
        return send(response, apiError.errorCode, "application/json", JSON.stringify({
          ok: false,
          error_code: apiError.errorCode,
          description: apiError.description,
        }));
      }
      const answer = await api.handle({ token, method, params, signal: abort.signal });
      if (answer.kind === "drop") {
        request.socket.destroy();
        return;
      }
      return send(response, answer.status, answer.contentType, answer.body);
    }

    const controlPath = CONTROL_PATH.exec(url.pathname);
    if (controlPath) {
      let args: Record<string, unknown> = Object.fromEntries(url.searchParams);
      if (request.method === "POST") {
        const text = await readText(request);
        if (text.trim() !== "") {
          try {
            args = { ...args, ...(JSON.parse(text) as Record<string, unknown>) };
          } catch {
            return send(response, 400, "application/json", JSON.stringify({ ok: false, error: "body must be JSON" }));
          }
        }
      }
      const answer = await control.handle(controlPath[1] ?? "", args, abort.signal);
      return send(response, answer.status, "application/json", JSON.stringify(answer.body));
    }

    send(response, 404, "application/json", NOT_FOUND_BODY);
  }

  const server: Server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      // Log the path without the token: /bot<token>/ is replaced before anything is printed.
      const path = (request.url ?? "").replace(/^\/bot[^/]+/, "/bot<token>");
      log?.(`internal error on ${path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent) send(response, 500, "application/json", JSON.stringify({ ok: false, error_code: 500, description: "Internal Server Error" }));
      else response.destroy();
    });
  });

  return {
    listen(host, port) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Answers already on their way (long polls released by stop()) get a moment to reach the client.
        setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      });
    },
  };
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  if (response.destroyed) return;
  response.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  response.end(body);
}

async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
