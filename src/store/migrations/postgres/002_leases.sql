-- Leases: one instance at a time runs the digest scheduler; the holder renews, others take over on expiry.
CREATE TABLE leases (
  name       TEXT   PRIMARY KEY,
  holder     TEXT   NOT NULL,
  expires_at BIGINT NOT NULL
);
