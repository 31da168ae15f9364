import { afterEach } from "vitest";
import { createEmulator, type Emulator, type EmulatorOptions } from "../../src/telegram-emulator/index.js";

/** A Bot API answer as the emulator sent it over HTTP. */
export interface ApiAnswer {
  status: number;
  body: {
    ok: boolean;
    result?: unknown;
    error_code?: number;
    description?: string;
    parameters?: { retry_after?: number };
  };
}

/** A started emulator plus helpers that talk to it over real HTTP. */
export interface Harness {
  emulator: Emulator;
  url: string;
  token: string;
  /** POSTs a JSON body to /bot<token>/<method>. */
  api(method: string, params?: Record<string, unknown>, options?: { token?: string }): Promise<ApiAnswer>;
  /** api() that expects ok:true and returns the result. */
  ok<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** POSTs JSON to /_emulator/<route>. */
  control(route: string, args?: Record<string, unknown>): Promise<{ status: number; body: { ok: boolean; result?: unknown; error?: string } }>;
}

const running: Emulator[] = [];

// Every emulator a test starts is stopped after it, so a failing test leaks no server.
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.stop()));
});

/** Starts an emulator on a random port for the current test. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Harness> {
  const emulator = createEmulator(options);
  running.push(emulator);
  const { url } = await emulator.start();
  const token = emulator.bots[0]?.token ?? "";

  const api: Harness["api"] = async (method, params = {}, callOptions = {}) => {
    const response = await fetch(`${url}/bot${callOptions.token ?? token}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(params),
    });
    return { status: response.status, body: (await response.json()) as ApiAnswer["body"] };
  };

  return {
    emulator,
    url,
    token,
    api,
    async ok<T>(method: string, params: Record<string, unknown> = {}) {
      const answer = await api(method, params);
      if (!answer.body.ok) throw new Error(`${method} failed: ${answer.status} ${answer.body.description}`);
      return answer.body.result as T;
    },
    async control(route, args = {}) {
      const response = await fetch(`${url}/_emulator/${route}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(args),
      });
      return { status: response.status, body: (await response.json()) as { ok: boolean; result?: unknown; error?: string } };
    },
  };
}

/** A user who has started the bot, so the bot may write to them. */
export function startedUser(harness: Harness, firstName = "Ann"): number {
  const user = harness.emulator.createUser({ first_name: firstName, language_code: "en" });
  harness.emulator.sendText(user.id, "/start");
  return user.id;
}

/** Confirms every queued update, as a poller that handled them would. */
export async function drainUpdates(harness: Harness): Promise<void> {
  const last = harness.emulator.pendingUpdates().at(-1);
  if (last) await harness.ok("getUpdates", { offset: last.update_id + 1 });
}
