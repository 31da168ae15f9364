import type { RawParams } from "./params.js";

/** One Bot API call as the emulator received and answered it. */
export interface CallRecord {
  /** Order of arrival across all bots, from 1. */
  seq: number;
  /** When the answer was sent, in ms since the epoch. */
  at: number;
  botId: number;
  /** The method name as the client spelled it. */
  method: string;
  /** Parameters with JSON-encoded form fields decoded, so tests read objects either way. */
  params: Record<string, unknown>;
  /** HTTP status of the answer; null when an injected "drop" fault closed the connection instead. */
  status: number | null;
  ok: boolean;
  description?: string;
  result?: unknown;
  durationMs: number;
}

/** Records calls for assertions. */
export interface CallLog {
  record(entry: Omit<CallRecord, "seq" | "params"> & { params: RawParams }): void;
  /** Calls in arrival order, optionally of one method (case-insensitive) and one bot. */
  list(filter?: { method?: string; botId?: number }): CallRecord[];
}

// Form bodies carry objects as JSON strings; decode what clearly is JSON so the log reads the same for every body type.
function decodeParams(params: RawParams): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => {
      if (typeof value === "string" && /^\s*[[{]/.test(value)) {
        try {
          return [name, JSON.parse(value) as unknown];
        } catch {
          return [name, value];
        }
      }
      return [name, value];
    }),
  );
}

/** Creates an empty call log. */
export function createCallLog(): CallLog {
  const records: CallRecord[] = [];
  let seq = 0;
  return {
    record(entry) {
      records.push({ ...entry, seq: ++seq, params: decodeParams(entry.params) });
    },
    list(filter = {}) {
      const method = filter.method?.toLowerCase();
      return records.filter(
        (record) =>
          (method === undefined || record.method.toLowerCase() === method) &&
          (filter.botId === undefined || record.botId === filter.botId),
      );
    },
  };
}
