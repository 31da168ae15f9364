import type { MessageEntity, User } from "grammy/types";
import { badRequest, ERROR_TEXT } from "./api-error.js";
import { codePointLength, HtmlParseError, parseTelegramHtml } from "./html-entities.js";
import { MESSAGE_TEXT_MAX_CHARACTERS } from "./limits.js";

/** Text as it is stored and shown: plain characters plus entities in UTF-16 offsets. */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

/** What a sending or editing method received for its text. */
export interface TextInput {
  text: string | undefined;
  parseMode: string | undefined;
  /** The `entities` parameter, already JSON-decoded; used only without a parse mode. */
  entities: unknown;
  /** Fills in text_mention users; unknown users drop the mention. */
  findUser(id: number): User | undefined;
}

// Telegram strips these from both ends of a message before measuring it.
const TRIMMED = /[ \t\n\r\v\f]/;

/**
 * Applies the parse mode, trims, and checks the 1-4096 character rule like sendMessage does.
 * @throws ApiError with Telegram's texts ("message text is empty", "message is too long", "can't parse entities: ...").
 */
export function prepareMessageText(input: TextInput, maxCharacters = MESSAGE_TEXT_MAX_CHARACTERS): FormattedText {
  const { text } = input;
  if (text === undefined) throw badRequest(ERROR_TEXT.messageTextEmpty);
  const parsed = applyParseMode({ ...input, text });
  const withUsers = parsed.entities.flatMap((entity): MessageEntity[] => {
    if (entity.type !== "text_mention") return [entity];
    const user = input.findUser(entity.user.id);
    return user ? [{ ...entity, user }] : [];
  });
  const trimmed = trimFormatted({ text: parsed.text, entities: withUsers });
  if (trimmed.text === "") throw badRequest(ERROR_TEXT.messageTextEmpty);
  if (codePointLength(trimmed.text) > maxCharacters) throw badRequest(ERROR_TEXT.messageTooLong);
  return trimmed;
}

function applyParseMode(input: TextInput & { text: string }): FormattedText {
  const mode = (input.parseMode ?? "").toLowerCase();
  if (mode === "") return { text: input.text, entities: readEntities(input.entities, input.text) };
  if (mode === "html") {
    try {
      return parseTelegramHtml(input.text);
    } catch (error) {
      if (error instanceof HtmlParseError) throw badRequest(`can't parse entities: ${error.message}`);
      throw error;
    }
  }
  if (mode === "markdown" || mode === "markdownv2") {
    throw badRequest(`parse_mode ${input.parseMode} is not emulated; the local emulator implements HTML only`);
  }
  throw badRequest("unsupported parse_mode");
}

function readEntities(raw: unknown, text: string): MessageEntity[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw badRequest("can't parse entities JSON object");
  return raw.map((item): MessageEntity => {
    const entity = item as Partial<MessageEntity> | null;
    if (
      !entity ||
      typeof entity.type !== "string" ||
      !Number.isInteger(entity.offset) ||
      !Number.isInteger(entity.length)
    ) {
      throw badRequest("can't parse MessageEntity");
    }
    const offset = entity.offset as number;
    const length = entity.length as number;
    if (offset < 0 || length <= 0 || offset + length > text.length) {
      throw badRequest("entity beyond the end of text");
    }
    return item as MessageEntity;
  });
}

/** Drops leading and trailing whitespace and clips the entities to what remains. */
export function trimFormatted(formatted: FormattedText): FormattedText {
  const { text } = formatted;
  let start = 0;
  let end = text.length;
  while (start < end && TRIMMED.test(text[start] ?? "")) start++;
  while (end > start && TRIMMED.test(text[end - 1] ?? "")) end--;
  if (start === 0 && end === text.length) return formatted;
  const entities = formatted.entities.flatMap((entity): MessageEntity[] => {
    const from = Math.max(entity.offset, start);
    const to = Math.min(entity.offset + entity.length, end);
    return to > from ? [{ ...entity, offset: from - start, length: to - from }] : [];
  });
  return { text: text.slice(start, end), entities };
}

// A command starts the text or follows whitespace: "/name" with an optional "@botname".
const COMMAND = /(?<=^|\s)\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,64})?(?![A-Za-z0-9_@/])/g;

/**
 * The entities Telegram detects in what a user types; the emulator detects bot commands,
 * which is what bots route on ("/start", "/digest@briefing_bot").
 */
export function detectUserEntities(text: string): MessageEntity[] {
  return [...text.matchAll(COMMAND)].map((match) => ({
    type: "bot_command" as const,
    offset: match.index,
    length: match[0].length,
  }));
}
