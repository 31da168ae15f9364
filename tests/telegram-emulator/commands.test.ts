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

describe("setMyDescription / setMyShortDescription", () => {
  it("keeps each text per language, with an empty language for everyone else, and deletes on empty", async () => {
    const harness = await startEmulator();
    await harness.ok("setMyDescription", { description: "Briefings from news documents" });
    await harness.ok("setMyDescription", { description: "Сводки по новостным документам", language_code: "ru" });
    await harness.ok("setMyShortDescription", { short_description: "Topical briefings", language_code: "en" });
    expect(await harness.ok("getMyDescription")).toEqual({ description: "Briefings from news documents" });
    expect(await harness.ok("getMyDescription", { language_code: "ru" })).toEqual({ description: "Сводки по новостным документам" });
    expect(await harness.ok("getMyShortDescription", { language_code: "en" })).toEqual({ short_description: "Topical briefings" });
    expect(await harness.ok("getMyShortDescription")).toEqual({ short_description: "" });
    await harness.ok("setMyDescription", { description: "", language_code: "ru" });
    expect(await harness.ok("getMyDescription", { language_code: "ru" })).toEqual({ description: "" });
  });

  it("refuses texts over Telegram's limits and bad language codes", async () => {
    const harness = await startEmulator();
    expect((await harness.api("setMyDescription", { description: "я".repeat(513) })).body).toMatchObject({ ok: false, error_code: 400 });
    expect((await harness.api("setMyShortDescription", { short_description: "я".repeat(121) })).body).toMatchObject({ ok: false, error_code: 400 });
    expect((await harness.api("setMyShortDescription", { short_description: "я".repeat(120) })).body).toMatchObject({ ok: true });
    expect((await harness.api("setMyDescription", { description: "x", language_code: "rus" })).body.description).toBe("Bad Request: LANG_CODE_INVALID");
  });
});
