/** The command menu Telegram shows, registered in every language the bot speaks. */
import type { I18n } from "@grammyjs/i18n";
import type { Api } from "grammy";
import type { BotCommand, LanguageCode } from "grammy/types";
import { plainTopicName, type TopicCatalog } from "../content/topics.js";
import type { TranslatedContext } from "./context.js";
import { DEFAULT_LOCALE } from "./i18n.js";

/** Telegram's limit for a command description, in characters. */
const COMMAND_DESCRIPTION_LIMIT = 256;

/**
 * The menu in one locale: start, topics, every topic command (aliases stay out of the menu), the
 * daily digest commands, help.
 */
export function commandMenu(i18n: I18n<TranslatedContext>, locale: string, topics: TopicCatalog): BotCommand[] {
  const describe = (key: string): string => i18n.t(locale, key).slice(0, COMMAND_DESCRIPTION_LIMIT);
  return [
    { command: "start", description: describe("command-start") },
    { command: "topics", description: describe("command-topics") },
    ...topics.topics.map((topic) => ({
      command: topic.command,
      // Names carry an emoji for messages; the menu reads better without it.
      description: plainTopicName(topic, locale).slice(0, COMMAND_DESCRIPTION_LIMIT),
    })),
    { command: "subscribe", description: describe("subscriptions-command-subscribe") },
    { command: "settings", description: describe("subscriptions-command-settings") },
    { command: "digest", description: describe("subscriptions-command-digest") },
    { command: "pause", description: describe("subscriptions-command-pause") },
    { command: "resume", description: describe("subscriptions-command-resume") },
    { command: "unsubscribe", description: describe("subscriptions-command-unsubscribe") },
    { command: "help", description: describe("command-help") },
  ];
}

/**
 * Sets the menu for every locale, and the default locale's menu for everyone else. Called at start
 * and again whenever the topics change.
 */
export async function registerCommands(api: Api, i18n: I18n<TranslatedContext>, topics: TopicCatalog): Promise<void> {
  await api.setMyCommands(commandMenu(i18n, DEFAULT_LOCALE, topics));
  for (const locale of i18n.locales) {
    await api.setMyCommands(commandMenu(i18n, locale, topics), { language_code: locale as LanguageCode });
  }
}
