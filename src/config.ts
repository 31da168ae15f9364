import { hostname } from "node:os";
import { validate as validateCron } from "node-cron";
import { z } from "zod";
import { FREE_MESSAGES_PER_SECOND, PAID_MESSAGES_PER_SECOND } from "./digest/pacing.js";
import { CLAIM_LEASE_MS } from "./digest/scheduler.js";

/** A Telegram bot token: the bot id, a colon and a 35-character secret. */
const TOKEN_PATTERN = /^\d{1,20}:[A-Za-z0-9_-]{35}$/;

/** The folder of source documents when SEEDS_DIR is not set. */
const DEFAULT_SEEDS_DIR = "./seeds";

/** The HTTP port for health, metrics and the webhook when PORT is not set. */
const DEFAULT_PORT = 8080;

/** Hosts where a plain-http webhook is fine: nothing leaves the machine. */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** Telegram posts updates only to https; plain http is accepted on loopback (a local Bot API server, the tests). */
function isWebhookUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
}

/** A duration in ms from the environment, with its default. */
function positiveMs(defaultMs: number) {
  return optionalString
    .refine((value) => value === undefined || (/^\d+$/.test(value) && Number(value) > 0), {
      message: "must be a positive number of milliseconds",
    })
    .transform((value) => (value === undefined ? defaultMs : Number(value)));
}

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();


const schema = z.object({
  // The token is checked by shape only; its value never reaches an error message.
  BOT_TOKEN: optionalString.refine((value) => value === undefined || TOKEN_PATTERN.test(value), {
    message: "must look like 123456789:AA… (the token @BotFather gives; the value is not shown)",
  }),
  BOT_API_ROOT: optionalString
    .refine((value) => value === undefined || /^https?:\/\/[^\s]+$/.test(value), {
      message: "must be an http(s) URL such as http://127.0.0.1:8081",
    })
    // grammY appends "/bot<token>/<method>" itself: a trailing slash would double it.
    .transform((value) => value?.replace(/\/+$/, "")),
  SEEDS_DIR: optionalString.transform((value) => value ?? DEFAULT_SEEDS_DIR),
  DATABASE_PATH: optionalString.transform((value) => value ?? "./data/briefing.sqlite"),
  DATABASE_URL: optionalString.refine(
    (value) => value === undefined || /^postgres(ql)?:\/\//.test(value),
    { message: "must be a postgres:// or postgresql:// URL" },
  ),
  BOT_MODE: optionalString.pipe(z.enum(["polling", "webhook"]).optional()).transform((value) => value ?? "polling"),
  WEBHOOK_URL: optionalString.refine((value) => value === undefined || isWebhookUrl(value), {
    message: "must be the public https URL Telegram posts updates to (http only on 127.0.0.1, ::1 or localhost)",
  }),
  // Telegram's rule for secret_token: 1-256 characters of A-Z, a-z, 0-9, _ and -.
  WEBHOOK_SECRET: optionalString.refine((value) => value === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(value), {
    message: "must be 1-256 characters of A-Z, a-z, 0-9, _ and - (the value is not shown)",
  }),
  PORT: optionalString
    .refine((value) => value === undefined || (/^\d+$/.test(value) && Number(value) <= 65_535), {
      message: "must be a port number (0 picks a free one)",
    })
    .transform((value) => (value === undefined ? DEFAULT_PORT : Number(value))),
  ADMIN_IDS: optionalString
    .refine((value) => value === undefined || /^\s*-?\d+(\s*,\s*-?\d+)*\s*$/.test(value), {
      message: "must be Telegram user ids separated by commas, e.g. 12345,67890",
    })
    .transform((value) => (value === undefined ? [] : value.split(",").map((id) => Number(id.trim())))),
  INSTANCE_ID: optionalString,
  DIGEST_CRON: optionalString
    .refine((value) => value === undefined || validateCron(value), {
      message: 'must be a cron expression such as "* * * * *" (every minute)',
    })
    .transform((value) => value ?? "* * * * *"),
  SCHEDULER_LEASE_MS: positiveMs(90_000),
  DELIVERY_CLAIM_MS: positiveMs(CLAIM_LEASE_MS),
  BROADCAST_RATE: optionalString
    .refine((value) => value === undefined || (/^\d+(\.\d+)?$/.test(value) && Number(value) > 0 && Number(value) <= PAID_MESSAGES_PER_SECOND), {
      message: `must be messages per second, more than 0 and at most ${PAID_MESSAGES_PER_SECOND}`,
    })
    .transform((value) => (value === undefined ? FREE_MESSAGES_PER_SECOND : Number(value))),
  BROADCAST_PAID: optionalString
    .pipe(z.enum(["true", "false"]).optional())
    .transform((value) => value === "true"),
  REDIS_URL: optionalString.refine((value) => value === undefined || /^rediss?:\/\//.test(value), {
    message: "must be a redis:// or rediss:// URL",
  }),
  LOG_LEVEL: optionalString
    .pipe(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional())
    .transform((value) => value ?? "info"),
  NODE_ENV: optionalString,
});

/** The variables the config reads, in the order `.env.example` lists them. */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as ReadonlyArray<keyof typeof schema.shape>;

/** How updates arrive: the bot asks for them (long polling) or Telegram posts them (webhook). */
export type UpdateMode = { kind: "polling" } | { kind: "webhook"; url: string; secret: string };

