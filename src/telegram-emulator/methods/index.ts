import { chatMethods } from "./chats.js";
import { commandMethods } from "./commands.js";
import { messageMethods } from "./messages.js";
import { queryMethods } from "./queries.js";
import type { MethodHandler } from "./types.js";
import { updateMethods } from "./updates.js";

/**
 * Every emulated Bot API method, keyed by lower-cased name: Telegram's method names are case-insensitive.
 * A method not listed here answers 404 "Not Found", as an unknown method does on Telegram.
 */
export function createMethodTable(): ReadonlyMap<string, MethodHandler> {
  const all = { ...updateMethods, ...messageMethods, ...commandMethods, ...queryMethods, ...chatMethods };
  return new Map(Object.entries(all).map(([name, handler]) => [name.toLowerCase(), handler]));
}

export { ResultWithDescription, type MethodContext, type MethodHandler } from "./types.js";
