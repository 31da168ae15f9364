import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update, WebhookInfo } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator } from "./harness.js";

/** A local webhook receiver that answers with the given statuses in turn (the last one repeats). */
async function startReceiver(statuses: number[]) {
  const received: Array<{ headers: IncomingHttpHeaders; update: Update; status: number }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const status = statuses[Math.min(received.length, statuses.length - 1)] ?? 200;
      received.push({ headers: request.headers, update: JSON.parse(Buffer.concat(chunks).toString()) as Update, status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receivers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}
const receivers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const waitUntil = async (condition: () => boolean, timeoutMs = 3_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("getUpdates", () => {
  it("returns queued updates, forgets those below the offset, and honours limit", async () => {
    const harness = await startEmulator();
    const user = harness.emulator.createUser({ first_name: "Ann" });
    for (const text of ["one", "two", "three"]) harness.emulator.sendText(user.id, text);

    const firstTwo = await harness.ok<Update[]>("getUpdates", { limit: 2 });
    expect(firstTwo.map((update) => update.message?.text)).toEqual(["one", "two"]);
    // Without an offset nothing is confirmed: the same updates come again.
    const again = await harness.ok<Update[]>("getUpdates", {});
    expect(again).toHaveLength(3);

    const lastId = firstTwo[1]?.update_id ?? 0;
    const rest = await harness.ok<Update[]>("getUpdates", { offset: lastId + 1 });
    expect(rest.map((update) => update.message?.text)).toEqual(["three"]);
    expect(harness.emulator.pendingUpdates()).toHaveLength(1);
  });

  it("takes a negative offset as 'the last N updates'", async () => {
    const harness = await startEmulator();
    const user = harness.emulator.createUser({ first_name: "Ann" });
    for (const text of ["a", "b", "c"]) harness.emulator.sendText(user.id, text);
    const last = await harness.ok<Update[]>("getUpdates", { offset: -1 });
    expect(last.map((update) => update.message?.text)).toEqual(["c"]);
    expect(harness.emulator.pendingUpdates()).toHaveLength(1);
  });

  it("holds a long poll until an update arrives", async () => {
    const harness = await startEmulator();
    const user = harness.emulator.createUser({ first_name: "Ann" });
    const started = Date.now();
    const poll = harness.ok<Update[]>("getUpdates", { timeout: 10 });
    setTimeout(() => harness.emulator.sendText(user.id, "wake up"), 150);
    const updates = await poll;
    expect(updates.map((update) => update.message?.text)).toEqual(["wake up"]);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(100);
    expect(waited).toBeLessThan(5_000);
  });

  it("answers an empty list when the long poll times out", async () => {
    const harness = await startEmulator();
    const started = Date.now();
    expect(await harness.ok<Update[]>("getUpdates", { timeout: 0.3 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("ends the older of two long polls with 409 Conflict", async () => {
    const harness = await startEmulator();
    const older = harness.api("getUpdates", { timeout: 5 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const newer = harness.api("getUpdates", { timeout: 0.2 });
    const olderAnswer = await older;
    expect(olderAnswer.status).toBe(409);
    expect(olderAnswer.body.description).toBe(
      "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    );
    expect((await newer).body).toEqual({ ok: true, result: [] });
  });

  it("filters update types by allowed_updates, leaving chat_member out by default", async () => {
    const harness = await startEmulator();
    const user = harness.emulator.createUser({ first_name: "Ann" });
    await harness.ok("getUpdates", { allowed_updates: ["callback_query"] });
    harness.emulator.sendText(user.id, "ignored");
    expect(harness.emulator.pendingUpdates()).toEqual([]);
    await harness.ok("getUpdates", { allowed_updates: [] });
    harness.emulator.sendText(user.id, "seen");
    expect(harness.emulator.pendingUpdates().map((update) => update.message?.text)).toEqual(["seen"]);
  });

  it("answers a held long poll with no updates when the emulator stops", async () => {
    const harness = await startEmulator();
    const poll = harness.api("getUpdates", { timeout: 20 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await harness.emulator.stop();
    expect((await poll).body).toEqual({ ok: true, result: [] });
  });
});

describe("webhooks", () => {
  it("refuses getUpdates with 409 while a webhook is set, also for a poll already held", async () => {
    const harness = await startEmulator();
    const receiver = await startReceiver([200]);
    const held = harness.api("getUpdates", { timeout: 5 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await harness.api("setWebhook", { url: receiver.url })).toMatchObject({
      status: 200,
      body: { ok: true, result: true, description: "Webhook was set" },
    });
    const conflict = {
      status: 409,
      body: {
        ok: false,
        error_code: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      },
    };
    expect(await held).toEqual(conflict);
    expect(await harness.api("getUpdates", {})).toEqual(conflict);
    await harness.ok("deleteWebhook");
    expect((await harness.api("getUpdates", {})).status).toBe(200);
  });

  it("POSTs updates in order with the secret token header", async () => {
    const harness = await startEmulator();
    const receiver = await startReceiver([200]);
    await harness.ok("setWebhook", { url: receiver.url, secret_token: "s3cret_-TOKEN" });
    const user = harness.emulator.createUser({ first_name: "Ann" });
    for (const text of ["first", "second", "third"]) harness.emulator.sendText(user.id, text);
    await waitUntil(() => receiver.received.length === 3);
    expect(receiver.received.map((delivery) => delivery.update.message?.text)).toEqual(["first", "second", "third"]);
    expect(receiver.received.every((delivery) => delivery.headers["x-telegram-bot-api-secret-token"] === "s3cret_-TOKEN")).toBe(true);
    await waitUntil(() => harness.emulator.pendingUpdates().length === 0);
  });

  it("retries with backoff until the webhook answers 2xx, and reports the last error", async () => {
    const harness = await startEmulator({ webhook: { retryInitialMs: 20, retryMaxMs: 40 } });
    const receiver = await startReceiver([500, 502, 200]);
    await harness.ok("setWebhook", { url: receiver.url });
    const user = harness.emulator.createUser({ first_name: "Ann" });
    harness.emulator.sendText(user.id, "persist");
    await waitUntil(() => receiver.received.length === 3);
    expect(receiver.received.map((delivery) => delivery.status)).toEqual([500, 502, 200]);
    expect(receiver.received.map((delivery) => delivery.update.update_id)).toEqual(
      Array(3).fill(receiver.received[0]?.update.update_id),
    );
    const info = await harness.ok<WebhookInfo>("getWebhookInfo");
    expect(info).toMatchObject({
      url: receiver.url,
      has_custom_certificate: false,
      pending_update_count: 0,
      last_error_message: "Wrong response from the webhook: 502 Bad Gateway",
    });
    expect(info.last_error_date).toBeGreaterThan(0);
  });

  it("validates the secret token and refuses non-loopback hosts", async () => {
    const harness = await startEmulator();
    expect((await harness.api("setWebhook", { url: "https://127.0.0.1/hook", secret_token: "a+b" })).body.description).toBe(
      "Bad Request: secret token contains unallowed characters",
    );
    expect((await harness.api("setWebhook", { url: "https://127.0.0.1/hook", secret_token: "x".repeat(257) })).body.description).toBe(
      "Bad Request: secret token is too long",
    );
    expect((await harness.api("setWebhook", { url: "https://example.com/hook" })).status).toBe(400);
  });

  it("drops pending updates on request and reports the webhook in getWebhookInfo", async () => {
    const harness = await startEmulator();
    const user = harness.emulator.createUser({ first_name: "Ann" });
    harness.emulator.sendText(user.id, "old");
    // Port 9 (discard) refuses connections, so the update stays pending.
    await harness.ok("setWebhook", { url: "http://127.0.0.1:9/hook", allowed_updates: ["message"], max_connections: 5 });
    await waitUntil(() => harness.emulator.pendingUpdates().length === 1);
    const info = await harness.ok<WebhookInfo>("getWebhookInfo");
    expect(info).toMatchObject({ url: "http://127.0.0.1:9/hook", max_connections: 5, allowed_updates: ["message"], pending_update_count: 1 });
    expect((await harness.api("deleteWebhook", { drop_pending_updates: true })).body).toEqual({
      ok: true,
      result: true,
      description: "Webhook was deleted",
    });
    expect(harness.emulator.pendingUpdates()).toEqual([]);
    expect(await harness.ok<WebhookInfo>("getWebhookInfo")).toMatchObject({ url: "", pending_update_count: 0 });
  });

  it("runs a method the webhook answers with, as Telegram does", async () => {
    const harness = await startEmulator();
    const user = harness.emulator.createUser({ first_name: "Ann" });
    harness.emulator.sendText(user.id, "/start");
    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ method: "sendMessage", chat_id: user.id, text: "from the reply" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    receivers.push(server);
    await harness.ok("setWebhook", {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      drop_pending_updates: true,
    });
    harness.emulator.sendText(user.id, "hello");
    const [reply] = await harness.emulator.waitForMessages(user.id, 1, 3_000);
    expect(reply?.text).toBe("from the reply");
    expect(harness.emulator.calls("sendMessage")).toHaveLength(1);
  });
});
