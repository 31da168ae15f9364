/**
 * `topics.yaml`: a newsroom's topics as data. Parsed with `yaml`, validated with zod; every error
 * names the file, the topic and the field, because the person reading it is editing that file.
 * Without a topics file in the seeds folder, the bot's shipped `seeds/topics.yaml` applies.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseDocument as parseYaml } from "yaml";
import { z } from "zod";
import { createTopicCatalog, TOPIC_DEFAULT_LANGUAGE, type Topic, type TopicCatalog } from "./topics.js";

/** The file name of the topics inside a seeds folder. */
export const TOPICS_FILE = "topics.yaml";

/** The topics the bot ships with, used for a seeds folder without its own file. */
const SHIPPED_TOPICS_PATH = fileURLToPath(new URL("../../seeds/topics.yaml", import.meta.url));

/**
 * Commands the bot itself answers; a topic cannot take them. `tests/bot/commands.test.ts` checks
 * this list against the commands the bot's features register.
 */
export const RESERVED_COMMANDS: ReadonlySet<string> = new Set([
  "start",
  "help",
  "topics",
  "subscribe",
  "settings",
  "digest",
  "pause",
  "resume",
  "unsubscribe",
  "cancel",
  "forget",
  "stats",
  "reload",
]);

/** A Telegram bot command: 1-32 characters of a-z, 0-9 and underscore. */
export const TELEGRAM_COMMAND = /^[a-z0-9_]{1,32}$/u;

/** A topics file that cannot be used; the message says where and why, one line per problem. */
export class TopicsFileError extends Error {
  override name = "TopicsFileError";
}

const command = z.string().regex(TELEGRAM_COMMAND, "must be a Telegram command: 1-32 characters of a-z, 0-9 and _");
const text = z.string().trim().min(1, "must not be empty");
/** Per interface language: `{ en: ..., ru: ... }`. */
const perLanguage = z.record(z.string().regex(/^[a-z]{2,3}(?:-[a-z0-9]+)*$/iu, "must be a language code such as en or ru"), text);

const topicSchema = z.strictObject({
  // Ids end up in callback data (64 bytes with room for the rest) and inline result ids.
  id: z.string().regex(TELEGRAM_COMMAND, "must be 1-32 characters of a-z, 0-9 and _"),
  command,
  aliases: z.array(command).default([]),
  name: perLanguage.refine((names) => names[TOPIC_DEFAULT_LANGUAGE] !== undefined, {
    message: `needs a name in ${TOPIC_DEFAULT_LANGUAGE}, the bot's default language`,
  }),
  description: perLanguage.default({}),
  keywords: z.array(text).default([]),
  overview: z.boolean().default(false),
});

const fileSchema = z.array(topicSchema).min(1, "must list at least one topic");

/**
 * Reads the topics of a `topics.yaml` text. `file` is how the error messages name the file.
 * Throws TopicsFileError listing every problem found.
 */
export function parseTopics(source: string, file: string): TopicCatalog {
  const document = parseYaml(source, { prettyErrors: true });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => `${file}: ${(error.message.split("\n")[0] ?? "").replace(/:\s*$/u, "")}`);
    throw new TopicsFileError(problems.join("\n"));
  }
  const raw: unknown = document.toJS();
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => describeIssue(issue, raw).map(({ path, message }) => `${file}: ${where(raw, path)}${message}`));
    throw new TopicsFileError(problems.join("\n"));
  }
  const topics: Topic[] = parsed.data;
  const conflicts = crossTopicProblems(topics).map((problem) => `${file}: ${problem}`);
  if (conflicts.length > 0) throw new TopicsFileError(conflicts.join("\n"));
  return createTopicCatalog(topics, createHash("sha256").update(source).digest("hex").slice(0, 16));
}

let shipped: TopicCatalog | undefined;

/** The topics shipped with the bot (`seeds/topics.yaml`), read once. */
export function shippedTopics(): TopicCatalog {
  shipped ??= parseTopics(readFileSync(SHIPPED_TOPICS_PATH, "utf8"), SHIPPED_TOPICS_PATH);
  return shipped;
}

/** The fields a topic may have, for the message about a misspelt one. */
const TOPIC_FIELDS = Object.keys(topicSchema.shape).join(", ");

/** What a person editing YAML needs to read, for zod's issues: one per misspelt field, plain words for types. */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): Array<{ path: PropertyKey[]; message: string }> {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ path: [...issue.path, key], message: `is not a topic field (${TOPIC_FIELDS})` }));
  }
  if (issue.code === "invalid_type") {
    if (valueAt(raw, issue.path) === undefined) return [{ path: issue.path, message: "is required" }];
    const expected: Record<string, string> = {
      array: issue.path.length === 0 ? 'a list of topics, each starting with "- id:"' : "a list such as [a, b]",
      record: "a mapping of languages such as { en: ..., ru: ... }",
      object: "a mapping of fields (id, command, name...)",
      string: "text",
      boolean: "true or false",
    };
    return [{ path: issue.path, message: `must be ${expected[issue.expected] ?? issue.expected}` }];
  }
  return [{ path: issue.path, message: issue.message }];
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) value = typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** "topic "space" (4th), field command: " for an issue path like [3, "command"]. */
function where(raw: unknown, path: ReadonlyArray<PropertyKey>): string {
  const [index, ...field] = path;
  if (typeof index !== "number") return "";
  const entry = Array.isArray(raw) ? (raw[index] as unknown) : undefined;
  const id = typeof entry === "object" && entry !== null && typeof (entry as { id?: unknown }).id === "string" ? (entry as { id: string }).id : undefined;
  const topic = id === undefined ? `topic #${index + 1}` : `topic "${id}" (#${index + 1})`;
  const fieldPath = field.map(String).join(".");
  return fieldPath === "" ? `${topic}: ` : `${topic}, field ${fieldPath}: `;
}

/** What no single topic can see: duplicate ids, a command or alias taken twice, reserved commands, two overviews. */
function crossTopicProblems(topics: readonly Topic[]): string[] {
  const problems: string[] = [];
  const ids = new Map<string, number>();
  const commands = new Map<string, string>();
  let overview: string | undefined;
  topics.forEach((topic, index) => {
    const label = `topic "${topic.id}" (#${index + 1})`;
    const firstWithId = ids.get(topic.id);
    if (firstWithId !== undefined) problems.push(`${label}, field id: "${topic.id}" is already the id of topic #${firstWithId + 1}`);
    else ids.set(topic.id, index);
    const fields: Array<[string, string]> = [["command", topic.command], ...topic.aliases.map((alias, at): [string, string] => [`aliases.${at}`, alias])];
    for (const [field, name] of fields) {
      if (RESERVED_COMMANDS.has(name)) {
        problems.push(`${label}, field ${field}: /${name} is one of the bot's own commands`);
        continue;
      }
      const owner = commands.get(name);
      if (owner !== undefined) problems.push(`${label}, field ${field}: /${name} is already a command of topic "${owner}"`);
      else commands.set(name, topic.id);
    }
    if (topic.overview) {
      if (overview !== undefined) problems.push(`${label}, field overview: topic "${overview}" is already the overview; only one topic can be`);
      else overview = topic.id;
    }
  });
  return problems;
}
