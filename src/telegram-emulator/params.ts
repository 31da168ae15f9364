import { badRequest } from "./api-error.js";

/** A file part of a multipart request; kept so handlers can tell an upload from a file_id. */
export interface UploadedFile {
  readonly kind: "upload";
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
}

/** Raw method parameters: JSON values from JSON bodies, strings from query strings and forms. */
export type RawParams = Readonly<Record<string, unknown>>;

/**
 * Typed access to one call's parameters. Telegram accepts "42" for an integer and
 * a JSON-encoded string for an object (that is how form bodies carry them), so the
 * readers coerce the same way and fail with a Bad Request when a value cannot be read.
 */
export interface Params {
  readonly raw: RawParams;
  has(name: string): boolean;
  string(name: string): string | undefined;
  integer(name: string): number | undefined;
  /** Seconds or other numbers that may be fractional (the emulator allows a fractional getUpdates timeout). */
  number(name: string): number | undefined;
  /** True for true, "true", "yes" and 1 in any case and spacing, as telegram-bot-api reads a Boolean; false otherwise, never an error. */
  boolean(name: string): boolean;
  /** An object or array, given either as JSON or as a JSON-encoded string; `what` names it in the error. */
  json(name: string, what: string): unknown;
  /** chat_id: an integer or an "@username". */
  chatId(name?: string): number | string | undefined;
}

/** Wraps raw parameters in typed readers. */
export function readParams(raw: RawParams): Params {
  const present = (name: string): boolean => raw[name] !== undefined && raw[name] !== null && raw[name] !== "";

  const integer = (name: string): number | undefined => {
    if (!present(name)) return undefined;
    const value = raw[name];
    const parsed = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : NaN;
    if (!Number.isInteger(parsed)) throw badRequest(`invalid ${name} specified`);
    return parsed;
  };

  return {
    raw,
    has: present,
    string(name) {
      if (!present(name)) return undefined;
      const value = raw[name];
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      throw badRequest(`field "${name}" must be of type String`);
    },
    integer,
    number(name) {
      if (!present(name)) return undefined;
      const value = raw[name];
      const parsed = typeof value === "number" ? value : Number(String(value).trim());
      if (!Number.isFinite(parsed)) throw badRequest(`invalid ${name} specified`);
      return parsed;
    },
    boolean(name) {
      const value = raw[name];
      if (typeof value === "boolean") return value;
      // telegram-bot-api's to_bool: anything but these spellings is false, never an error.
      const text = typeof value === "string" || typeof value === "number" ? String(value).trim().toLowerCase() : "";
      return text === "true" || text === "yes" || text === "1";
    },
    json(name, what) {
      if (!present(name)) return undefined;
      const value = raw[name];
      if (typeof value !== "string") return value;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        throw badRequest(`can't parse ${what} JSON object`);
      }
    },
    chatId(name = "chat_id") {
      if (!present(name)) return undefined;
      const value = raw[name];
      if (typeof value === "string" && value.trim().startsWith("@")) return value.trim();
      return integer(name);
    },
  };
}
