import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildLibrary, loadLibrary } from "../../src/content/library.js";
import { SEED_FILE, SEEDS_DIR } from "./seed-paths.js";

const ARTICLE = "Заголовок статьи\n\nПервый абзац о торговле и экономике.\n\nКосмос\n\nРоскосмос запустит ракету с космодрома.\n";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "briefing-content-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadLibrary with broken files", () => {
  it("reports each unusable file by name with a reason and still serves the good ones", async () => {
    await writeFile(join(dir, SEED_FILE), await readFile(join(SEEDS_DIR, SEED_FILE)));
    await writeFile(join(dir, "000_0b443b57f3d4f16f.meta.json"), await readFile(join(SEEDS_DIR, "000_0b443b57f3d4f16f.meta.json")));
    await writeFile(join(dir, "a_empty.txt"), "");
    await writeFile(join(dir, "b_binary.txt"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48]));
    await writeFile(join(dir, "c_bad_sidecar.txt"), ARTICLE);
    await writeFile(join(dir, "c_bad_sidecar.meta.json"), '{"source": "X", "date": ');
    await writeFile(join(dir, "d_cp1251.txt"), Buffer.from([0xc7, 0xe0, 0xe3, 0xee, 0xeb, 0xee, 0xe2, 0xee, 0xea]));
    await writeFile(join(dir, "e_only_boilerplate.txt"), "Заголовок\n\nПодписывайтесь на Sputnik в Дзен\nЧитайте нас в Telegram\n");
    await writeFile(join(dir, "f_bad_header.md"), "---\nsource: X\ndate: вчера\n---\n# Заголовок\n\nТекст.\n");
    await writeFile(join(dir, "g_good.md"), `---\nsource: Тест\ndate: 2025-12-01\n---\n# ${ARTICLE}`);
    await writeFile(join(dir, "notes.json"), "{}");

    const library = await loadLibrary(dir);

    expect(library.documents.map((document) => document.file)).toEqual([SEED_FILE, "g_good.md"]);
    const reasons = Object.fromEntries(library.problems.map((problem) => [problem.file, problem.reason]));
    expect(Object.keys(reasons)).toEqual([
      "a_empty.txt",
      "b_binary.txt",
      "c_bad_sidecar.txt",
      "d_cp1251.txt",
      "e_only_boilerplate.txt",
      "f_bad_header.md",
    ]);
    expect(reasons["a_empty.txt"]).toMatch(/empty/u);
    expect(reasons["b_binary.txt"]).toMatch(/binary/u);
    expect(reasons["c_bad_sidecar.txt"]).toMatch(/c_bad_sidecar\.meta\.json is not valid JSON/u);
    expect(reasons["d_cp1251.txt"]).toMatch(/UTF-8/u);
    expect(reasons["e_only_boilerplate.txt"]).toMatch(/no text/u);
    expect(reasons["f_bad_header.md"]).toMatch(/date "вчера"/u);
  });

  it("serves newest documents first for a topic and reads markdown headings", async () => {
    await writeFile(join(dir, "old.txt"), `---\ndate: 2025-01-10\n---\n${ARTICLE}`);
    await writeFile(join(dir, "new.md"), `# ${ARTICLE.replace("\n\nКосмос\n", "\n\n## Космос\n")}`);
    await writeFile(join(dir, "new.meta.json"), JSON.stringify({ date: "2025-03-01", source: "Тест" }));
    await writeFile(join(dir, "undated.txt"), ARTICLE);

    const library = await loadLibrary(dir);

    expect(library.problems).toEqual([]);
    expect(library.documents.map((document) => document.id)).toEqual(["new", "old", "undated"]);
    expect(library.document("new")?.title).toBe("Заголовок статьи");
    expect(library.document("new")?.meta).toEqual({ source: "Тест", date: "2025-03-01", language: "ru" });
    expect(library.sectionsForTopic("space").map((section) => section.id)).toEqual(["new:1", "old:1", "undated:1"]);
    expect(library.sectionsForTopic("overview").map((section) => section.id)).toEqual(["new:0", "old:0", "undated:0"]);
  });
});

describe("buildLibrary", () => {
  it("is pure: builds from in-memory files and ignores other file types", () => {
    const library = buildLibrary([
      { file: "b.txt", content: ARTICLE },
      { file: "a.txt", content: Buffer.from(ARTICLE, "utf8") },
      { file: "readme.json", content: "{}" },
    ]);
    expect(library.documents.map((document) => document.id)).toEqual(["a", "b"]);
    expect(library.problems).toEqual([]);
  });

  it("reports a clash of document ids and a sidecar without a document", () => {
    const library = buildLibrary([
      { file: "a.txt", content: ARTICLE },
      { file: "a.md", content: ARTICLE },
      { file: "lonely.meta.json", content: "{}" },
    ]);
    expect(library.documents.map((document) => document.file)).toEqual(["a.md"]);
    expect(library.problems.map((problem) => problem.file)).toEqual(["a.txt", "lonely.meta.json"]);
  });

  it("gives the same ids and hashes for the same content", () => {
    const first = buildLibrary([{ file: "a.txt", content: ARTICLE }]).sections();
    const second = buildLibrary([{ file: "a.txt", content: ARTICLE }]).sections();
    expect(second.map((section) => [section.id, section.hash])).toEqual(first.map((section) => [section.id, section.hash]));
    const edited = buildLibrary([{ file: "a.txt", content: ARTICLE.replace("ракету", "две ракеты") }]).sections();
    expect(edited[0]?.hash).toBe(first[0]?.hash);
    expect(edited[1]?.hash).not.toBe(first[1]?.hash);
  });
});
