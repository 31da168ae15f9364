import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { StoreDialect } from "./types.js";

/** One numbered schema change, read from `migrations/<dialect>/NNN_name.sql`. */
export interface Migration {
  /** The number prefix; migrations run in this order and are recorded by it. */
  version: number;
  /** File name without extension, e.g. "001_initial". */
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{3,})_[a-z0-9_]+\.sql$/;

/**
 * Reads the dialect's migration files next to this module, sorted by number. Read at runtime
 * rather than bundled so the SQL stays reviewable as plain files.
 *
 * @throws Error when two files share a number, which would make the order ambiguous.
 */
export function loadMigrations(dialect: StoreDialect): Migration[] {
  const directory = new URL(`./migrations/${dialect}/`, import.meta.url);
  const migrations: Migration[] = [];
  for (const file of readdirSync(fileURLToPath(directory))) {
    const match = MIGRATION_FILE.exec(file);
    if (match === null) continue;
    migrations.push({
      version: Number(match[1]),
      name: file.slice(0, -".sql".length),
      sql: readFileSync(fileURLToPath(new URL(file, directory)), "utf8"),
    });
  }
  migrations.sort((a, b) => a.version - b.version);
  for (let index = 1; index < migrations.length; index += 1) {
    if (migrations[index]?.version === migrations[index - 1]?.version) {
      throw new Error(`Two ${dialect} migrations share number ${migrations[index]?.version}`);
    }
  }
  return migrations;
}
