/**
 * A chat with the bot in the terminal: what the person types goes to the emulator as a Telegram
 * user, and what the bot sends comes back rendered for a terminal, its buttons numbered.
 */
import { clearLine, createInterface, cursorTo } from "node:readline";
import type { InlineKeyboardButton, InlineQueryResult } from "grammy/types";
import type { Translate } from "../format/briefing.js";
import { renderHtmlForTerminal, wrapForTerminal } from "../format/terminal.js";
import { ControlError, type BotMessageEvent, type Emulator } from "../telegram-emulator/index.js";
// Telegram's apps stop taking input at these limits, and send longer text as several messages.
import { INLINE_QUERY_MAX_CHARACTERS, MESSAGE_TEXT_MAX_CHARACTERS } from "../telegram-emulator/limits.js";

/** After the last message from the bot, this much silence (ms) means it has finished answering. */
const QUIET_MS = 400;
/** The quiet is checked this many times, each a turn of the event loop that lets a pending part arrive. */
const QUIET_TURNS = 4;
/** The longest wait for an answer to one input (ms); a slow answer is still printed when it comes. */
const MAX_WAIT_MS = 8_000;
/** How many inline results are listed. */
const INLINE_RESULTS_SHOWN = 10;

export interface TerminalChatOptions {
  emulator: Emulator;
  userId: number;
  /** The bot's username, for "@bot query" and "via @bot". */
  botUsername: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** ANSI styles; off for pipes. */
  color: boolean;
  /** The sandbox's own lines in its language. */
  t: Translate;
  /** The terminal's width in columns, read again for every line (the window may be resized); undefined: no wrapping. */
  columns: () => number | undefined;
  /** Shown before each line the person types, in an interactive terminal only. */
  prompt?: string;
}

export interface TerminalChat {
  /** Resolves once the input has ended and the bot's last answer is printed. */
  finished: Promise<void>;
  /** Prints a line of the sandbox's own (a warning) without breaking into the prompt or what is being typed. */
  notice(text: string): void;
}

/** What a number typed by the person refers to: a button under a message, or an inline result listed. */
type Numbered =
  | { kind: "button"; button: InlineKeyboardButton; messageId?: number; inlineMessageId?: string }
  | { kind: "result"; resultId: string; query: string };

