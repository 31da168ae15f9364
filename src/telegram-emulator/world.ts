import type { Chat, ChatMember, ChatMemberUpdated, User } from "grammy/types";
import { ControlError } from "./api-error.js";
import { unixTime } from "./unix-time.js";

/**
 * The people and groups every emulated bot shares: users (bots included, since Telegram
 * gives bots user ids too), groups and supergroups with their members and forum topics.
 * What each bot sent or received lives in that bot's own state.
 */

/** A member's status in a group, as ChatMember.status spells it. */
export type MemberStatus = "creator" | "administrator" | "member" | "left" | "kicked";

const MEMBER_STATUSES: ReadonlySet<string> = new Set(["creator", "administrator", "member", "left", "kicked"]);

/** Whether a status means the user is in the chat. */
export const isPresent = (status: MemberStatus | undefined): boolean =>
  status === "creator" || status === "administrator" || status === "member";

/** Whether a status lets the holder manage the chat (see admins, delete others' messages). */
export const isAdministrator = (status: MemberStatus | undefined): boolean =>
  status === "creator" || status === "administrator";

/** A user to create; the id is chosen when omitted. */
export interface NewUser {
  id?: number;
  first_name: string;
  last_name?: string;
  username?: string;
  /** IETF language tag Telegram sends with each update, e.g. "en" or "ru". */
  language_code?: string;
}

/** A group or supergroup to create. */
export interface NewGroup {
  /** Negative, like Telegram's; supergroups look like -100xxxxxxxxxx. Chosen when omitted. */
  id?: number;
  /** Default "supergroup", which is what groups become as soon as they grow. */
  type?: "group" | "supergroup";
  title: string;
  /** A public @username; supergroups only. */
  username?: string;
  /** A forum supergroup, whose messages go into topics. */
  isForum?: boolean;
  /** Initial members. Telegram groups always have a creator; give one if the bot checks ownership. */
  members?: ReadonlyArray<{ userId: number; status?: MemberStatus }>;
}

/** A group as the emulator keeps it. */
export interface GroupRecord {
  chat: Chat.GroupChat | Chat.SupergroupChat;
  members: Map<number, MemberStatus>;
  /** Forum topics: message_thread_id to name. */
  topics: Map<number, string>;
  nextTopicId: number;
}

/** Users and groups shared by all bots of one emulator. */
export interface World {
  addUser(input: NewUser): User;
  /** Registers a bot's own user, so getChatMember and group membership can find it. */
  addBotUser(user: User): void;
  user(id: number): User | undefined;
  requireUser(id: number): User;
  addGroup(input: NewGroup): GroupRecord;
  group(id: number): GroupRecord | undefined;
  requireGroup(id: number): GroupRecord;
  groupByUsername(username: string): GroupRecord | undefined;
  addTopic(groupId: number, name: string): number;
}

// Ids the emulator picks look like Telegram's: users are positive,
// basic groups small negative numbers, supergroups -100 followed by ten digits.
const FIRST_USER_ID = 1_000_001;
const FIRST_GROUP_ID = -4_000_001;
const FIRST_SUPERGROUP_ID = -1_001_000_000_001;
// The General topic of a forum is thread 1; created topics get the ids after it.
const FIRST_TOPIC_ID = 2;

