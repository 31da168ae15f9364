-- The inbox: every incoming update is kept here before Telegram is told it arrived, handled from
-- here, and remembered by update_id until it expires, so redeliveries are recognised.
CREATE TABLE inbox (
  update_id   BIGINT  PRIMARY KEY,
  chat_key    TEXT    NOT NULL,
  payload     TEXT    NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0,
  claimed_by  TEXT,
  claim_until BIGINT,
  received_at BIGINT NOT NULL,
  handled_at  BIGINT
);
-- The unhandled backlog in order, and a chat's oldest unhandled update: handled rows stay for a
-- day as known ids and must not be scanned.
CREATE INDEX inbox_backlog ON inbox (update_id) WHERE handled_at IS NULL;
CREATE INDEX inbox_chat_backlog ON inbox (chat_key, update_id) WHERE handled_at IS NULL;
CREATE INDEX inbox_received ON inbox (received_at);
