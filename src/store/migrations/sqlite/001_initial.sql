-- Initial schema. Times are UTC epoch milliseconds; chat ids are Telegram ids (64-bit).

CREATE TABLE chats (
  id         INTEGER PRIMARY KEY,
  type       TEXT    NOT NULL CHECK (type IN ('private', 'group', 'supergroup', 'channel')),
  language   TEXT    NOT NULL,
  time_zone  TEXT    NOT NULL,
  status     TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked', 'left')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- chat_id is the rowid, so the due index below is ordered by (next_run_at, chat_id) for free.
CREATE TABLE subscriptions (
  chat_id           INTEGER PRIMARY KEY REFERENCES chats (id) ON DELETE CASCADE,
  topics            TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(topics)),
  delivery_time     TEXT    NOT NULL CHECK (delivery_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  time_zone         TEXT    NOT NULL,
  paused            INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
  message_thread_id INTEGER,
  next_run_at       INTEGER NOT NULL,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
) STRICT;

-- findDue: a range scan over unpaused subscriptions in due order.
CREATE INDEX subscriptions_due ON subscriptions (next_run_at) WHERE paused = 0;

CREATE TABLE deliveries (
  key         TEXT    PRIMARY KEY,
  chat_id     INTEGER NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
  status      TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  message_ids TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(message_ids)),
  error       TEXT,
  claimed_by  TEXT,
  claim_until INTEGER,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX deliveries_chat ON deliveries (chat_id);
CREATE INDEX deliveries_updated ON deliveries (updated_at);

CREATE TABLE received_sections (
  chat_id      INTEGER NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
  section_id   TEXT    NOT NULL,
  section_hash TEXT    NOT NULL,
  received_at  INTEGER NOT NULL,
  PRIMARY KEY (chat_id, section_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE inline_choices (
  topic TEXT    PRIMARY KEY,
  count INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

-- Conversation state of @grammyjs/conversations; version counts writes per key.
CREATE TABLE key_values (
  key        TEXT    PRIMARY KEY,
  value      TEXT    NOT NULL CHECK (json_valid(value)),
  version    INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
