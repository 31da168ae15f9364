/**
 * The only file of the content pipeline that touches the disk: it reads the seeds folder into
 * memory. Everything after this works on plain `{ file, content }` values.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { DOCUMENT_EXTENSIONS, SIDECAR_SUFFIX } from "./parse-document.js";
import { TOPICS_FILE } from "./topics-file.js";
import type { SeedProblem } from "./types.js";

/** A file of the seeds folder: its name inside the folder and its raw bytes. */
export interface SeedFile {
  file: string;
  content: Buffer;
}

/** Files read from a seeds folder, plus the ones that could not be read. */
export interface SeedDirectory {
  files: SeedFile[];
  problems: SeedProblem[];
}

/** True for names the pipeline reads: documents (`.txt`, `.md`), sidecars (`.meta.json`) and `topics.yaml`; never hidden files. */
export function isSeedFileName(name: string): boolean {
  if (name.startsWith(".")) return false;
  if (name === TOPICS_FILE) return true;
  const lower = name.toLowerCase();
  return lower.endsWith(SIDECAR_SUFFIX) || DOCUMENT_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

/**
 * Reads every document and sidecar of `seedsDir`, sorted by name. A missing folder throws (that is
 * a configuration error); a file that cannot be read becomes a problem and the rest still load.
 */
export async function readSeedDirectory(seedsDir: string): Promise<SeedDirectory> {
  const entries = await readdir(seedsDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isFile() && isSeedFileName(entry.name))
    .map((entry) => entry.name)
    .sort(compareNames);
  const files: SeedFile[] = [];
  const problems: SeedProblem[] = [];
  for (const file of names) {
    try {
      files.push({ file, content: await readFile(join(seedsDir, file)) });
    } catch (error) {
      problems.push({ file, reason: `cannot be read (${error instanceof Error ? error.message : String(error)})` });
    }
  }
  return { files, problems };
}

/** Code-point order, so the sort does not depend on the machine's locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
