import { connect, type Socket } from "node:net";
import type { Update } from "grammy/types";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer, MAX_BODY_BYTES, type HttpServer } from "../../src/http/http-server.js";

const SECRET = "s3cret_token";
const PATH = "/telegram/hook";

describe("the HTTP server's webhook", () => {
  let server: HttpServer | undefined;
  let accepted: Update[];

  const start = async (accept: (update: Update) => Promise<"accepted" | "full"> = async (update) => {
    accepted.push(update);
    return "accepted";
  }, timeouts?: { headersMs: number; requestMs: number }): Promise<string> => {
    accepted = [];
    server = createHttpServer({
      port: 0,
      host: "127.0.0.1",
      webhook: { path: PATH, secret: SECRET, accept },
      ready: async () => true,
      metrics: new Registry(),
      onError: () => undefined,
      ...(timeouts === undefined ? {} : { timeouts }),
    });
    return `http://127.0.0.1:${await server.listen()}`;
  };

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const post = (base: string, body: string, secret: string | null = SECRET): Promise<Response> =>
    fetch(`${base}${PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret === null ? {} : { "x-telegram-bot-api-secret-token": secret }) },
      body,
    });

  it("takes a well-formed update with the right secret and answers 200", async () => {
    const base = await start();
    const response = await post(base, JSON.stringify({ update_id: 7, message: { text: "hi" } }));
    expect(response.status).toBe(200);
    expect(accepted.map((update) => update.update_id)).toEqual([7]);
  });

  it("refuses a wrong secret with 401 before looking at the body", async () => {
    const base = await start();
    expect((await post(base, "{broken", null)).status).toBe(401);
    expect((await post(base, "{broken", "wrong_token_")).status).toBe(401);
    expect((await post(base, "x".repeat(MAX_BODY_BYTES + 10), "nope")).status).toBe(401);
    expect(accepted).toEqual([]);
  });

  it("answers 400 to anything but an update and 413 to an oversized body", async () => {
    const base = await start();
    for (const body of ["{broken", "[1]", "null", '{"message":{}}', '{"update_id":-1}', '{"update_id":1.5}']) {
      expect((await post(base, body)).status, body).toBe(400);
    }
    expect((await post(base, JSON.stringify({ update_id: 1, pad: "x".repeat(MAX_BODY_BYTES) }))).status).toBe(413);
    expect(accepted).toEqual([]);
  });

  it("asks Telegram to come back later when the inbox is full, and answers 500 when storing fails", async () => {
    let base = await start(async () => "full");
    const full = await post(base, '{"update_id":1}');
    expect(full.status).toBe(503);
    expect(full.headers.get("retry-after")).toBe("5");
    await server?.close();
    base = await start(async () => {
      throw new Error("database is locked");
    });
    expect((await post(base, '{"update_id":1}')).status).toBe(500);
  });

  it("closes sockets that send no request or send it too slowly", async () => {
    const base = await start(undefined, { headersMs: 300, requestMs: 600 });
    const { port } = new URL(base);
    const sockets: Socket[] = [];
    const closed: Array<Promise<void>> = [];
    for (let index = 0; index < 50; index += 1) {
      const socket = connect(Number(port), "127.0.0.1");
      sockets.push(socket);
      closed.push(new Promise((resolve) => socket.once("close", () => resolve())));
      socket.on("error", () => undefined);
      // Half the sockets start a request and never finish its headers.
      if (index % 2 === 0) socket.write(`POST ${PATH} HTTP/1.1\r\nHost: x\r\n`);
    }
    const outcome = await Promise.race([
      Promise.all(closed).then(() => "all closed"),
      new Promise((resolve) => setTimeout(() => resolve("still open"), 5_000)),
    ]);
    for (const socket of sockets) socket.destroy();
    expect(outcome).toBe("all closed");
  });
});