/** Creates an empty world. */
export function createWorld(): World {
  const users = new Map<number, User>();
  const groups = new Map<number, GroupRecord>();
  let nextUserId = FIRST_USER_ID;
  let nextGroupId = FIRST_GROUP_ID;
  let nextSupergroupId = FIRST_SUPERGROUP_ID;

  const world: World = {
    addUser(input) {
      if (typeof input?.first_name !== "string" || input.first_name === "") {
        throw new ControlError("a user needs a non-empty first_name");
      }
      const id = input.id ?? nextUserId++;
      if (!Number.isSafeInteger(id) || id <= 0) throw new ControlError(`user id must be a positive integer, got ${id}`);
      if (users.has(id)) throw new ControlError(`user ${id} already exists`);
      const user: User = { id, is_bot: false, first_name: input.first_name };
      if (input.last_name !== undefined) user.last_name = input.last_name;
      if (input.username !== undefined) user.username = input.username;
      if (input.language_code !== undefined) user.language_code = input.language_code;
      users.set(id, user);
      return { ...user };
    },
    addBotUser(user) {
      users.set(user.id, user);
    },
    user(id) {
      return users.get(id);
    },
    requireUser(id) {
      const user = users.get(id);
      if (!user) throw new ControlError(`no user ${id}; create it with createUser first`);
      return user;
    },
    addGroup(input) {
      if (typeof input?.title !== "string" || input.title === "") throw new ControlError("a group needs a non-empty title");
      const type = input.type ?? "supergroup";
      if (type !== "group" && type !== "supergroup") throw new ControlError(`group type must be "group" or "supergroup"`);
      if (type === "group" && (input.username !== undefined || input.isForum)) {
        throw new ControlError("only supergroups can have a username or be forums");
      }
      const id = input.id ?? (type === "group" ? nextGroupId-- : nextSupergroupId--);
      if (!Number.isSafeInteger(id) || id >= 0) throw new ControlError(`group id must be a negative integer, got ${id}`);
      if (groups.has(id)) throw new ControlError(`group ${id} already exists`);
      const chat: Chat.GroupChat | Chat.SupergroupChat =
        type === "group"
          ? { id, type, title: input.title }
          : {
              id,
              type,
              title: input.title,
              ...(input.username !== undefined ? { username: input.username } : {}),
              ...(input.isForum ? { is_forum: true as const } : {}),
            };
      const record: GroupRecord = { chat, members: new Map(), topics: new Map(), nextTopicId: FIRST_TOPIC_ID };
      for (const member of input.members ?? []) {
        world.requireUser(member.userId);
        const status = member.status ?? "member";
        if (!MEMBER_STATUSES.has(status)) throw new ControlError(`unknown member status "${status}"`);
        record.members.set(member.userId, status);
      }
      groups.set(id, record);
      return record;
    },
    group(id) {
      return groups.get(id);
    },
    requireGroup(id) {
      const group = groups.get(id);
      if (!group) throw new ControlError(`no group ${id}; create it with createGroup first`);
      return group;
    },
    groupByUsername(username) {
      const wanted = username.replace(/^@/, "").toLowerCase();
      for (const group of groups.values()) {
        if (group.chat.username?.toLowerCase() === wanted) return group;
      }
      return undefined;
    },
    addTopic(groupId, name) {
      const group = world.requireGroup(groupId);
      if (!group.chat.is_forum) throw new ControlError(`group ${groupId} is not a forum`);
      const id = group.nextTopicId++;
      group.topics.set(id, name);
      return id;
    },
  };
  return world;
}

/** Validates a member status coming from the control API. */
export function readMemberStatus(value: unknown): MemberStatus {
  if (typeof value !== "string" || !MEMBER_STATUSES.has(value)) {
    throw new ControlError(`member status must be one of ${[...MEMBER_STATUSES].join(", ")}, got ${String(value)}`);
  }
  return value as MemberStatus;
}

/** The private chat with a user, as the Chat object Telegram sends. */
export function privateChatOf(user: User): Chat.PrivateChat {
  const chat: Chat.PrivateChat = { id: user.id, type: "private", first_name: user.first_name };
  if (user.last_name !== undefined) chat.last_name = user.last_name;
  if (user.username !== undefined) chat.username = user.username;
  return chat;
}

/** A ChatMember object for a status; administrators get every right a bot usually needs. */
export function chatMemberOf(user: User, status: MemberStatus): ChatMember {
  switch (status) {
    case "creator":
      return { status, user, is_anonymous: false };
    case "administrator":
      return {
        status,
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: true,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
        can_pin_messages: true,
        can_manage_topics: true,
        can_send_welcome_messages: false,
      };
    case "member":
      return { status, user };
    case "left":
      return { status, user };
    case "kicked":
      return { status, user, until_date: 0 };
  }
}

/** The ChatMemberUpdated of my_chat_member and chat_member updates. */
export function chatMemberUpdated(
  chat: Chat,
  from: User,
  subject: User,
  oldStatus: MemberStatus,
  newStatus: MemberStatus,
): ChatMemberUpdated {
  return {
    chat,
    from,
    date: unixTime(),
    old_chat_member: chatMemberOf(subject, oldStatus),
    new_chat_member: chatMemberOf(subject, newStatus),
  };
}
