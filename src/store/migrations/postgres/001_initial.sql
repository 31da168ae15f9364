-- Initial schema. Times are UTC epoch milliseconds; chat ids are Telegram ids (64-bit).

CREATE TABLE chats (
  id         BIGINT PRIMARY KEY,
  type       TEXT   NOT NULL CHECK (type IN ('private', 'group', 'supergroup', 'channel')),
  language   TEXT   NOT NULL,
  time_zone  TEXT   NOT NULL,
  status     TEXT   NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked', 'left')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE subscriptions (
  chat_id           BIGINT  PRIMARY KEY REFERENCES chats (id) ON DELETE CASCADE,
  topics            TEXT[]  NOT NULL DEFAULT '{}',
  delivery_time     TEXT    NOT NULL CHECK (delivery_time ~ '^[0-2][0-9]:[0-5][0-9]$'),
  time_zone         TEXT    NOT NULL,
  paused            BOOLEAN NOT NULL DEFAULT FALSE,
  message_thread_id BIGINT,
  next_run_at       BIGINT  NOT NULL,
  created_at        BIGINT  NOT NULL,
  updated_at        BIGINT  NOT NULL
);

-- findDue: a range scan over unpaused subscriptions in due order.
CREATE INDEX subscriptions_due ON subscriptions (next_run_at, chat_id) WHERE NOT paused;

CREATE TABLE deliveries (
  key         TEXT    PRIMARY KEY,
  chat_id     BIGINT  NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
  status      TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  message_ids JSONB   NOT NULL DEFAULT '[]',
  error       TEXT,
  claimed_by  TEXT,
  claim_until BIGINT,
  created_at  BIGINT  NOT NULL,
  updated_at  BIGINT  NOT NULL
);

CREATE INDEX deliveries_chat ON deliveries (chat_id);
CREATE INDEX deliveries_updated ON deliveries (updated_at);

CREATE TABLE received_sections (
  chat_id      BIGINT NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
  section_id   TEXT   NOT NULL,
  section_hash TEXT   NOT NULL,
  received_at  BIGINT NOT NULL,
  PRIMARY KEY (chat_id, section_id)
);

CREATE TABLE inline_choices (
  topic TEXT   PRIMARY KEY,
  count BIGINT NOT NULL DEFAULT 0
);

-- Conversation state of @grammyjs/conversations; version counts writes per key.
-- JSON, not JSONB: kept verbatim (key order, "\u0000"), and never queried inside.
CREATE TABLE key_values (
  key        TEXT    PRIMARY KEY,
  value      JSON    NOT NULL,
  version    INTEGER NOT NULL DEFAULT 1,
  updated_at BIGINT  NOT NULL
);
