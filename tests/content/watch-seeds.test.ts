import { mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadLibrary, type ContentLibrary } from "../../src/content/library.js";
import { watchSeeds, type SeedsWatcher } from "../../src/content/watch-seeds.js";
import { SEED_FILE, SEED_ID, SEEDS_DIR } from "./seed-paths.js";

const DEBOUNCE_MS = 40;
const ARTICLE = "---\nsource: Тест\ndate: 2025-12-01\n---\n# Новый документ\n\nРоскосмос запустит ракету с космодрома.\n";
const EDITED = ARTICLE.replace("Новый документ", "Исправленный документ");

let dir: string;
let watcher: SeedsWatcher | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "briefing-watch-"));
  await writeFile(join(dir, SEED_FILE), await readFile(join(SEEDS_DIR, SEED_FILE)));
});

afterEach(async () => {
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
    async next(check) {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const found = changes.findLast(check);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching reload; got ${changes.length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
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
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS * 4));
    expect(changes).toHaveLength(0);

    for (let index = 0; index < 5; index++) await writeFile(join(dir, "burst.txt"), `${ARTICLE}\nЕщё ${index}.\n`);
    await next((library) => library.document("burst") !== undefined);
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS * 4));
    expect(changes).toHaveLength(1);
  });

  it("stops calling back once closed", async () => {
    const { changes } = await watchFolder();
    watcher?.close();
    await writeFile(join(dir, "late.md"), ARTICLE);
    await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS * 4));
    expect(changes).toEqual([]);
  });
});
