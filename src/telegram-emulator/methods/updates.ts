import { badRequest } from "../api-error.js";
import {
  WEBHOOK_MAX_CONNECTIONS_DEFAULT,
  WEBHOOK_MAX_CONNECTIONS_LIMIT,
  WEBHOOK_SECRET_MAX_CHARACTERS,
  WEBHOOK_SECRET_PATTERN,
} from "../limits.js";
import type { Params } from "../params.js";
import { ResultWithDescription, type MethodHandler } from "./types.js";

// The network here reaches only this machine, so the emulator refuses to POST anywhere else.
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

function readAllowedUpdates(params: Params): string[] | undefined {
  const raw = params.json("allowed_updates", "allowed updates");
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || !raw.every((item) => typeof item === "string")) {
    throw badRequest("can't parse allowed updates JSON object");
  }
  return raw as string[];
}

const getUpdates: MethodHandler = ({ bot, params, signal }) =>
  bot.updates.getUpdates(
    {
      offset: params.integer("offset"),
      limit: params.integer("limit"),
      // Telegram takes whole seconds; fractions are allowed here so tests can poll briefly.
      timeoutSeconds: params.number("timeout"),
      allowedUpdates: readAllowedUpdates(params),
    },
    signal,
  );

function readWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest("invalid webhook URL specified");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
  }
  if (!LOOPBACK_HOSTS.has(url.hostname)) {
    throw badRequest("bad webhook: the local emulator delivers only to 127.0.0.1, localhost or [::1]");
  }
  // Telegram requires https; plain http is accepted for loopback, where a local bot listens.
  return url.href;
}

const setWebhook: MethodHandler = ({ bot, params }) => {
  const rawUrl = params.string("url") ?? "";
  const dropPending = params.boolean("drop_pending_updates");
  if (rawUrl === "") {
    const wasSet = bot.updates.deleteWebhook(dropPending);
    return new ResultWithDescription(true, wasSet ? "Webhook was deleted" : "Webhook is already deleted");
  }
  const url = readWebhookUrl(rawUrl);
  const secretToken = params.string("secret_token");
  if (secretToken !== undefined) {
    if (secretToken.length > WEBHOOK_SECRET_MAX_CHARACTERS) throw badRequest("secret token is too long");
    if (!WEBHOOK_SECRET_PATTERN.test(secretToken)) throw badRequest("secret token contains unallowed characters");
  }
  const maxConnections = params.integer("max_connections") ?? WEBHOOK_MAX_CONNECTIONS_DEFAULT;
  if (maxConnections < 1 || maxConnections > WEBHOOK_MAX_CONNECTIONS_LIMIT) {
    throw badRequest(`max_connections must be between 1 and ${WEBHOOK_MAX_CONNECTIONS_LIMIT}`);
  }
  const changed = bot.updates.setWebhook(
    { url, secretToken, maxConnections, allowedUpdates: readAllowedUpdates(params) },
    dropPending,
  );
  return new ResultWithDescription(true, changed ? "Webhook was set" : "Webhook is already set");
};

const deleteWebhook: MethodHandler = ({ bot, params }) => {
  const wasSet = bot.updates.deleteWebhook(params.boolean("drop_pending_updates"));
  return new ResultWithDescription(true, wasSet ? "Webhook was deleted" : "Webhook is already deleted");
};

const getWebhookInfo: MethodHandler = ({ bot }) => bot.updates.webhookInfo();

/** Receiving updates: long polling and webhooks. */
export const updateMethods: Record<string, MethodHandler> = {
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
};
