/** The command menus Telegram shows, per audience (private chats, group members, group admins) and language. */
import type { I18n } from "@grammyjs/i18n";
import type { Api } from "grammy";
import type { BotCommand, BotCommandScope, LanguageCode } from "grammy/types";
import { plainTopicName, type TopicCatalog } from "../content/topics.js";
import type { TranslatedContext } from "./context.js";
import { DEFAULT_LOCALE } from "./i18n.js";

/** Telegram's limit for a command description, in characters. */
const COMMAND_DESCRIPTION_LIMIT = 256;

/**
 * Who a menu is for. Private chats list every command; group members the briefings; group admins
 * (scope `all_chat_administrators`) also the digest commands and /forget, which only they may use.
 */
export type MenuAudience = "private" | "group" | "admins";

/** Telegram scope of each audience's menu. */
const SCOPES: Readonly<Record<MenuAudience, BotCommandScope>> = {
  private: { type: "all_private_chats" },
  group: { type: "all_group_chats" },
  admins: { type: "all_chat_administrators" },
};

/** Telegram languages that get another locale's menu, as they get its interface (see `localeFor`). */
const MENU_LANGUAGE_ALIASES: Readonly<Record<string, readonly string[]>> = { ru: ["be", "kk", "ky"] };

/** The digest commands with their description keys, in menu order. */
const DIGEST_COMMANDS = ["subscribe", "settings", "digest", "pause", "resume", "unsubscribe"] as const;

/**
 * The menu in one locale for one audience: start, topics, every topic command (aliases stay out of
 * the menu), then for private chats and admins the daily digest commands and /forget, then help.
 */
export function commandMenu(i18n: I18n<TranslatedContext>, locale: string, topics: TopicCatalog, audience: MenuAudience = "private"): BotCommand[] {
  const describe = (key: string): string => i18n.t(locale, key).slice(0, COMMAND_DESCRIPTION_LIMIT);
  const manages = audience !== "group";
  return [
    { command: "start", description: describe("command-start") },
    { command: "topics", description: describe("command-topics") },
    ...topics.topics.map((topic) => ({
      command: topic.command,
      // Names carry an emoji for messages; the menu reads better without it.
      description: plainTopicName(topic, locale).slice(0, COMMAND_DESCRIPTION_LIMIT),
    })),
    ...(manages ? DIGEST_COMMANDS.map((command) => ({ command, description: describe(`subscriptions-command-${command}`) })) : []),
    ...(manages ? [{ command: "forget", description: describe("command-forget") }] : []),
    ...(audience === "private" ? [{ command: "cancel", description: describe("command-cancel") }] : []),
    { command: "help", description: describe("command-help") },
  ];
}

/**
 * Sets the menus: the default locale's private menu for every chat and language nobody else
 * covers, then each audience's menu in every locale and in the languages that read that locale.
 * Called at start and again whenever the topics change.
 */
export async function registerCommands(api: Api, i18n: I18n<TranslatedContext>, topics: TopicCatalog): Promise<void> {
  await api.setMyCommands(commandMenu(i18n, DEFAULT_LOCALE, topics));
  for (const audience of Object.keys(SCOPES) as MenuAudience[]) {
    await api.setMyCommands(commandMenu(i18n, DEFAULT_LOCALE, topics, audience), { scope: SCOPES[audience] });
    for (const locale of i18n.locales) {
      const menu = commandMenu(i18n, locale, topics, audience);
      for (const language of [locale, ...(MENU_LANGUAGE_ALIASES[locale] ?? [])]) {
        await api.setMyCommands(menu, { scope: SCOPES[audience], language_code: language as LanguageCode });
      }
    }
  }
}
