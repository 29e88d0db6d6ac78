-- Alerts on markets and accounts, and every try to deliver one beyond the app (Telegram, a
-- webhook). The Telegram bot token is in the OS keychain, never here.
CREATE TABLE alerts (
  id           INTEGER PRIMARY KEY,
  condition    TEXT    NOT NULL, -- JSON, as validated
  telegram     INTEGER NOT NULL CHECK (telegram IN (0, 1)),
  webhook      INTEGER NOT NULL CHECK (webhook IN (0, 1)),
  repeat       TEXT    NOT NULL CHECK (repeat IN ('once', 'rearm')),
  status       TEXT    NOT NULL CHECK (status IN ('active', 'triggered', 'paused')),
  created_at   INTEGER NOT NULL,
  triggered_at INTEGER,
  last_message TEXT,
  deleted_at   INTEGER           -- a deleted alert stays as its deliveries' alert
);

CREATE TABLE alert_deliveries (
  id       INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alerts (id),
  channel  TEXT    NOT NULL CHECK (channel IN ('desktop', 'telegram', 'webhook')),
  message  TEXT    NOT NULL,
  status   TEXT    NOT NULL CHECK (status IN ('sent', 'retrying', 'failed')),
  attempts INTEGER NOT NULL,
  error    TEXT,
  at       INTEGER NOT NULL
);
CREATE INDEX alert_deliveries_alert ON alert_deliveries (alert_id, id);
