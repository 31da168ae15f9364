import pino, { type Logger } from "pino";

export type { Logger };

/** What the bot prints instead of a secret. */
const REDACTED = "[redacted]";

export interface LoggerOptions {
  level: string;
  /** Human-readable lines for a terminal instead of JSON. */
  pretty: boolean;
  /** Values that must never be printed (the bot token); replaced wherever they appear. */
  secrets: Array<string | undefined>;
  /** Where lines go; standard output by default. */
  destination?: pino.DestinationStream;
}

/** Replaces every secret in a string, e.g. the token inside a Bot API URL in an error message. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.replaceAll(secret, REDACTED);
  return result;
}

/**
 * A pino logger that scrubs the secrets from every message, every error (message and stack) and
 * every string field, so a token that slips into an error from a library is still not printed.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.secrets.filter((secret): secret is string => secret !== undefined && secret !== "");
  const scrub = (value: unknown, depth = 0): unknown => {
    if (secrets.length === 0 || depth > 4) return value;
    if (typeof value === "string") return redactSecrets(value, secrets);
    if (value instanceof Error) {
      return {
        type: value.name,
        message: redactSecrets(value.message, secrets),
        stack: value.stack === undefined ? undefined : redactSecrets(value.stack, secrets),
      };
    }
    if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item, depth + 1)]));
    }
    return value;
  };
  const transport =
    options.pretty && options.destination === undefined
      ? pino.transport({ target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss" } })
      : options.destination;
  return pino(
    {
      level: options.level,
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => scrub(arg)) as Parameters<typeof method>);
        },
      },
    },
    transport,
  );
}
