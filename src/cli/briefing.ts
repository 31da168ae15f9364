/**
 * `npm run briefing -- <topic> [--lang ru|en] [--plain]`: prints a topic's briefing in the
 * terminal, without Telegram, from the same pipeline and composer the bot uses.
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createI18n, localeFor } from "../bot/i18n.js";
import { loadLibrary } from "../content/library.js";
import { topicName } from "../content/topics.js";
import { composeBriefing, topicSections, type Translate } from "../format/briefing.js";
import { renderHtmlForTerminal } from "../format/terminal.js";

const LOCALES_DIR = fileURLToPath(new URL("../../locales", import.meta.url));

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      lang: { type: "string" },
      seeds: { type: "string", default: process.env.SEEDS_DIR ?? "./seeds" },
      plain: { type: "boolean", default: false },
    },
  });
  // The topics come from the seeds folder's topics.yaml, so the folder is read before the topic is looked up.
  const library = await loadLibrary(values.seeds);
  const topics = library.topics.topics.map((topic) => topic.command).join(", ");
  const topic = positionals[0] === undefined ? undefined : library.topics.find(positionals[0]);
  if (topic === undefined) {
    console.error(`Usage: npm run briefing -- <topic> [--lang ru|en] [--plain]\nTopics: ${topics}`);
    return 2;
  }
  const locale = localeFor(values.lang ?? process.env.LANG?.split(/[_.]/)[0]);
  const i18n = createI18n(LOCALES_DIR);
  const t: Translate = (key, variables) => i18n.t(locale, key, variables);
  for (const problem of library.problems) console.error(`Skipped ${problem.file}: ${problem.reason}`);
  const briefing = composeBriefing(library.topics, topic.id, topicSections(library, topic.id), t, locale);
  const html = briefing?.html ?? t("briefing-empty", { topic: topicName(topic, locale) });
  console.log(renderHtmlForTerminal(html, { color: !values.plain && process.stdout.isTTY === true }));
  return 0;
}

process.exitCode = await main();
