import type { BotState } from "../bot-state.js";
import type { Params } from "../params.js";
import type { World } from "../world.js";

/** Everything a Bot API method handler works with. */
export interface MethodContext {
  bot: BotState;
  /** Every bot of the emulator, for handlers whose effects other bots see. */
  bots: readonly BotState[];
  world: World;
  params: Params;
  /** Aborts when the client closes the connection (a cancelled long poll). */
  signal: AbortSignal;
}

/** A Bot API method: returns the `result`, or throws an ApiError. */
export type MethodHandler = (context: MethodContext) => unknown;

/** A successful result that also carries Telegram's `description`, as setWebhook's "Webhook was set". */
export class ResultWithDescription {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}
