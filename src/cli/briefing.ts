/**
 * `src/cli/`: command-line tools that use the bot's pipeline without Telegram.
 *
 * `npm run briefing -- <topic> [--lang en|ru|zh] [--plain] [--seeds <folder>]`: prints a topic's briefing in the
 * terminal, without Telegram, from the same pipeline and composer the bot uses.
 */
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createI18n, DEFAULT_LOCALE, localeFor } from "../bot/i18n.js";
import { loadLibrary } from "../content/library.js";
import { topicName } from "../content/topics.js";
import { composeBriefing, topicSections, type Translate } from "../format/briefing.js";
import { renderHtmlForTerminal } from "../format/terminal.js";

const LOCALES_DIR = fileURLToPath(new URL("../../locales", import.meta.url));

/** The exit code for a command line that cannot be run as typed. */
const USAGE_EXIT_CODE = 2;

/** What went wrong with the command line, said in one sentence before the usage. */
class UsageError extends Error {}

/** The usage line, and the topics when the seeds folder has been read. */
function usage(languages: readonly string[], topics?: string): string {
  const line = `Usage: npm run briefing -- <topic> [--lang ${languages.join("|")}] [--plain] [--seeds <folder>]`;
  return topics === undefined ? line : `${line}\nTopics: ${topics}`;
}

async function main(): Promise<number> {
  const i18n = createI18n(LOCALES_DIR);
  const languages = [...i18n.locales].sort();
  let options: ReturnType<typeof readArguments>;
  try {
    options = readArguments();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}.\n${usage(languages)}`);
    return USAGE_EXIT_CODE;
  }
  const { values, positionals } = options;
  if (statSync(values.seeds, { throwIfNoEntry: false })?.isDirectory() !== true) {
    console.error(`There is no folder ${values.seeds}: point --seeds or SEEDS_DIR at the folder of your documents.`);
    return USAGE_EXIT_CODE;
  }
  // The topics come from the seeds folder's topics.yaml, so the folder is read before the topic is looked up.
  const library = await loadLibrary(values.seeds);
  const topics = library.topics.topics.map((topic) => topic.command).join(", ");
  if (values.help) {
    console.log(usage(languages, topics));
    return 0;
  }
  const requested = positionals[0];
  const topic = requested === undefined ? undefined : library.topics.find(requested);
  if (topic === undefined) {
    const why = requested === undefined ? "Which topic?" : `Unknown topic "${requested}".`;
    console.error(`${why}\n${usage(languages, topics)}`);
    return USAGE_EXIT_CODE;
  }
  const language = values.lang ?? process.env.LANG?.split(/[_.]/)[0];
  const locale = localeFor(language);
  // localeFor falls back to English; asked for by --lang, another language must not silently become English.
  if (values.lang !== undefined && locale === DEFAULT_LOCALE && values.lang.toLowerCase().split(/[-_]/)[0] !== DEFAULT_LOCALE) {
    console.error(`The language "${values.lang}" is not available; briefings are in ${languages.join(", ")}.`);
    return USAGE_EXIT_CODE;
  }
  const t: Translate = (key, variables) => i18n.t(locale, key, variables);
  for (const problem of library.problems) console.error(`Skipped ${problem.file}: ${problem.reason}`);
  const briefing = composeBriefing(library.topics, topic.id, topicSections(library, topic.id), t, locale);
  const html = briefing?.html ?? t("briefing-empty", { topic: topicName(topic, locale) });
  console.log(renderHtmlForTerminal(html, { color: !values.plain && process.stdout.isTTY === true }));
  return 0;
}

/** The command line's options; an unknown option or a missing value is a UsageError that names it. */
function readArguments() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        lang: { type: "string" },
        seeds: { type: "string", default: process.env.SEEDS_DIR ?? "./seeds" },
        plain: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    // parseArgs says what is wrong in its message ("Unknown option '--x'"); its code marks it as the user's mistake.
    if (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS_")) {
      throw new UsageError(error.message.split(". ")[0] ?? error.message);
    }
    throw error;
  }
}

process.exitCode = await main();
