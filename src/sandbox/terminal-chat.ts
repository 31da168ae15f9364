/**
 * A chat with the bot in the terminal: what the person types goes to the emulator as a Telegram
 * user, and what the bot sends comes back rendered for a terminal, its buttons numbered.
 */
import { createInterface } from "node:readline";
import type { InlineKeyboardButton } from "grammy/types";
import { renderHtmlForTerminal } from "../format/terminal.js";
import type { BotMessageEvent, Emulator } from "../telegram-emulator/index.js";

/** After the last message from the bot, this much silence (ms) means it has finished answering. */
const QUIET_MS = 400;
/** The longest wait for an answer to one input (ms); a slow answer is still printed when it comes. */
const MAX_WAIT_MS = 8_000;
/** How many inline results are listed. */
const INLINE_RESULTS_SHOWN = 10;

export interface TerminalChatOptions {
  emulator: Emulator;
  userId: number;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** ANSI styles; off for pipes. */
  color: boolean;
  /** Shown before each line the person types, in an interactive terminal only. */
  prompt?: string;
}

/** Runs the chat until the input ends; resolves once the bot's last answer is printed. */
export async function runTerminalChat(options: TerminalChatOptions): Promise<void> {
  const { emulator, userId, output, color } = options;
  const write = (text: string): void => void output.write(`${text}\n`);
  const render = (html: string): string => renderHtmlForTerminal(html, { color });
  let buttons: Array<{ messageId: number; button: InlineKeyboardButton }> = [];
  let renumber = true;
  let lastActivity = Date.now();
  let activityCount = 0;

  const onMessage = (event: BotMessageEvent): void => {
    if (event.chatId !== userId) return;
    lastActivity = Date.now();
    activityCount += 1;
    if (event.kind === "deleted") return;
    const prefix = event.kind === "edited" ? "bot (edited) ›" : "bot ›";
    write(`\n${prefix} ${render(event.message.html)}`);
    const rows = event.message.replyMarkup?.inline_keyboard ?? [];
    if (rows.length === 0) return;
    // The first keyboard after each input starts the numbering again, so numbers stay short.
    if (renumber) {
      buttons = [];
      renumber = false;
    }
    for (const row of rows) {
      const labels = row.map((button) => {
        buttons.push({ messageId: event.message.messageId, button });
        return `[${buttons.length}] ${button.text}`;
      });
      write(`   ${labels.join("   ")}`);
    }
  };
  const unsubscribe = emulator.onBotMessage(onMessage);

  /** Waits until the bot has said something and then gone quiet, or the wait runs out. */
  const settle = async (activityBefore: number): Promise<void> => {
    const started = Date.now();
    while (Date.now() - started < MAX_WAIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS / 4));
      if (activityCount > activityBefore && Date.now() - lastActivity >= QUIET_MS) return;
    }
  };

  const showInline = async (query: string): Promise<void> => {
    const answer = await emulator.inlineQuery(userId, query);
    if (answer.results.length === 0) {
      write(`\ninline › ${answer.button?.text ?? "(no results)"}`);
      return;
    }
    write(`\ninline › ${answer.results.length}${answer.nextOffset === "" ? "" : "+"} result(s) for "${query}"`);
    answer.results.slice(0, INLINE_RESULTS_SHOWN).forEach((result, index) => {
      const title = "title" in result ? result.title : result.id;
      const description = "description" in result && result.description !== undefined ? ` — ${result.description}` : "";
      write(`   ${index + 1}. ${title}${description}`);
    });
  };

  const press = async (number: number): Promise<void> => {
    const entry = buttons[number - 1];
    if (entry === undefined) {
      write(`(no button ${number})`);
      return;
    }
    const { button, messageId } = entry;
    if ("callback_data" in button && button.callback_data !== undefined) {
      const before = activityCount;
      const { callbackQueryId } = emulator.pressButton(userId, messageId, button.callback_data);
      const answer = await emulator.waitForCallbackAnswer(callbackQueryId, MAX_WAIT_MS).catch(() => undefined);
      if (answer?.text !== undefined) write(`\n(${answer.text})`);
      await settle(before);
    } else if ("switch_inline_query" in button && button.switch_inline_query !== undefined) {
      await showInline(button.switch_inline_query);
    } else if ("switch_inline_query_current_chat" in button && button.switch_inline_query_current_chat !== undefined) {
      await showInline(button.switch_inline_query_current_chat);
    } else if ("url" in button && button.url !== undefined) {
      write(`(link: ${button.url})`);
    }
  };

  const interactive = "isTTY" in options.input && options.input.isTTY === true;
  const lines = createInterface({ input: options.input, output: interactive ? output : undefined, terminal: interactive });
  if (interactive && options.prompt !== undefined) {
    lines.setPrompt(options.prompt);
    lines.prompt();
  }
  try {
    for await (const raw of lines) {
      const line = raw.trim();
      if (line !== "") {
        if (!interactive) write(`\nyou › ${line}`);
        renumber = true;
        if (/^\d+$/.test(line)) {
          await press(Number(line));
        } else if (line.startsWith("@")) {
          await showInline(line.replace(/^@\S*\s*/, ""));
        } else {
          const before = activityCount;
          emulator.sendText(userId, line);
          await settle(before);
        }
      }
      if (interactive) lines.prompt();
    }
  } finally {
    unsubscribe();
    lines.close();
  }
}
