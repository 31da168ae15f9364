import { mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadLibrary, type ContentLibrary } from "../../src/content/library.js";
import { watchSeeds, type SeedsWatcher } from "../../src/content/watch-seeds.js";
import { SEED_FILE, SEED_ID, SEEDS_DIR } from "./seed-paths.js";

const DEBOUNCE_MS = 40;
const ARTICLE = "---\nsource: Тест\ndate: 2025-12-01\n---\n# Новый документ\n\nРоскосмос запустит ракету с космодрома.\n";
const EDITED = ARTICLE.replace("Новый документ", "Исправленный документ");

let dir: string;
let watcher: SeedsWatcher | undefined;

// The debounce runs on fake time: a test moves the clock instead of sleeping. File events stay real.
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  dir = await mkdtemp(join(tmpdir(), "briefing-watch-"));
  await writeFile(join(dir, SEED_FILE), await readFile(join(SEEDS_DIR, SEED_FILE)));
});

afterEach(async () => {
  vi.useRealTimers();
  watcher?.close();
  watcher = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Starts watching and returns a function that waits for the next library matching `check`. */
async function watchFolder(): Promise<{ next(check: (library: ContentLibrary) => boolean): Promise<ContentLibrary>; changes: ContentLibrary[] }> {
  const changes: ContentLibrary[] = [];
  watcher = watchSeeds({
    seedsDir: dir,
    debounceMs: DEBOUNCE_MS,
    logger: pino({ level: "silent" }),
    initial: await loadLibrary(dir),
    onChange: (library) => changes.push(library),
  });
  return {
    changes,
    // vi.waitFor moves the fake clock by its interval on every check, so the debounce runs out.
    next: (check) =>
      vi.waitFor(
        () => {
          const found = changes.findLast(check);
          if (found === undefined) throw new Error(`no matching reload; got ${changes.length}`);
          return found;
        },
        { timeout: 5_000, interval: DEBOUNCE_MS },
      ),
  };
}

/** Lets the file events of the writes so far arrive (a few turns of the event loop, no clock involved). */
async function eventsDelivered(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
}

const titles = (library: ContentLibrary): string[] => library.documents.map((document) => document.title);

describe("watchSeeds", () => {
  it("adds a new document, keeps a broken one's last good version while reporting it, and drops a removed one", async () => {
    const { next } = await watchFolder();

    await writeFile(join(dir, "new.md"), ARTICLE);
    const added = await next((library) => library.document("new") !== undefined);
    expect(titles(added)).toEqual([expect.stringContaining("Торговля"), "Новый документ"]);
    expect(added.problems).toEqual([]);

    await writeFile(join(dir, "new.md"), EDITED);
    await next((library) => titles(library).includes("Исправленный документ"));

    await writeFile(join(dir, "new.md"), "");
    const broken = await next((library) => library.problems.some((problem) => problem.file === "new.md"));
    expect(titles(broken)).toEqual([expect.stringContaining("Торговля"), "Исправленный документ"]);
    expect(broken.section("new:0")?.paragraphs.join(" ")).toContain("Роскосмос");
    expect(broken.problems).toEqual([{ file: "new.md", reason: expect.stringMatching(/empty/u) }]);

    await unlink(join(dir, "new.md"));
    const removed = await next((library) => library.problems.length === 0 && library.document("new") === undefined);
    expect(titles(removed)).toHaveLength(1);
    expect(removed.document(SEED_ID)).toBeDefined();
  });

  it("reloads once for a burst of writes, and ignores names the loader does not read", async () => {
    const { next, changes } = await watchFolder();
    await writeFile(join(dir, "notes.swp"), "editor junk");
    await writeFile(join(dir, ".hidden.txt"), "hidden");
    await eventsDelivered();
    // No reload was even scheduled.
    expect(vi.getTimerCount()).toBe(0);

    for (let index = 0; index < 5; index++) await writeFile(join(dir, "burst.txt"), `${ARTICLE}\nЕщё ${index}.\n`);
    await eventsDelivered();
    expect(vi.getTimerCount()).toBe(1);
    await next((library) => library.document("burst") !== undefined);
    await eventsDelivered();
    expect(vi.getTimerCount()).toBe(0);
    expect(changes).toHaveLength(1);
  });

  it("stops calling back once closed", async () => {
    const { changes } = await watchFolder();
    watcher?.close();
    await writeFile(join(dir, "late.md"), ARTICLE);
    await eventsDelivered();
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS * 4);
    expect(changes).toEqual([]);
  });
});

describe("watchSeeds and topics.yaml", () => {
  const TOPICS = `
- { id: overview, command: overview, overview: true, name: { en: Overview } }
- { id: rockets, command: rockets, name: { en: Rockets, ru: Ракеты }, keywords: [ракета, космодром, Роскосмос] }
`;

  it("applies a new topics file, keeps the topics when it breaks, and falls back to the shipped ones when it goes", async () => {
    const { next } = await watchFolder();
    await writeFile(join(dir, "new.md"), ARTICLE);
    await next((library) => library.document("new") !== undefined);

    await writeFile(join(dir, "topics.yaml"), TOPICS);
    const custom = await next((library) => library.topics.byId("rockets") !== undefined);
    expect(custom.topics.topics.map((topic) => topic.id)).toEqual(["overview", "rockets"]);
    expect(custom.sectionsForTopic("rockets").map((section) => section.documentId)).toEqual(["new"]);
    expect(custom.sectionsForTopic("space")).toEqual([]);

    // A broken file: the custom topics stay, and the problem names the file, the topic and the field.
    await writeFile(join(dir, "topics.yaml"), TOPICS.replace("command: rockets", "command: start"));
    const broken = await next((library) => library.problems.some((problem) => problem.file === "topics.yaml"));
    expect(broken.topics.fingerprint).toBe(custom.topics.fingerprint);
    expect(broken.problems.find((problem) => problem.file === "topics.yaml")?.reason).toContain(
      `${dir}/topics.yaml: topic "rockets" (#2), field command: /start is one of the bot's own commands`,
    );
    expect(broken.sectionsForTopic("rockets")).toHaveLength(1);

    await unlink(join(dir, "topics.yaml"));
    const shipped = await next((library) => library.topics.byId("space") !== undefined);
    expect(shipped.topics.byId("rockets")).toBeUndefined();
    expect(shipped.problems).toEqual([]);
    expect(shipped.sectionsForTopic("space").map((section) => section.documentId)).toContain("new");
  });

  it("sorts a document kept from before into the new topics too", async () => {
    const { next } = await watchFolder();
    await writeFile(join(dir, "new.md"), ARTICLE);
    await next((library) => library.document("new") !== undefined);
    // The document breaks and the topics change in one reload: its last good version is sorted again.
    await writeFile(join(dir, "new.md"), Buffer.from([0xff, 0xfe, 0x00, 0xd8]));
    await writeFile(join(dir, "topics.yaml"), TOPICS);
    const library = await next((candidate) => candidate.topics.byId("rockets") !== undefined && candidate.problems.some((problem) => problem.file === "new.md"));
    expect(library.document("new")?.sections[0]?.topics).toEqual(["overview", "rockets"]);
  });
});