/** Starts the chat; it runs until the input ends. */
export function startTerminalChat(options: TerminalChatOptions): TerminalChat {
  const { emulator, userId, output, color, t, botUsername } = options;
  const interactive = "isTTY" in options.input && options.input.isTTY === true;
  const lines = createInterface({ input: options.input, output: interactive ? output : undefined, terminal: interactive });
  // True while the prompt waits on screen: whatever arrives then is printed above it and the prompt drawn again.
  let prompting = false;

  const write = (text: string): void => {
    const columns = options.columns();
    const wrapped = columns === undefined ? text : wrapForTerminal(text, columns);
    if (interactive && prompting) {
      clearLine(output, 0);
      cursorTo(output, 0);
      output.write(`${wrapped}\n`);
      lines.prompt(true);
      return;
    }
    output.write(`${wrapped}\n`);
  };
  const render = (html: string): string => renderHtmlForTerminal(html, { color });
  let numbered: Numbered[] = [];
  let renumber = true;
  let lastActivity = Date.now();
  let activityCount = 0;

  const showKeyboard = (rows: InlineKeyboardButton[][], target: { messageId?: number; inlineMessageId?: string }): void => {
    if (rows.length === 0) return;
    // The first keyboard after each input starts the numbering again, so numbers stay short.
    if (renumber) {
      numbered = [];
      renumber = false;
    }
    for (const row of rows.filter((buttons) => buttons.length > 0)) {
      const labels = row.map((button) => {
        numbered.push({ kind: "button", button, ...target });
        return `[${numbered.length}] ${button.text}`;
      });
      write(`   ${labels.join("   ")}`);
    }
  };

  const onMessage = (event: BotMessageEvent): void => {
    if (event.chatId !== userId) return;
    lastActivity = Date.now();
    activityCount += 1;
    if (event.kind === "deleted") return;
    const prefix = event.kind === "edited" ? `bot (${t("sandbox-edited")}) ›` : "bot ›";
    write(`\n${prefix} ${render(event.message.html)}`);
    showKeyboard(event.message.replyMarkup?.inline_keyboard ?? [], { messageId: event.message.messageId });
  };
  const unsubscribe = emulator.onBotMessage(onMessage);

  /**
   * Waits until the bot has said something and then gone quiet, or the wait runs out. Quiet is
   * counted in timer turns, not wall time: the bot, the emulator and this chat share one event
   * loop, so while the loop is busy with a long message the next part cannot arrive either, and
   * a stalled loop must not look like silence (which printed later parts after the next prompt).
   */
  const settle = async (activityBefore: number): Promise<void> => {
    const started = Date.now();
    let quietTurns = 0;
    let seen = activityCount;
    while (Date.now() - started < MAX_WAIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS / QUIET_TURNS));
      quietTurns = activityCount === seen ? quietTurns + 1 : 0;
      seen = activityCount;
      if (activityCount > activityBefore && quietTurns >= QUIET_TURNS && Date.now() - lastActivity >= QUIET_MS) return;
    }
  };

  const sendText = async (text: string): Promise<void> => {
    const before = activityCount;
    const characters = [...text];
    for (let start = 0; start < characters.length; start += MESSAGE_TEXT_MAX_CHARACTERS) {
      emulator.sendText(userId, characters.slice(start, start + MESSAGE_TEXT_MAX_CHARACTERS).join(""));
    }
    await settle(before);
  };

  const showInline = async (typed: string): Promise<void> => {
    const characters = [...typed.trim()];
    if (characters.length > INLINE_QUERY_MAX_CHARACTERS) write(t("sandbox-inline-cut", { limit: INLINE_QUERY_MAX_CHARACTERS }));
    const query = characters.slice(0, INLINE_QUERY_MAX_CHARACTERS).join("");
    const answer = await emulator.inlineQuery(userId, query);
    if (answer.results.length === 0) {
      write(`\ninline › ${answer.button?.text ?? t("sandbox-inline-none")}`);
      return;
    }
    const count = `${answer.results.length}${answer.nextOffset === "" ? "" : "+"}`;
    write(`\ninline › ${t("sandbox-inline-results", { count, query })}`);
    const shown = answer.results.slice(0, INLINE_RESULTS_SHOWN);
    numbered = shown.map((result) => ({ kind: "result", resultId: result.id, query }));
    renumber = false;
    shown.forEach((result, index) => write(`   ${index + 1}. ${describeResult(result)}`));
  };

  /** Sends an inline result into the chat, as tapping it in Telegram's list does. */
  const pick = (resultId: string, query: string): void => {
    const sent = emulator.chooseInlineResult(userId, resultId, query, { chatId: userId });
    write(`\nyou (${t("sandbox-via", { bot: botUsername })}) › ${render(sent.html)}`);
    showKeyboard(
      sent.replyMarkup?.inline_keyboard ?? [],
      sent.inlineMessageId === undefined ? {} : { inlineMessageId: sent.inlineMessageId },
    );
  };

  /** Follows a link: one into this bot's chat (t.me/<bot>?start=x) opens it and presses Start, as Telegram does. */
  const followLink = async (url: string): Promise<void> => {
    write(t("sandbox-link", { url }));
    const start = new RegExp(`^https://t\\.me/${botUsername}\\?start=([\\w-]+)$`, "i").exec(url)?.[1];
    if (start !== undefined) {
      write(`\nyou › /start ${start}`);
      await sendText(`/start ${start}`);
    }
  };

  const pressCallback = async (entry: Extract<Numbered, { kind: "button" }>, data: string): Promise<void> => {
    const before = activityCount;
    const { callbackQueryId } =
      entry.inlineMessageId === undefined
        ? emulator.pressButton(userId, entry.messageId ?? 0, data)
        : emulator.pressInlineButton(entry.inlineMessageId, userId, data);
    const answer = await emulator.waitForCallbackAnswer(callbackQueryId, MAX_WAIT_MS).catch(() => undefined);
    if (answer?.text !== undefined) write(`\n(${answer.text})`);
    if (answer?.url !== undefined) await followLink(answer.url);
    else await settle(before);
  };

  const press = async (number: number): Promise<void> => {
    const entry = numbered[number - 1];
    if (entry === undefined) {
      write(t("sandbox-no-number", { number }));
      return;
    }
    if (entry.kind === "result") {
      pick(entry.resultId, entry.query);
      return;
    }
    const { button } = entry;
    if ("callback_data" in button && button.callback_data !== undefined) {
      await pressCallback(entry, button.callback_data);
    } else if ("switch_inline_query" in button && button.switch_inline_query !== undefined) {
      await showInline(button.switch_inline_query);
    } else if ("switch_inline_query_current_chat" in button && button.switch_inline_query_current_chat !== undefined) {
      await showInline(button.switch_inline_query_current_chat);
    } else if ("switch_inline_query_chosen_chat" in button && button.switch_inline_query_chosen_chat !== undefined) {
      await showInline(button.switch_inline_query_chosen_chat.query ?? "");
    } else if ("copy_text" in button && button.copy_text !== undefined) {
      write(t("sandbox-copied", { text: button.copy_text.text }));
    } else if ("url" in button && button.url !== undefined) {
      await followLink(button.url);
    }
  };

  /** "@ луна", "@луна" and "@<bot> луна" are all the inline query "луна". */
  const inlineQueryOf = (line: string): string => {
    const rest = line.slice(1);
    const mention = rest.split(/\s/)[0] ?? "";
    return mention.toLowerCase() === botUsername.toLowerCase() ? rest.slice(mention.length) : rest;
  };

  const handle = async (line: string): Promise<void> => {
    if (/^\d+$/.test(line)) await press(Number(line));
    else if (line.startsWith("@")) await showInline(inlineQueryOf(line));
    else await sendText(line);
  };

  const run = async (): Promise<void> => {
    if (interactive && options.prompt !== undefined) {
      lines.setPrompt(options.prompt);
      lines.prompt();
      prompting = true;
    }
    try {
      for await (const raw of lines) {
        prompting = false;
        const line = raw.trim();
        if (line !== "") {
          if (!interactive) write(`\nyou › ${line}`);
          renumber = true;
          // Whatever the emulator refuses (an input Telegram would not send) is said, and the chat goes on.
          await handle(line).catch((error: unknown) => {
            if (error instanceof ControlError) write(t("sandbox-refused", { reason: error.message }));
            else write(t("sandbox-error", { text: error instanceof Error ? error.message : String(error) }));
          });
        }
        if (interactive) {
          lines.prompt();
          prompting = true;
        }
      }
    } finally {
      prompting = false;
      unsubscribe();
      lines.close();
    }
  };

  return { finished: run(), notice: (text) => write(text) };
}

/** One line for an inline result: its title and description. */
function describeResult(result: InlineQueryResult): string {
  const title = "title" in result ? result.title : result.id;
  const description = "description" in result && result.description !== undefined ? ` — ${result.description}` : "";
  return `${title}${description}`;
}
