/**
 * Prometheus metrics (prom-client) in one registry per process, created by a factory so tests and
 * several bots in one process never share counters.
 */
import type { Transformer } from "grammy";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Bot API methods that put a message into a chat or change one. Not answerInlineQuery: its
 * results only offer messages, which the user may send or not (`bot_inline_answers_total`).
 */
const SENDING_METHODS = new Set(["sendMessage", "editMessageText", "copyMessage", "forwardMessage"]);

/** Handler latency buckets (seconds): most updates take milliseconds; the tail shows slow API calls. */
const LATENCY_BUCKETS_SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface Metrics {
  registry: Registry;
  updatesHandled: Counter<"type" | "outcome">;
  handlerSeconds: Histogram<"type">;
  messagesSent: Counter<"method">;
  inlineAnswers: Counter;
  apiErrors: Counter<"method" | "code">;
  deliveries: Counter<"status">;
  subscribersPerTopic: Gauge<"topic">;
}

/** Creates the registry; `subscribersByTopic` is read at scrape time, so the gauge is never stale. */
export function createMetrics(subscribersByTopic?: () => Promise<Array<{ topic: string; count: number }>>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    updatesHandled: new Counter({
      name: "bot_updates_total",
      help: "Updates handled, by update type and outcome (ok or error)",
      labelNames: ["type", "outcome"],
      registers: [registry],
    }),
    handlerSeconds: new Histogram({
      name: "bot_update_duration_seconds",
      help: "Time from receiving an update to finishing its handlers",
      labelNames: ["type"],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [registry],
    }),
    messagesSent: new Counter({
      name: "bot_messages_sent_total",
      help: "Successful Bot API calls that put a message into a chat or edit one, by method",
      labelNames: ["method"],
      registers: [registry],
    }),
    inlineAnswers: new Counter({
      name: "bot_inline_answers_total",
      help: "Inline queries answered (results offered; a chosen result is sent by the user's client)",
      registers: [registry],
    }),
    apiErrors: new Counter({
      name: "bot_api_errors_total",
      help: "Failed Bot API calls by method and error code (429 = rate limited, each retry counts)",
      labelNames: ["method", "code"],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: "bot_digest_deliveries_total",
      help: "Daily digests by outcome: sent, skipped (nothing new), failed, blocked",
      labelNames: ["status"],
      registers: [registry],
    }),
    subscribersPerTopic: new Gauge({
      name: "bot_subscribers",
      help: "Subscriptions per topic",
      labelNames: ["topic"],
      registers: [registry],
      async collect() {
        if (subscribersByTopic === undefined) return;
        this.reset();
        for (const { topic, count } of await subscribersByTopic()) this.set({ topic }, count);
      },
    }),
  };
}

/** Counts every Bot API call's outcome; installed under auto-retry, so each retry is seen. */
export function apiMetricsTransformer(metrics: Metrics): Transformer {
  return async (previous, method, payload, signal) => {
    try {
      const response = await previous(method, payload, signal);
      if (response.ok && SENDING_METHODS.has(method)) metrics.messagesSent.inc({ method });
      if (response.ok && method === "answerInlineQuery") metrics.inlineAnswers.inc();
      if (!response.ok) metrics.apiErrors.inc({ method, code: String(response.error_code) });
      return response;
    } catch (error) {
      metrics.apiErrors.inc({ method, code: "network" });
      throw error;
    }
  };
}