/** Everything the bot reads from the environment, parsed and checked once at start. */
export interface Config {
  mode: UpdateMode;
  /** HTTP port for /healthz, /readyz, /metrics and, in webhook mode, the webhook; 0 picks a free one. */
  port: number;
  /** Telegram user ids allowed to use /stats and /reload. */
  adminIds: number[];
  /**
   * Names this instance in leases, claims and logs. The host name by default, so a restart on the
   * same host takes its own leases and claims back at once; set one per instance when several run
   * on one host.
   */
  instanceId: string;
  /** How often the scheduler looks for due digests (node-cron expression). */
  digestCron: string;
  /** How long the scheduling lease of one instance lasts without renewal (ms): the failover time. */
  schedulerLeaseMs: number;
  /** How long a digest claimed by an instance stays its own (ms): after a crash, it is sent after this. */
  deliveryClaimMs: number;
  /**
   * Digest messages per second across all chats (Telegram's free limit is 30). Above 30 only with
   * `paidBroadcast`, up to Telegram's 1,000.
   */
  broadcastRate: number;
  /** Send digests with `allow_paid_broadcast`: 0.1 Star per message beyond the free 30 a second. */
  paidBroadcast: boolean;
  /** Bot token; absent means the offline sandbox against the embedded emulator. */
  botToken: string | undefined;
  /** Root of the Bot API server without a trailing slash; undefined means api.telegram.org. */
  botApiRoot: string | undefined;
  /** Folder with the source documents. */
  seedsDir: string;
  /** SQLite file used when no DATABASE_URL is set. */
  databasePath: string;
  /** PostgreSQL connection string, for several instances. */
  databaseUrl: string | undefined;
  /** Redis for flood protection shared by several instances; in-process counting without it. */
  redisUrl: string | undefined;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Human-readable logs instead of JSON lines. */
  prettyLogs: boolean;
  /** Variables that are set but that the offline sandbox (no BOT_TOKEN) does not use; it says so at start. */
  sandboxIgnores: string[];
}

/**
 * The sandbox runs its own emulator and SQLite file and always polls: these settings would change
 * what a bot with a token does, and do nothing there. BOT_MODE=polling (as `.env.example` has it) is what it does anyway.
 */
const SANDBOX_IGNORED_VARIABLES: Record<string, (value: string) => boolean> = {
  BOT_API_ROOT: () => true,
  DATABASE_URL: () => true,
  BOT_MODE: (value) => value === "webhook",
};

/** Thrown when the environment is unusable; lists every bad variable at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** What parseConfig may check beyond the variables' shapes. */
export interface ConfigChecks {
  /** Whether a folder exists; when given, SEEDS_DIR must name one. */
  folderExists?: (path: string) => boolean;
}

/**
 * Parses the environment (after dotenv) into a Config, or throws a ConfigError naming every
 * problem: the shape of each variable, what webhook mode needs, and (when asked) the seeds folder.
 */
export function parseConfig(env: NodeJS.ProcessEnv, checks: ConfigChecks = {}): Config {
  const result = schema.safeParse(env);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  problems.push(...crossFieldProblems(env, checks));
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const value = result.data;
  return {
    mode:
      value.BOT_MODE === "webhook" && value.BOT_TOKEN !== undefined
        ? { kind: "webhook", url: value.WEBHOOK_URL ?? "", secret: value.WEBHOOK_SECRET ?? "" }
        : { kind: "polling" },
    port: value.PORT,
    adminIds: value.ADMIN_IDS,
    instanceId: value.INSTANCE_ID ?? hostname(),
    digestCron: value.DIGEST_CRON,
    schedulerLeaseMs: value.SCHEDULER_LEASE_MS,
    deliveryClaimMs: value.DELIVERY_CLAIM_MS,
    broadcastRate: value.BROADCAST_RATE,
    paidBroadcast: value.BROADCAST_PAID,
    botToken: value.BOT_TOKEN,
    botApiRoot: value.BOT_API_ROOT,
    seedsDir: value.SEEDS_DIR,
    databasePath: value.DATABASE_PATH,
    databaseUrl: value.DATABASE_URL,
    redisUrl: value.REDIS_URL,
    logLevel: value.LOG_LEVEL,
    prettyLogs: value.NODE_ENV !== "production" && process.stdout.isTTY === true,
    sandboxIgnores: Object.entries(SANDBOX_IGNORED_VARIABLES)
      .filter(([name, applies]) => (env[name]?.trim() ?? "") !== "" && applies(env[name]?.trim() ?? ""))
      .map(([name]) => name),
  };
}

/**
 * Problems between variables, read from the raw values so that they are reported even when another
 * variable (a malformed token) fails its own check. Webhook mode needs a token: the sandbox ignores BOT_MODE.
 */
function crossFieldProblems(env: NodeJS.ProcessEnv, checks: ConfigChecks): string[] {
  const raw = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === "" ? undefined : value;
  };
  const problems: string[] = [];
  if (raw("BOT_MODE") === "webhook" && raw("BOT_TOKEN") !== undefined) {
    if (raw("WEBHOOK_URL") === undefined) problems.push("WEBHOOK_URL: required when BOT_MODE=webhook");
    if (raw("WEBHOOK_SECRET") === undefined) problems.push("WEBHOOK_SECRET: required when BOT_MODE=webhook");
  }
  const rate = Number(raw("BROADCAST_RATE") ?? FREE_MESSAGES_PER_SECOND);
  if (rate > FREE_MESSAGES_PER_SECOND && raw("BROADCAST_PAID") !== "true") {
    problems.push(
      `BROADCAST_RATE: above Telegram's free ${FREE_MESSAGES_PER_SECOND} messages a second only with BROADCAST_PAID=true (0.1 Star per message over the free rate)`,
    );
  }
  const seedsDir = raw("SEEDS_DIR") ?? DEFAULT_SEEDS_DIR;
  if (checks.folderExists !== undefined && !checks.folderExists(seedsDir)) {
    problems.push(`SEEDS_DIR: there is no folder ${seedsDir}; create it with your .txt or .md documents, or point SEEDS_DIR at one`);
  }
  return problems;
}
