// Paths of the real seed shared by the content tests (not a test file: vitest only runs *.test.ts).
import { fileURLToPath } from "node:url";

/** The project's seeds folder. */
export const SEEDS_DIR = fileURLToPath(new URL("../../seeds/", import.meta.url));
/** The one real seed article (Sputnik Belarus, 2025-11-04). */
export const SEED_FILE = "000_0b443b57f3d4f16f.txt";
export const SEED_ID = "000_0b443b57f3d4f16f";
