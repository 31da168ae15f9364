import type { BotCommand } from "grammy/types";
import { describe, expect, it } from "vitest";
import { startEmulator } from "./harness.js";

const digest: BotCommand = { command: "digest", description: "Today's briefing" };
const help: BotCommand = { command: "help", description: "How to use the bot" };

describe("setMyCommands / getMyCommands / deleteMyCommands", () => {
  it("stores commands per scope and language, exactly as getMyCommands reads them", async () => {
    const harness = await startEmulator();
    await harness.ok("setMyCommands", { commands: [digest, help] });
    await harness.ok("setMyCommands", { commands: [digest], scope: { type: "all_private_chats" }, language_code: "ru" });

    expect(await harness.ok("getMyCommands")).toEqual([digest, help]);
    expect(await harness.ok("getMyCommands", { scope: { type: "all_private_chats" }, language_code: "ru" })).toEqual([digest]);
    // getMyCommands does not fall back: an unset scope is empty.
    expect(await harness.ok("getMyCommands", { scope: { type: "all_private_chats" } })).toEqual([]);
    expect(harness.emulator.commands({ type: "all_private_chats" }, "ru")).toEqual([digest]);

    await harness.ok("deleteMyCommands", { scope: { type: "all_private_chats" }, language_code: "ru" });
    expect(harness.emulator.commands({ type: "all_private_chats" }, "ru")).toEqual([]);
    // An empty list deletes too.
    await harness.ok("setMyCommands", { commands: [] });
    expect(await harness.ok("getMyCommands")).toEqual([]);
  });

  it("rejects commands and descriptions outside Telegram's rules", async () => {
    const harness = await startEmulator();
    const attempt = async (commands: unknown, extra: Record<string, unknown> = {}) =>
      (await harness.api("setMyCommands", { commands, ...extra })).body.description;
    expect(await attempt([{ command: "Digest", description: "x" }])).toBe("Bad Request: BOT_COMMAND_INVALID");
    expect(await attempt([{ command: "/digest", description: "x" }])).toBe("Bad Request: BOT_COMMAND_INVALID");
    expect(await attempt([{ command: "a".repeat(33), description: "x" }])).toBe("Bad Request: BOT_COMMAND_INVALID");
    expect(await attempt([{ command: "a".repeat(32), description: "x" }])).toBeUndefined();
    expect(await attempt([{ command: "digest", description: "" }])).toBe("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID");
    expect(await attempt([{ command: "digest", description: "d".repeat(257) }])).toBe("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID");
    const many = Array.from({ length: 101 }, (_, index) => ({ command: `c${index}`, description: "d" }));
    expect(await attempt(many)).toBe("Bad Request: BOT_COMMANDS_TOO_MUCH");
    expect(await attempt([digest], { language_code: "english" })).toBe("Bad Request: LANG_CODE_INVALID");
    expect(await attempt([digest], { scope: { type: "chat", chat_id: -42 } })).toBe("Bad Request: chat not found");
  });

  it("resolves what a user sees through Telegram's scope and language fallbacks", async () => {
    const harness = await startEmulator();
    const { emulator } = harness;
    const ann = emulator.createUser({ first_name: "Ann" });
    const bob = emulator.createUser({ first_name: "Bob" });
    const group = emulator.createGroup({
      title: "Team",
      members: [
        { userId: ann.id, status: "creator" },
        { userId: bob.id, status: "member" },
      ],
    });
    await harness.ok("setMyCommands", { commands: [help] });
    await harness.ok("setMyCommands", { commands: [digest], language_code: "ru" });
    const adminOnly = { command: "settings", description: "Group settings" };
    await harness.ok("setMyCommands", { commands: [adminOnly], scope: { type: "all_chat_administrators" } });

    expect(emulator.visibleCommands(ann.id, { languageCode: "ru" })).toEqual([digest]);
    expect(emulator.visibleCommands(ann.id, { languageCode: "de" })).toEqual([help]);
    expect(emulator.visibleCommands(group.id, { userId: ann.id })).toEqual([adminOnly]);
    expect(emulator.visibleCommands(group.id, { userId: bob.id })).toEqual([help]);
  });
});
