/**
 * The Bot API emulator in a child process, for the pacing tests: rate limits are judged when a
 * request is handled, and in the test's own process a busy event loop would handle a backlog of
 * well-paced requests all at once. Forked by `startEmulatorProcess` (helpers.ts) with tsx; over IPC:
 *
 *   parent -> { type: "start", scale, users, groups }  child -> { type: "ready", url, token, users, groups }
 *   parent -> { type: "report" }                        child -> { type: "report", statuses, texts }
 *   parent -> { type: "stop" } (or disconnects)         child stops and exits
 */
import { createEmulator } from "../../src/telegram-emulator/index.js";

export type EmulatorProcessRequest =
  | { type: "start"; scale: number; users: number; groups: number }
  | { type: "report" }
  | { type: "stop" };

export type EmulatorProcessAnswer =
  | { type: "ready"; url: string; token: string; users: number[]; groups: number[] }
  /** sendMessage answers by HTTP status, and the texts the bot sent per chat. */
  | { type: "report"; statuses: Record<string, number>; texts: Record<string, string[]> };

let emulator: ReturnType<typeof createEmulator> | undefined;
let chats: number[] = [];

async function handle(request: EmulatorProcessRequest): Promise<EmulatorProcessAnswer | undefined> {
  switch (request.type) {
    case "start": {
      emulator = createEmulator({ rateLimit: { enabled: true, scale: request.scale } });
      const { url } = await emulator.start();
      const users = Array.from({ length: request.users }, (_, index) => {
        const user = emulator?.createUser({ first_name: `User ${index}` });
        emulator?.sendText(user?.id ?? 0, "/start");
        return user?.id ?? 0;
      });
      const groups = Array.from({ length: request.groups }, () => {
        const owner = emulator?.createUser({ first_name: "Owner" });
        const group = emulator?.createGroup({ title: "Team", members: [{ userId: owner?.id ?? 0, status: "creator" }] });
        emulator?.addBotToGroup(group?.id ?? 0, { byUserId: owner?.id ?? 0 });
        return group?.id ?? 0;
      });
      chats = [...users, ...groups];
      return { type: "ready", url, token: emulator.bots[0]?.token ?? "", users, groups };
    }
    case "report": {
      const statuses: Record<string, number> = {};
      for (const call of emulator?.calls("sendMessage") ?? []) {
        statuses[String(call.status)] = (statuses[String(call.status)] ?? 0) + 1;
      }
      const texts = Object.fromEntries(chats.map((chat) => [chat, emulator?.messages(chat).map((message) => message.text) ?? []]));
      return { type: "report", statuses, texts };
    }
    case "stop":
      await emulator?.stop();
      process.exit(0);
  }
}

process.on("message", (request: EmulatorProcessRequest) => {
  handle(request).then(
    (answer) => answer && process.send?.(answer),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
process.on("disconnect", () => process.exit(0));
