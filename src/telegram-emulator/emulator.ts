import { createApiDispatcher } from "./api-dispatcher.js";
import { createBotState, type BotIdentity, type BotState } from "./bot-state.js";
import { createCallLog } from "./call-log.js";
import {
  createBotControl,
  createControlHandler,
  createWorldControl,
  type BotControl,
  type WorldControl,
} from "./control-api.js";
import { ControlError } from "./api-error.js";
import { createFaultInjector } from "./faults.js";
import { createMethodTable } from "./methods/index.js";
import { createRateLimiter, type RateLimitOptions } from "./rate-limit.js";
import { createEmulatorServer } from "./server.js";
import { createUpdateQueue, type WebhookTimings } from "./update-queue.js";
import { createWorld } from "./world.js";

/** A bot the emulator hosts. */
export interface EmulatedBotOptions {
  /** `<id>:<35 characters of A-Za-z0-9_->`, as BotFather issues and grammY expects. */
  token: string;
  /** The bot's user id; defaults to the number before the colon, which is what Telegram's tokens carry. */
  id?: number;
  /** Must end in "bot", as Telegram requires. */
  username: string;
  first_name: string;
  /** Privacy mode off: the bot sees every group message. Default false. */
  canReadAllGroupMessages?: boolean;
}

/** Options of {@link createEmulator}. */
export interface EmulatorOptions {
  /** The bots to host, one per token. Default: one bot, {@link DEFAULT_BOT}. */
  bots?: EmulatedBotOptions[];
  /** Telegram's 429 flood limits; off by default. */
  rateLimit?: RateLimitOptions;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Webhook retry and timeout timings. */
  webhook?: WebhookTimings;
  /** Source of randomness for faults with a `share`; inject a seeded one for repeatable runs. */
  random?: () => number;
  /** Receives one line per API call and per webhook failure. Tokens never appear in these lines. */
  log?(line: string): void;
}

/** A running (or ready to run) local Bot API. The control methods address the first bot; `bot(id)` the others. */
export interface Emulator extends BotControl, WorldControl {
  /** Starts the HTTP server on 127.0.0.1; `url` is grammY's `client.apiRoot` (no trailing slash). */
  start(): Promise<{ url: string }>;
  /** Answers held long polls with no updates, stops webhook delivery, ends waits, closes the server. */
  stop(): Promise<void>;
  /** The apiRoot once started. */
  readonly url: string | undefined;
  /** The hosted bots, tokens included, so tests can build grammY bots for them. */
  readonly bots: readonly Readonly<BotIdentity>[];
  /** The control of one bot by id or username. */
  bot(idOrUsername: number | string): BotControl;
}

/** The bot hosted when no bots are configured. Its token has grammY's shape but works nowhere else. */
export const DEFAULT_BOT: Readonly<Required<Omit<EmulatedBotOptions, "canReadAllGroupMessages">>> = {
  token: "123456:TEST-token-for-the-local-emulator00",
  id: 123456,
  username: "briefing_test_bot",
  first_name: "Briefing Bot",
};

/** The shape of a Bot API token. */
export const BOT_TOKEN_PATTERN = /^(\d+):[A-Za-z0-9_-]{35}$/;

// Loopback only: the emulator is for this machine's tests and sandbox, never a network service.
const HOST = "127.0.0.1";

function readBotIdentity(options: EmulatedBotOptions): BotIdentity {
  // Only the bot id (the part before the colon) may appear in an error: the rest is the secret.
  const match = BOT_TOKEN_PATTERN.exec(options.token);
  const tokenId = match?.[1];
  if (tokenId === undefined) throw new Error("a bot token must look like <digits>:<35 characters of A-Za-z0-9_->");
  const id = options.id ?? Number(tokenId);
  if (String(id) !== tokenId) throw new Error(`bot id ${id} does not match its token's id ${tokenId}`);
  if (!/^[A-Za-z][A-Za-z0-9_]{3,30}bot$/i.test(options.username)) {
    throw new Error(`bot username "${options.username}" must be 5-32 characters and end in "bot"`);
  }
  const identity: BotIdentity = { token: options.token, id, username: options.username, first_name: options.first_name };
  if (options.canReadAllGroupMessages !== undefined) identity.canReadAllGroupMessages = options.canReadAllGroupMessages;
  return identity;
}

/**
 * Creates a local Telegram Bot API emulator: the real bot talks to it over HTTP
 * (grammY's `client.apiRoot`), and tests play the users through the control API.
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const identities = (options.bots ?? [DEFAULT_BOT]).map(readBotIdentity);
  if (identities.length === 0) throw new Error("the emulator needs at least one bot");
  if (new Set(identities.map((identity) => identity.token)).size !== identities.length) {
    throw new Error("two bots share a token");
  }

  const world = createWorld();
  const calls = createCallLog();
  const faults = createFaultInjector(options.random);
  const methods = createMethodTable();
  const lifetime = new AbortController();

  // Filled below; the dispatcher reads them per request, and the queues need the dispatcher for webhook replies.
  const bots: BotState[] = [];
  const botsByToken = new Map<string, BotState>();
  const dispatcher = createApiDispatcher({ botsByToken, bots, world, methods, faults, calls, log: options.log });

  for (const identity of identities) {
    const updates = createUpdateQueue({
      timings: options.webhook,
      log: options.log,
      onWebhookReply: (body) => {
        const { method, ...params } = body;
        const bot = botsByToken.get(identity.token);
        if (bot && typeof method === "string") void dispatcher.invoke(bot, method, params);
      },
    });
    const limiter = options.rateLimit?.enabled ? createRateLimiter(options.rateLimit) : undefined;
    const bot = createBotState(identity, updates, limiter);
    bots.push(bot);
    botsByToken.set(identity.token, bot);
    world.addBotUser(bot.user);
  }

  const controls = new Map(bots.map((bot) => [bot.identity.id, createBotControl(bot, world, calls, lifetime.signal)]));
  const botControl = (idOrUsername: number | string | undefined): BotControl => {
    const wanted = idOrUsername ?? identities[0]?.id;
    const identity = identities.find(
      (candidate) =>
        candidate.id === wanted ||
        (typeof wanted === "string" && candidate.username.toLowerCase() === wanted.replace(/^@/, "").toLowerCase()),
    );
    const control = identity && controls.get(identity.id);
    if (!control) throw new ControlError(`no bot ${String(idOrUsername)} in this emulator`);
    return control;
  };
  const worldControl = createWorldControl(world, bots, faults);
  const server = createEmulatorServer({
    api: dispatcher,
    control: createControlHandler(botControl, worldControl),
    log: options.log,
  });

  let url: string | undefined;
  let state: "new" | "started" | "stopped" = "new";
  const first = botControl(undefined);

  return {
    ...first,
    ...worldControl,
    get url() {
      return url;
    },
    bots: identities.map((identity) => Object.freeze({ ...identity })),
    bot: (idOrUsername) => botControl(idOrUsername),
    async start() {
      if (state !== "new") throw new Error(`the emulator was already ${state}; create a new one`);
      state = "started";
      const port = await server.listen(HOST, options.port ?? 0);
      url = `http://${HOST}:${port}`;
      return { url };
    },
    async stop() {
      if (state === "stopped") return;
      const wasStarted = state === "started";
      state = "stopped";
      lifetime.abort();
      for (const bot of bots) bot.updates.close();
      if (wasStarted) await server.close();
    },
  };
}
