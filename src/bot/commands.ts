/**
 * `src/bot/`: everything that speaks Telegram. `create-bot.ts` wires the middleware in its one
 * order; `features/` holds one Composer per feature, `subscriptions/` the digest commands and
 * dialogue; the rest are the pieces they share (context type, i18n, callback payloads, chat tracking).
 *
 * This file: the command menus Telegram shows, per audience (private chats, group members, group
 * admins) and language, and the bot's profile texts.
 */
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

/** Telegram's limits for the bot's description and short description, in characters. */
const DESCRIPTION_LIMIT = 512;
const SHORT_DESCRIPTION_LIMIT = 120;

/**
 * Sets the menus and the profile texts: the default locale's for every chat and language nobody
 * else covers, then each locale's, also in the languages that read that locale, and each audience's
 * menu. Called at start and again whenever the topics change.
 */
export async function registerCommands(api: Api, i18n: I18n<TranslatedContext>, topics: TopicCatalog): Promise<void> {
  await api.setMyCommands(commandMenu(i18n, DEFAULT_LOCALE, topics));
  await setProfileTexts(api, i18n, DEFAULT_LOCALE, undefined);
  for (const locale of i18n.locales) {
    for (const language of [locale, ...(MENU_LANGUAGE_ALIASES[locale] ?? [])]) await setProfileTexts(api, i18n, locale, language as LanguageCode);
  }
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

/** The description in an empty chat with the bot and the short one on its profile, in `locale`'s words. */
async function setProfileTexts(api: Api, i18n: I18n<TranslatedContext>, locale: string, language: LanguageCode | undefined): Promise<void> {
  const other = language === undefined ? {} : { language_code: language };
  await api.setMyDescription(i18n.t(locale, "bot-description").slice(0, DESCRIPTION_LIMIT), other);
  await api.setMyShortDescription(i18n.t(locale, "bot-short-description").slice(0, SHORT_DESCRIPTION_LIMIT), other);
}
