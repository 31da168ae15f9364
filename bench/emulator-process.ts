/**
 * The project's Bot API emulator in its own process, for the webhook benchmark: the bot's replies
 * then cost the bot's process only what a real Bot API server would (HTTP client work), not the
 * emulator's own. Forked by bench/webhook.ts (`node --import tsx`); over the IPC channel:
 *
 *   parent -> { type: "start", firstUserId, users }   child -> { type: "ready", url }
 *   parent -> { type: "stop" } (or disconnects)       child stops the emulator and exits
 */
import { createEmulator } from "../src/telegram-emulator/index.js";
import { languageOf } from "./updates.js";

export type EmulatorParentMessage = { type: "start"; firstUserId: number; users: number } | { type: "stop" };
export type EmulatorChildMessage = { type: "ready"; url: string };

const emulator = createEmulator();

async function start(firstUserId: number, users: number): Promise<void> {
  const { url } = await emulator.start();
  for (let index = 0; index < users; index += 1) {
    const id = firstUserId + index;
    emulator.createUser({ id, first_name: `User ${id}`, language_code: languageOf(id) });
    // Telegram lets a bot write to a private chat only after the user started it.
    emulator.sendText(id, "/start");
  }
  process.send?.({ type: "ready", url } satisfies EmulatorChildMessage);
}

async function stop(): Promise<void> {
  await emulator.stop();
  process.exit(0);
}

if (process.send === undefined) {
  console.error("bench/emulator-process.ts is started by bench/webhook.ts over IPC, not on its own");
  process.exit(2);
}
process.on("message", (message: EmulatorParentMessage) => {
  const done = message.type === "start" ? start(message.firstUserId, message.users) : stop();
  done.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
process.on("disconnect", () => void stop());
