// Shared setup of the digest tests (not a test file: vitest only runs *.test.ts).
import { fork } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Api } from "grammy";
import pino from "pino";
import { createI18n } from "../../src/bot/i18n.js";
import { buildLibrary, type ContentLibrary, type LibraryInputFile } from "../../src/content/library.js";
import { createDeliverer, type Deliverer, type DelivererOptions } from "../../src/digest/deliver.js";
import type { LocaleTranslate } from "../../src/digest/scheduler.js";
import type { Translate } from "../../src/format/briefing.js";
import { createStore, type Store } from "../../src/store/index.js";
import { createEmulator, type Emulator, type EmulatorOptions } from "../../src/telegram-emulator/index.js";
import type { EmulatorProcessAnswer, EmulatorProcessRequest } from "./emulator-process.js";

const SEEDS_DIR = fileURLToPath(new URL("../../seeds/", import.meta.url));
const LOCALES_DIR = fileURLToPath(new URL("../../locales", import.meta.url));

const i18n = createI18n(LOCALES_DIR);

/** The real translations, as the bot loads them. */
export const translate: LocaleTranslate = (locale, key, variables) => i18n.t(locale, key, variables);

/** The real translations of one locale. */
export const translatorFor =
  (locale: string): Translate =>
  (key, variables) =>
    translate(locale, key, variables);

export const silentLogger = pino({ level: "silent" });

/** Fast pacing and retries, so tests are about outcomes, not about time. */
export const FAST: Pick<DelivererOptions, "limits" | "retry"> = {
  limits: { overallPerSecond: 1_000, privateChatPerSecond: 1_000, groupPerMinute: 60_000 },
  retry: { initialBackoffMs: 10, maxBackoffMs: 40, giveUpAfterMs: 2_000, requestTimeoutMs: 2_000 },
};

/** A deliverer to the emulator behind `api` (its token and client options), fast unless told otherwise. */
export const fastDeliverer = (api: Api, options: Partial<DelivererOptions> = {}): Deliverer =>
  createDeliverer({ token: api.token, client: { ...api.options }, logger: silentLogger, ...FAST, ...options });

/** A small Russian news document with an overview, a space-and-Arctic section and a trade section. */
export function article(title: string, date: string, extra = ""): string {
  return [
    `---\nsource: Test Agency\ndate: ${date}\nlanguage: ru\n---\n${title}`,
    "Правительство обсудило планы на следующий год. Министры договорились продолжить работу над проектами.",
    "Космос и Арктика",
    "Роскосмос запустит ракету к Луне, космическая программа расширяется. Ледоколы пройдут по Северному морскому пути в Арктике, арктический шельф изучат. Спутник будет следить за ледоколом на Севморпути.",
    "Торговля",
    `Товарооборот вырос, экспорт и импорт увеличились. Инвестиции в экономику растут.${extra}`,
  ].join("\n\n");
}

/** The real seed (document and sidecar) plus extra files. */
export async function libraryWith(extra: LibraryInputFile[] = []): Promise<ContentLibrary> {
  const seed = ["000_0b443b57f3d4f16f.txt", "000_0b443b57f3d4f16f.meta.json"];
  const files = await Promise.all(seed.map(async (file) => ({ file, content: await readFile(join(SEEDS_DIR, file)) })));
  return buildLibrary([...files, ...extra]);
}

/** A migrated SQLite store in its own temp folder; `open()` gives more connections to the same file. */
export async function openTempStore(): Promise<{ store: Store; open(): Promise<Store>; cleanup(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), "briefing-digest-"));
  const path = join(folder, "briefing.sqlite");
  const opened: Store[] = [];
  const open = async (): Promise<Store> => {
    const store = createStore({ databasePath: path });
    opened.push(store);
    await store.migrate();
    return store;
  };
  const store = await open();
  return {
    store,
    open,
    async cleanup() {
      for (const each of opened) await each.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** A started emulator and a plain grammY Api pointed at it over HTTP. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<{ emulator: Emulator; api: Api; url: string }> {
  const emulator = createEmulator(options);
  const { url } = await emulator.start();
  const token = emulator.bots[0]?.token ?? "";
  return { emulator, api: new Api(token, { apiRoot: url }), url };
}

/** A running emulator process: its users and groups, and what it answered. */
export interface EmulatorProcess {
  api: Api;
  users: number[];
  groups: number[];
  report(): Promise<Extract<EmulatorProcessAnswer, { type: "report" }>>;
  stop(): Promise<void>;
}

const EMULATOR_PROCESS = fileURLToPath(new URL("./emulator-process.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Starts the emulator with rate limits on (scaled) in a child process, with started users and groups with the bot. */
export async function startEmulatorProcess(options: { scale: number; users: number; groups: number }): Promise<EmulatorProcess> {
  const child = fork(EMULATOR_PROCESS, [], { cwd: ROOT, execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ask = (request: EmulatorProcessRequest): Promise<EmulatorProcessAnswer> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`the emulator process exited (${code})`));
      child.once("exit", onExit);
      child.once("message", (answer: EmulatorProcessAnswer) => {
        child.off("exit", onExit);
        resolve(answer);
      });
      child.send(request);
    });
  const ready = await ask({ type: "start", ...options });
  if (ready.type !== "ready") throw new Error("the emulator process did not start");
  return {
    api: new Api(ready.token, { apiRoot: ready.url }),
    users: ready.users,
    groups: ready.groups,
    async report() {
      const answer = await ask({ type: "report" });
      if (answer.type !== "report") throw new Error("unexpected answer from the emulator process");
      return answer;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send({ type: "stop" } satisfies EmulatorProcessRequest);
      await exited;
    },
  };
}

/** A user who started the bot, so the bot may write to them. */
export function startedUser(emulator: Emulator, firstName = "Ann"): number {
  const user = emulator.createUser({ first_name: firstName, language_code: "en" });
  emulator.sendText(user.id, "/start");
  return user.id;
}

/** A group with the bot in it, and the owner who added it. */
export function groupWithBot(
  emulator: Emulator,
  options: { type?: "group" | "supergroup"; isForum?: boolean } = {},
): { chatId: number; ownerId: number } {
  const owner = emulator.createUser({ first_name: "Owner" });
  const group = emulator.createGroup({
    title: "Team",
    type: options.type ?? "supergroup",
    ...(options.isForum ? { isForum: true } : {}),
    members: [{ userId: owner.id, status: "creator" }],
  });
  emulator.addBotToGroup(group.id, { byUserId: owner.id });
  return { chatId: group.id, ownerId: owner.id };
}

/** A fetch for grammY that answers sendMessage to `oldId` as Telegram does after a group upgrade, and passes the rest to the emulator. */
export function migratingFetch(oldId: number, newId: number): { fetch: typeof fetch; answered: number } {
  const state = { answered: 0 };
  const migrating: typeof fetch = async (input, init) => {
    const params = typeof init?.body === "string" ? (JSON.parse(init.body) as { chat_id?: unknown }) : {};
    if (!String(input).endsWith("/sendMessage") || Number(params.chat_id) !== oldId) return fetch(input, init);
    state.answered += 1;
    const description = "Bad Request: group chat was upgraded to a supergroup chat";
    return Response.json({ ok: false, error_code: 400, description, parameters: { migrate_to_chat_id: newId } }, { status: 400 });
  };
  return {
    fetch: migrating,
    get answered() {
      return state.answered;
    },
  };
}
