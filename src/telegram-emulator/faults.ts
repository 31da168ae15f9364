import { ControlError } from "./api-error.js";
import { FLOOD_FAULT_RETRY_AFTER_DEFAULT_SECONDS, SLOW_FAULT_DELAY_DEFAULT_MS } from "./limits.js";

/**
 * What an injected fault does to a matching call:
 * - "blocked": 403 "Forbidden: bot was blocked by the user"
 * - "server": 500 "Internal Server Error" as JSON, or a 502 HTML page like a failing proxy sends
 * - "slow": waits `delayMs`, then handles the call normally
 * - "drop": destroys the connection without an answer
 * - "flood": 429 "Too Many Requests: retry after N"
 */
export type FaultKind = "blocked" | "server" | "slow" | "drop" | "flood";

/** A fault to inject into Bot API calls. */
export interface FaultSpec {
  /** Bot API method name (case-insensitive, like Telegram's), or "*" for every method. */
  method: string;
  /** Only calls whose chat_id is this chat; omitted = any call of the method. */
  chatId?: number | string;
  kind: FaultKind;
  /** How many matching calls it hits before it is spent; omitted = every one. */
  times?: number;
  /** Probability 0..1 that a matching call is hit; omitted = 1. Misses do not spend `times`. */
  share?: number;
  /** "slow": delay in ms, default 1000. */
  delayMs?: number;
  /** "flood": retry_after in seconds, default 5. */
  retryAfter?: number;
  /** "server": 500 (default) or 502. */
  status?: 500 | 502;
  /** Only this bot's calls; omitted = every bot's. */
  botId?: number;
}

/** A fault chosen for one call, with its defaults filled in. */
export interface FaultHit {
  kind: FaultKind;
  delayMs: number;
  retryAfter: number;
  status: 500 | 502;
}

/** The emulator's fault registry. */
export interface FaultInjector {
  add(spec: FaultSpec): { id: string };
  remove(id: string): void;
  clear(): void;
  /** Picks the fault for a call, if any, and spends one of its `times`. */
  take(call: { botId: number; method: string; chatId: unknown }): FaultHit | undefined;
}

const FAULT_KINDS: ReadonlySet<string> = new Set(["blocked", "server", "slow", "drop", "flood"]);

/** Creates a registry; `random` is injectable so `share` can be made deterministic. */
export function createFaultInjector(random: () => number = Math.random): FaultInjector {
  const faults = new Map<string, FaultSpec & { remaining: number }>();
  let nextId = 1;

  return {
    add(spec) {
      if (!FAULT_KINDS.has(spec.kind)) throw new ControlError(`unknown fault kind "${String(spec.kind)}"`);
      if (typeof spec.method !== "string" || spec.method === "") throw new ControlError("a fault needs a method (or \"*\")");
      if (spec.share !== undefined && (spec.share < 0 || spec.share > 1)) throw new ControlError("share must be between 0 and 1");
      const id = `fault-${nextId++}`;
      faults.set(id, { ...spec, remaining: spec.times ?? Number.POSITIVE_INFINITY });
      return { id };
    },
    remove(id) {
      faults.delete(id);
    },
    clear() {
      faults.clear();
    },
    take({ botId, method, chatId }) {
      for (const [id, fault] of faults) {
        if (fault.method !== "*" && fault.method.toLowerCase() !== method.toLowerCase()) continue;
        if (fault.botId !== undefined && fault.botId !== botId) continue;
        if (fault.chatId !== undefined && String(fault.chatId) !== String(chatId)) continue;
        if (fault.share !== undefined && random() >= fault.share) continue;
        fault.remaining -= 1;
        if (fault.remaining <= 0) faults.delete(id);
        return {
          kind: fault.kind,
          delayMs: fault.delayMs ?? SLOW_FAULT_DELAY_DEFAULT_MS,
          retryAfter: fault.retryAfter ?? FLOOD_FAULT_RETRY_AFTER_DEFAULT_SECONDS,
          status: fault.status ?? 500,
        };
      }
      return undefined;
    },
  };
}
