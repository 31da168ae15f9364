/**
 * The V8 heap flags the bot runs with. package.json's start script is their one source; the
 * Dockerfile and the README's systemd unit repeat them, and tests/run-config.test.ts checks that
 * all three agree. Benchmarks start the bot with them, so they measure it as it is deployed.
 */
import { readFile } from "node:fs/promises";

/** The `--max-…=` flags among a command's words, in order. */
export function heapFlags(words: readonly string[]): string[] {
  return words.filter((word) => /^--max-[a-z-]+=/u.test(word));
}

/** The heap flags of package.json's start script (what `npm start` gives node). */
export async function deployedNodeFlags(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as { scripts: { start: string } };
  const flags = heapFlags(manifest.scripts.start.split(/\s+/u));
  if (flags.length === 0) throw new Error(`no --max-…= flags in package.json's start script: ${manifest.scripts.start}`);
  return flags;
}
