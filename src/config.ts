import { z } from "zod";

/** A Telegram bot token: the bot id, a colon and a 35-character secret. */
const TOKEN_PATTERN = /^\d{1,20}:[A-Za-z0-9_-]{35}$/;

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
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .optional()
    .default("info"),
  NODE_ENV: optionalString,
});

/** Everything the bot reads from the environment, parsed and checked once at start. */
export interface Config {
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
  return {
    botToken: value.BOT_TOKEN,
    botApiRoot: value.BOT_API_ROOT,
    seedsDir: value.SEEDS_DIR,
    databasePath: value.DATABASE_PATH,
    databaseUrl: value.DATABASE_URL,
    logLevel: value.LOG_LEVEL,
    prettyLogs: value.NODE_ENV !== "production" && process.stdout.isTTY === true,
  };
}
