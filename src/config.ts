import { hostname } from "node:os";
import { validate as validateCron } from "node-cron";
import { z } from "zod";

/** A Telegram bot token: the bot id, a colon and a 35-character secret. */
const TOKEN_PATTERN = /^\d{1,20}:[A-Za-z0-9_-]{35}$/;

/** The HTTP port for health, metrics and the webhook when PORT is not set. */
const DEFAULT_PORT = 8080;

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
  SEEDS_DIR: optionalString.transform((value) => value ?? "./seeds"),
  DATABASE_PATH: optionalString.transform((value) => value ?? "./data/briefing.sqlite"),
  DATABASE_URL: optionalString.refine(
    (value) => value === undefined || /^postgres(ql)?:\/\//.test(value),
    { message: "must be a postgres:// or postgresql:// URL" },
  ),
  BOT_MODE: z.enum(["polling", "webhook"]).optional().default("polling"),
  WEBHOOK_URL: optionalString.refine((value) => value === undefined || /^https?:\/\/[^\s]+$/.test(value), {
    message: "must be the public https URL Telegram posts updates to",
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
  DELIVERY_CLAIM_MS: positiveMs(600_000),
  REDIS_URL: optionalString.refine((value) => value === undefined || /^rediss?:\/\//.test(value), {
    message: "must be a redis:// or rediss:// URL",
  }),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .optional()
    .default("info"),
  NODE_ENV: optionalString,
});

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
}

/** Thrown when the environment is unusable; lists every bad variable at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment (after dotenv) into a Config, or throws a ConfigError naming every problem. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    );
  }
  const value = result.data;
  if (value.BOT_MODE === "webhook") {
    const missing = [
      value.WEBHOOK_URL === undefined ? "WEBHOOK_URL: required when BOT_MODE=webhook" : undefined,
      value.WEBHOOK_SECRET === undefined ? "WEBHOOK_SECRET: required when BOT_MODE=webhook" : undefined,
    ].filter((problem): problem is string => problem !== undefined);
    if (missing.length > 0) throw new ConfigError(missing);
  }
  return {
    mode:
      value.BOT_MODE === "webhook"
        ? { kind: "webhook", url: value.WEBHOOK_URL ?? "", secret: value.WEBHOOK_SECRET ?? "" }
        : { kind: "polling" },
    port: value.PORT,
    adminIds: value.ADMIN_IDS,
    instanceId: value.INSTANCE_ID ?? hostname(),
    digestCron: value.DIGEST_CRON,
    schedulerLeaseMs: value.SCHEDULER_LEASE_MS,
    deliveryClaimMs: value.DELIVERY_CLAIM_MS,
    botToken: value.BOT_TOKEN,
    botApiRoot: value.BOT_API_ROOT,
    seedsDir: value.SEEDS_DIR,
    databasePath: value.DATABASE_PATH,
    databaseUrl: value.DATABASE_URL,
    redisUrl: value.REDIS_URL,
    logLevel: value.LOG_LEVEL,
    prettyLogs: value.NODE_ENV !== "production" && process.stdout.isTTY === true,
  };
}
