import type { ChatMember, Message, Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { drainUpdates, startEmulator, startedUser, type Harness } from "./harness.js";

async function groupWithBot(harness: Harness, options: { botAdmin?: boolean } = {}) {
  const { emulator } = harness;
  const owner = emulator.createUser({ first_name: "Olga", username: "olga" });
  const member = emulator.createUser({ first_name: "Max" });
  const group = emulator.createGroup({
    title: "Briefing club",
    members: [
      { userId: owner.id, status: "creator" },
      { userId: member.id, status: "member" },
    ],
  });
  emulator.addBotToGroup(group.id, { byUserId: owner.id, asAdministrator: options.botAdmin ?? false });
  return { owner, member, group };
}

describe("blocking", () => {
  it("sends my_chat_member updates and makes sends fail with 403 until unblocked", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    await drainUpdates(harness);

    harness.emulator.blockBot(userId);
    const [blocked] = await harness.ok<Update[]>("getUpdates", {});
    expect(blocked?.my_chat_member).toMatchObject({
      chat: { id: userId, type: "private" },
      from: { id: userId },
      old_chat_member: { status: "member", user: { id: harness.emulator.botInfo.id } },
      new_chat_member: { status: "kicked", user: { id: harness.emulator.botInfo.id } },
    });
    expect((await harness.api("sendMessage", { chat_id: userId, text: "hello?" })).body).toEqual({
      ok: false,
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });

    harness.emulator.unblockBot(userId);
    const [unblocked] = await harness.ok<Update[]>("getUpdates", { offset: (blocked?.update_id ?? 0) + 1 });
    expect(unblocked?.my_chat_member).toMatchObject({ old_chat_member: { status: "kicked" }, new_chat_member: { status: "member" } });
    expect((await harness.api("sendMessage", { chat_id: userId, text: "welcome back" })).status).toBe(200);
  });

  it("unblocks when a blocked user writes again, as Telegram's Restart button does", async () => {
    const harness = await startEmulator();
    const userId = startedUser(harness);
    harness.emulator.blockBot(userId);
    harness.emulator.sendText(userId, "/start");
    const types = harness.emulator.pendingUpdates().map((update) => Object.keys(update).find((key) => key !== "update_id"));
    expect(types).toEqual(["message", "my_chat_member", "my_chat_member", "message"]);
    expect((await harness.api("sendMessage", { chat_id: userId, text: "hi" })).status).toBe(200);
  });
});

