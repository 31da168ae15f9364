/**
 * Reloads the content when the seeds folder changes, so new documents reach briefings and digests
 * without a restart. A file that breaks keeps serving its last good version until it is fixed.
 */
import { watch, type FSWatcher } from "node:fs";
import type { Logger } from "../logger.js";
import { createContentLibrary, loadLibrary, type ContentLibrary } from "./library.js";
import { compareNames, isSeedFileName } from "./load-seeds.js";
import { classifyDocument } from "./parse-document.js";

/** Quiet time after the last change before reloading, in ms: editors and copies write in several steps. */
export const SEEDS_DEBOUNCE_MS = 500;

export interface WatchSeedsOptions {
  seedsDir: string;
  /** Receives every reloaded library (also when only its problems changed). */
  onChange: (library: ContentLibrary) => void;
  logger: Logger;
  /** Quiet time before a reload, in ms. Default SEEDS_DEBOUNCE_MS. */
  debounceMs?: number;
  /**
   * The library the app serves now, whose documents stand in for files that break. Without it the
   * folder is read once at start for that purpose (without calling `onChange`).
   */
  initial?: ContentLibrary;
}

export interface SeedsWatcher {
  /** Reloads now (an operator's /reload), with the same last-good rules; resolves with the library served. */
  reload(): Promise<ContentLibrary>;
  /** Stops watching; a reload in progress is dropped. */
  close(): void;
}

/**
 * Watches `seedsDir` and calls `onChange` with the reloaded library after changes settle. A file
 * that was a good document and is now a problem (half-written, broken sidecar) stays in the library
 * with its last good content, and the problem is still reported in `library.problems` and logged.
 * A broken `topics.yaml` keeps the topics served so far, the same way.
 */
export function watchSeeds(options: WatchSeedsOptions): SeedsWatcher {
  const { seedsDir, logger } = options;
  const debounceMs = options.debounceMs ?? SEEDS_DEBOUNCE_MS;
  let current: ContentLibrary | undefined = options.initial;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  /** Reloads run one after another; a change during a reload schedules one more. */
  let reloading: Promise<void> = Promise.resolve();

  if (current === undefined) {
    reloading = loadLibrary(seedsDir).then(
      (library) => {
        current ??= library;
      },
      (error: unknown) => logger.error({ err: error, seedsDir }, "seeds: cannot read the folder"),
    );
  }

  const reload = async (): Promise<void> => {
    if (closed) return;
    let loaded: ContentLibrary;
    try {
      loaded = await loadLibrary(seedsDir, current === undefined ? {} : { fallbackTopics: current.topics });
    } catch (error) {
      // The folder itself is gone or unreadable: keep serving what we have.
      logger.error({ err: error, seedsDir }, "seeds: cannot read the folder, keeping the current content");
      return;
    }
    if (closed) return;
    const library = current === undefined ? loaded : keepLastGood(loaded, current);
    for (const problem of library.problems) logger.warn({ file: problem.file }, `seed skipped: ${problem.file}: ${problem.reason}`);
    logger.info({ documents: library.documents.length, sections: library.sections().length }, "seeds reloaded");
    current = library;
    options.onChange(library);
  };

  const schedule = (): void => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      reloading = reloading.then(reload).catch((error: unknown) => logger.error({ err: error }, "seeds: reload failed"));
    }, debounceMs);
  };

  /** Queued behind any reload under way, so two reloads never interleave. */
  async function reloadNow(): Promise<ContentLibrary> {
    reloading = reloading.then(reload);
    await reloading;
    if (current === undefined) throw new Error(`cannot read the seeds folder ${seedsDir}`);
    return current;
  }

  let watcher: FSWatcher;
  try {
    watcher = watch(seedsDir, { persistent: false }, (_event, file) => {
      // Editor swap files and other names the loader ignores do not change the content.
      if (file === null || isSeedFileName(file.toString())) schedule();
    });
  } catch (error) {
    logger.error({ err: error, seedsDir }, "seeds: cannot watch the folder; changes need a restart");
    return { reload: reloadNow, close() {} };
  }
  watcher.on("error", (error) => logger.error({ err: error, seedsDir }, "seeds: watching stopped"));

  return {
    reload: reloadNow,
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}

/**
 * `loaded`, plus the previous document of every file that was good before and is a problem now,
 * sorted into the loaded topics if those changed.
 */
function keepLastGood(loaded: ContentLibrary, previous: ContentLibrary): ContentLibrary {
  const broken = new Set(loaded.problems.map((problem) => problem.file));
  const ids = new Set(loaded.documents.map((document) => document.id));
  let kept = previous.documents.filter((document) => broken.has(document.file) && !ids.has(document.id));
  if (kept.length === 0) return loaded;
  if (loaded.topics.fingerprint !== previous.topics.fingerprint) kept = kept.map((document) => classifyDocument(document, loaded.topics));
  const documents = [...loaded.documents, ...kept].sort((a, b) => compareNames(a.file, b.file));
  return createContentLibrary(documents, loaded.problems, loaded.topics);
}
