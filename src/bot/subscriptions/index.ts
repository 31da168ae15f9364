/**
 * Subscriptions in Telegram: the commands and buttons (`commands.ts`), the setup dialogue
 * (`conversation.ts`), who may manage which chat (`chat-admins.ts`) and how a subscription reads
 * (`subscription-text.ts`). Each only adapts `ctx` to the service in `src/subscriptions/`.
 */
export { subscriptionsFeature } from "./commands.js";
export { CONVERSATION_STATE_VERSION, subscribeConversation } from "./conversation.js";
