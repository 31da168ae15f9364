import type { BotCommand, BotCommandScope } from "grammy/types";
import { badRequest } from "../api-error.js";
import type { BotState } from "../bot-state.js";
import {
  BOT_COMMAND_DESCRIPTION_MAX_CHARACTERS,
  BOT_COMMAND_PATTERN,
  BOT_COMMANDS_MAX_COUNT,
  BOT_DESCRIPTION_MAX_CHARACTERS,
  BOT_SHORT_DESCRIPTION_MAX_CHARACTERS,
} from "../limits.js";
import { codePointLength } from "../html-entities.js";
import { isAdministrator, type World } from "../world.js";
import { resolveChatReference } from "./chat-access.js";
import type { MethodContext, MethodHandler } from "./types.js";

/** A command scope reduced to what identifies it. */
export type ScopeKey =
  | { type: "default" | "all_private_chats" | "all_group_chats" | "all_chat_administrators" }
  | { type: "chat" | "chat_administrators"; chatId: number }
  | { type: "chat_member"; chatId: number; userId: number };

const SIMPLE_SCOPES: ReadonlySet<string> = new Set([
  "default",
  "all_private_chats",
  "all_group_chats",
  "all_chat_administrators",
]);

/** The storage key of a scope and language; language "" is the fallback for every language. */
export function commandsKey(scope: ScopeKey, languageCode: string): string {
  const parts: Array<string | number> = [scope.type];
  if ("chatId" in scope) parts.push(scope.chatId);
  if ("userId" in scope) parts.push(scope.userId);
  return `${parts.join(":")}|${languageCode}`;
}

/**
 * Reads a BotCommandScope the way setMyCommands does; the world resolves "@username" chat ids.
 * Used by the methods and by the control API, which takes the same scope objects.
 */
export function readScope(world: World, raw: unknown): ScopeKey {
  if (raw === undefined) return { type: "default" };
  const scope = raw as Partial<BotCommandScope> & { chat_id?: unknown; user_id?: unknown };
  if (typeof scope !== "object" || scope === null || typeof scope.type !== "string") {
    throw badRequest("can't parse BotCommandScope JSON object");
  }
  if (SIMPLE_SCOPES.has(scope.type)) return { type: scope.type as "default" };
  if (scope.type !== "chat" && scope.type !== "chat_administrators" && scope.type !== "chat_member") {
    throw badRequest("unsupported bot command scope type");
  }
  const chatId = resolveChatReference(world, scope.chat_id);
  if (chatId > 0 ? !world.user(chatId) : !world.group(chatId)) throw badRequest("chat not found");
  if (scope.type !== "chat_member") return { type: scope.type, chatId };
  if (typeof scope.user_id !== "number" || !world.user(scope.user_id)) throw badRequest("user not found");
  return { type: "chat_member", chatId, userId: scope.user_id };
}

/** language_code: empty, or a two-letter ISO 639-1 code. */
export function readLanguage(raw: string | undefined): string {
  const language = raw ?? "";
  if (language !== "" && !/^[a-z]{2}$/.test(language)) throw badRequest("LANG_CODE_INVALID");
  return language;
}

function readCommands(raw: unknown): BotCommand[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw badRequest("can't parse commands JSON object");
  if (raw.length > BOT_COMMANDS_MAX_COUNT) throw badRequest("BOT_COMMANDS_TOO_MUCH");
  return raw.map((item): BotCommand => {
    const command = (item as Partial<BotCommand> | null)?.command;
    const description = (item as Partial<BotCommand> | null)?.description;
    if (typeof command !== "string") throw badRequest("can't parse BotCommand: Field \"command\" must be of type String");
    if (typeof description !== "string") {
      throw badRequest("can't parse BotCommand: Field \"description\" must be of type String");
    }
    if (!BOT_COMMAND_PATTERN.test(command)) throw badRequest("BOT_COMMAND_INVALID");
    const length = codePointLength(description.trim());
    if (length < 1 || length > BOT_COMMAND_DESCRIPTION_MAX_CHARACTERS) {
      throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
    }
    return { command, description };
  });
}

const scopeAndLanguage = ({ world, params }: MethodContext): string =>
  commandsKey(readScope(world, params.json("scope", "BotCommandScope")), readLanguage(params.string("language_code")));

const setMyCommands: MethodHandler = (context) => {
  const commands = readCommands(context.params.json("commands", "commands"));
  const key = scopeAndLanguage(context);
  // An empty list is how Telegram deletes a scope's commands.
  if (commands.length === 0) context.bot.commands.delete(key);
  else context.bot.commands.set(key, commands);
  return true;
};

const getMyCommands: MethodHandler = (context) => context.bot.commands.get(scopeAndLanguage(context)) ?? [];

const deleteMyCommands: MethodHandler = (context) => {
  context.bot.commands.delete(scopeAndLanguage(context));
  return true;
};

/**
 * The commands a user sees in a chat, following Telegram's scope order: the most specific
 * scope with commands wins, and within a scope the user's language before the fallback.
 */
export function visibleCommands(
  bot: BotState,
  world: World,
  chatId: number,
  userId: number | undefined,
  languageCode: string,
): BotCommand[] {
  const scopes: ScopeKey[] = [];
  if (chatId > 0) {
    scopes.push({ type: "chat", chatId }, { type: "all_private_chats" });
  } else {
    const status = userId === undefined ? undefined : world.group(chatId)?.members.get(userId);
    if (userId !== undefined) scopes.push({ type: "chat_member", chatId, userId });
    if (isAdministrator(status)) scopes.push({ type: "chat_administrators", chatId });
    scopes.push({ type: "chat", chatId });
    if (isAdministrator(status)) scopes.push({ type: "all_chat_administrators" });
    scopes.push({ type: "all_group_chats" });
  }
  scopes.push({ type: "default" });
  for (const scope of scopes) {
    const languages = languageCode === "" ? [""] : [languageCode, ""];
    for (const language of languages) {
      const commands = bot.commands.get(commandsKey(scope, language));
      if (commands) return commands;
    }
  }
  return [];
}

/**
 * The bot's profile texts per language ("" for every language without its own): the description
 * shown in an empty chat with the bot, and the short one on its profile page and in shared links.
 */
function profileText(field: "description" | "short_description", maxCharacters: number): { set: MethodHandler; get: MethodHandler } {
  const key = (context: MethodContext): string => `${field}|${readLanguage(context.params.string("language_code"))}`;
  return {
    set(context) {
      const text = context.params.string(field) ?? "";
      // Not confirmed against Telegram: its exact wording for an over-long description.
      if (codePointLength(text) > maxCharacters) throw badRequest(`${field.replace("_", " ")} is too long`);
      if (text === "") context.bot.profileTexts.delete(key(context));
      else context.bot.profileTexts.set(key(context), text);
      return true;
    },
    get: (context) => ({ [field]: context.bot.profileTexts.get(key(context)) ?? "" }),
  };
}

const description = profileText("description", BOT_DESCRIPTION_MAX_CHARACTERS);
const shortDescription = profileText("short_description", BOT_SHORT_DESCRIPTION_MAX_CHARACTERS);

/** The command menu and profile text methods. */
export const commandMethods: Record<string, MethodHandler> = {
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  setMyDescription: description.set,
  getMyDescription: description.get,
  setMyShortDescription: shortDescription.set,
  getMyShortDescription: shortDescription.get,
};