describe("groups", () => {
  it("adding the bot sends my_chat_member and the new_chat_members service message", async () => {
    const harness = await startEmulator();
    const { owner, group } = await groupWithBot(harness);
    const updates = harness.emulator.pendingUpdates();
    expect(updates[0]?.my_chat_member).toMatchObject({
      chat: { id: group.id, type: "supergroup", title: "Briefing club" },
      from: { id: owner.id },
      old_chat_member: { status: "left" },
      new_chat_member: { status: "member" },
    });
    expect(updates[1]?.message?.new_chat_members?.[0]?.id).toBe(harness.emulator.botInfo.id);
  });

  it("in privacy mode the bot sees commands, mentions and replies but not chatter", async () => {
    const harness = await startEmulator();
    const { member, group } = await groupWithBot(harness);
    await drainUpdates(harness);

    const say = (text: string, replyToMessageId?: number) =>
      harness.emulator.sendText(member.id, text, { chatId: group.id, ...(replyToMessageId ? { replyToMessageId } : {}) });
    say("just chatting");
    say("/digest@briefing_test_bot");
    say("/digest@other_bot");
    say("/help");
    say("hey @briefing_test_bot");
    const botMessage = await harness.ok<Message>("sendMessage", { chat_id: group.id, text: "Here is the digest" });
    say("thanks", botMessage.message_id);

    const seen = harness.emulator.pendingUpdates().map((update) => update.message?.text);
    expect(seen).toEqual(["/digest@briefing_test_bot", "/help", "hey @briefing_test_bot", "thanks"]);
    expect(harness.emulator.transcript(group.id).map((message) => message.text ?? "(service)")).toHaveLength(8);
  });

  it("an admin bot sees every message and can list administrators and members", async () => {
    const harness = await startEmulator();
    const { owner, member, group } = await groupWithBot(harness, { botAdmin: true });
    harness.emulator.sendText(member.id, "just chatting", { chatId: group.id });
    expect(harness.emulator.pendingUpdates().at(-1)?.message?.text).toBe("just chatting");

    const admins = await harness.ok<ChatMember[]>("getChatAdministrators", { chat_id: group.id });
    expect(admins.map((admin) => [admin.user.id, admin.status])).toEqual([
      [owner.id, "creator"],
      [harness.emulator.botInfo.id, "administrator"],
    ]);
    expect(await harness.ok<ChatMember>("getChatMember", { chat_id: group.id, user_id: member.id })).toMatchObject({ status: "member" });
    expect(await harness.ok("getChatMemberCount", { chat_id: group.id })).toBe(3);
    expect(await harness.ok("getChat", { chat_id: group.id })).toMatchObject({ id: group.id, type: "supergroup", title: "Briefing club" });
  });

  it("delivers chat_member updates to an admin bot that asked for them", async () => {
    const harness = await startEmulator();
    const { owner, group } = await groupWithBot(harness, { botAdmin: true });
    const newcomer = harness.emulator.createUser({ first_name: "Nina" });
    harness.emulator.setMemberStatus(group.id, newcomer.id, "member");
    expect(harness.emulator.pendingUpdates().some((update) => update.chat_member)).toBe(false);

    await harness.ok("getUpdates", { allowed_updates: ["message", "chat_member"], offset: -1 });
    harness.emulator.setMemberStatus(group.id, newcomer.id, "administrator", { byUserId: owner.id });
    expect(harness.emulator.pendingUpdates().at(-1)?.chat_member).toMatchObject({
      from: { id: owner.id },
      old_chat_member: { status: "member", user: { id: newcomer.id } },
      new_chat_member: { status: "administrator", user: { id: newcomer.id } },
    });
  });

  it("a removed or banned bot gets Telegram's 403s, and chat not found for groups it never joined", async () => {
    const harness = await startEmulator();
    const { owner, group } = await groupWithBot(harness);
    harness.emulator.removeBotFromGroup(group.id, { byUserId: owner.id });
    expect((await harness.api("sendMessage", { chat_id: group.id, text: "x" })).body.description).toBe(
      "Forbidden: bot is not a member of the supergroup chat",
    );
    harness.emulator.removeBotFromGroup(group.id, { byUserId: owner.id, ban: true });
    expect((await harness.api("sendMessage", { chat_id: group.id, text: "x" })).body.description).toBe(
      "Forbidden: bot was kicked from the supergroup chat",
    );
    const other = harness.emulator.createGroup({ type: "group", title: "Elsewhere", members: [{ userId: owner.id, status: "creator" }] });
    expect((await harness.api("sendMessage", { chat_id: other.id, text: "x" })).body.description).toBe("Bad Request: chat not found");
  });

  it("marks commands as bot_command entities, @botname included, like Telegram", async () => {
    const harness = await startEmulator();
    const { member, group } = await groupWithBot(harness);
    const message = harness.emulator.sendText(member.id, "/digest@briefing_test_bot economy /help", { chatId: group.id });
    expect(message.entities).toEqual([
      { type: "bot_command", offset: 0, length: 25 },
      { type: "bot_command", offset: 34, length: 5 },
    ]);
  });

  it("leaveChat turns the bot's status to left with a my_chat_member update", async () => {
    const harness = await startEmulator();
    const { group } = await groupWithBot(harness);
    await drainUpdates(harness);
    expect(await harness.ok("leaveChat", { chat_id: group.id })).toBe(true);
    expect(harness.emulator.pendingUpdates()[0]?.my_chat_member).toMatchObject({
      old_chat_member: { status: "member" },
      new_chat_member: { status: "left" },
    });
    expect((await harness.api("getChat", { chat_id: group.id })).status).toBe(403);
  });

  it("puts messages into forum topics", async () => {
    const harness = await startEmulator();
    const owner = harness.emulator.createUser({ first_name: "Olga" });
    const forum = harness.emulator.createGroup({ title: "Forum", isForum: true, members: [{ userId: owner.id, status: "creator" }] });
    harness.emulator.addBotToGroup(forum.id, { byUserId: owner.id });
    const { messageThreadId } = harness.emulator.createForumTopic(forum.id, "Economy");
    const message = await harness.ok<Message>("sendMessage", { chat_id: forum.id, message_thread_id: messageThreadId, text: "In topic" });
    expect(message).toMatchObject({ message_thread_id: messageThreadId, is_topic_message: true });
    expect(harness.emulator.messages(forum.id)[0]?.messageThreadId).toBe(messageThreadId);
    expect((await harness.api("sendMessage", { chat_id: forum.id, message_thread_id: 999, text: "x" })).body.description).toBe(
      "Bad Request: message thread not found",
    );
  });
});
