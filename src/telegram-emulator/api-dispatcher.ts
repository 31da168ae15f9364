/**
 * `src/telegram-emulator/`: the project's own Bot API server, over real HTTP, so every test and the
 * sandbox run without Telegram (see its README.md).
 *
 * This file routes a Bot API request to its method: token, faults, rate limits, then the handler.
 */
import { ApiError, badRequest, ERROR_TEXT, forbidden, tooManyRequests } from "./api-error.js";
import type { BotState } from "./bot-state.js";
import type { CallLog } from "./call-log.js";
import type { FaultInjector } from "./faults.js";
import { resolveChatReference } from "./methods/chat-access.js";
import { ResultWithDescription, type MethodHandler } from "./methods/index.js";
import { readParams, type RawParams } from "./params.js";
import { PAID_BROADCAST_COST_DECI_STARS } from "./limits.js";
import { MESSAGE_SENDING_METHODS, PAID_BROADCAST_METHODS } from "./rate-limit.js";
import { sleep } from "./waiting.js";
import type { World } from "./world.js";

/** An answer to a Bot API request, or a connection to drop. */
export type ApiResponse = { kind: "answer"; status: number; contentType: string; body: string } | { kind: "drop" };

/** A Bot API request after routing: the token and method from the path, the parameters from query and body. */
export interface ApiRequest {
  token: string;
  method: string;
  params: RawParams;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
}

/** Turns Bot API requests into responses: authentication, faults, rate limits, the method, the call log. */
export interface ApiDispatcher {
  handle(request: ApiRequest): Promise<ApiResponse>;
  /** Runs a call that arrived without HTTP (a webhook's reply body); the answer goes only to the call log. */
  invoke(bot: BotState, method: string, params: RawParams): Promise<void>;
}

/** What the dispatcher needs. */
export interface ApiDispatcherDependencies {
  botsByToken: ReadonlyMap<string, BotState>;
  bots: readonly BotState[];
  world: World;
  methods: ReadonlyMap<string, MethodHandler>;
  faults: FaultInjector;
  calls: CallLog;
  log?(line: string): void;
}

const json = (status: number, payload: unknown): ApiResponse => ({
  kind: "answer",
  status,
  contentType: "application/json",
  body: JSON.stringify(payload),
});

const failure = (error: ApiError): ApiResponse =>
  json(error.errorCode, {
    ok: false,
    error_code: error.errorCode,
    description: error.description,
    ...(error.parameters ? { parameters: error.parameters } : {}),
  });

// What a proxy in front of a failing Bot API server sends: HTML, not JSON, so clients see a parse failure.
const BAD_GATEWAY_PAGE =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/** Creates the dispatcher. */
export function createApiDispatcher(dependencies: ApiDispatcherDependencies): ApiDispatcher {
  const { botsByToken, bots, world, methods, faults, calls, log } = dependencies;

  async function run(bot: BotState, method: string, raw: RawParams, signal: AbortSignal): Promise<ApiResponse> {
    const lowerMethod = method.toLowerCase();
    const handler = methods.get(lowerMethod);
    if (!handler) return failure(new ApiError(404, "Not Found"));

    const fault = faults.take({ botId: bot.identity.id, method, chatId: raw.chat_id });
    if (fault?.kind === "drop") return { kind: "drop" };
    if (fault?.kind === "blocked") return failure(forbidden(ERROR_TEXT.blockedByUser));
    if (fault?.kind === "flood") return failure(tooManyRequests(fault.retryAfter));
    if (fault?.kind === "server") {
      return fault.status === 502
        ? { kind: "answer", status: 502, contentType: "text/html", body: BAD_GATEWAY_PAGE }
        : failure(new ApiError(500, "Internal Server Error"));
    }
    if (fault?.kind === "slow") await sleep(fault.delayMs, signal);

    const params = readParams(raw);
    let limitedChat: number | undefined;
    const paid = PAID_BROADCAST_METHODS.has(lowerMethod) && params.boolean("allow_paid_broadcast");
    let charged = false;
    if (bot.rateLimiter && MESSAGE_SENDING_METHODS.has(lowerMethod)) {
      try {
        limitedChat = resolveChatReference(world, raw.chat_id);
      } catch {
        // A bad chat_id fails in the method itself with Telegram's own error.
      }
      if (limitedChat !== undefined) {
        const verdict = bot.rateLimiter.check(limitedChat, { paid });
        if (verdict.kind === "limited") return failure(tooManyRequests(verdict.retryAfter));
        charged = verdict.charged;
        if (charged && !bot.stars.canPay(PAID_BROADCAST_COST_DECI_STARS)) return failure(badRequest(ERROR_TEXT.starBalanceTooLow));
      }
    }

    try {
      const outcome = await handler({ bot, bots, world, params, signal });
      if (limitedChat !== undefined) {
        bot.rateLimiter?.record(limitedChat, { paid, charged });
        if (charged) bot.stars.spend(PAID_BROADCAST_COST_DECI_STARS);
      }
      return outcome instanceof ResultWithDescription
        ? json(200, { ok: true, result: outcome.result, description: outcome.description })
        : json(200, { ok: true, result: outcome });
    } catch (error) {
      if (error instanceof ApiError) return failure(error);
      log?.(`bot ${bot.identity.id} ${method}: unexpected ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return failure(new ApiError(500, "Internal Server Error"));
    }
  }

  async function runAndRecord(bot: BotState, method: string, raw: RawParams, signal: AbortSignal): Promise<ApiResponse> {
    const started = performance.now();
    const response = await run(bot, method, raw, signal);
    const entry = {
      at: Date.now(),
      botId: bot.identity.id,
      method,
      params: raw,
      durationMs: Math.round(performance.now() - started),
    };
    if (response.kind === "drop") {
      calls.record({ ...entry, status: null, ok: false, description: "connection dropped by an injected fault" });
      log?.(`bot ${bot.identity.id} ${method} -> dropped`);
      return response;
    }
    let payload: { ok?: boolean; description?: string; result?: unknown } = {};
    try {
      payload = JSON.parse(response.body) as typeof payload;
    } catch {
      payload = { ok: false, description: `non-JSON ${response.status} answer` };
    }
    calls.record({
      ...entry,
      status: response.status,
      ok: payload.ok === true,
      ...(payload.description !== undefined ? { description: payload.description } : {}),
      ...(payload.ok === true ? { result: payload.result } : {}),
    });
    log?.(`bot ${bot.identity.id} ${method} -> ${response.status}`);
    return response;
  }

  return {
    async handle({ token, method, params, signal }) {
      const bot = botsByToken.get(token);
      // The token is never logged, not even a wrong one: it may be a real bot's secret.
      if (!bot) return failure(new ApiError(401, "Unauthorized"));
      return runAndRecord(bot, method, params, signal);
    },
    async invoke(bot, method, params) {
      await runAndRecord(bot, method, params, new AbortController().signal);
    },
  };
}
