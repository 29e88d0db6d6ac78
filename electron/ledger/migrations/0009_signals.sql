-- External signals: channels (an account, or a bot on its account) that senders post trade
-- intents to, each with its own secret in the OS keychain (only its entry's name here), and every signal
-- received on a channel, accepted or refused, with why.
CREATE TABLE signal_channels (
  id            INTEGER PRIMARY KEY,
  name          TEXT    NOT NULL,
  account_id    INTEGER NOT NULL REFERENCES accounts (id),
  bot_id        INTEGER REFERENCES bots (id),
  secret_ref    TEXT    NOT NULL UNIQUE, -- the keychain entry's name: "signal:<secret_ref>"
  created_at    INTEGER NOT NULL,
  secret_set_at INTEGER NOT NULL,
  deleted_at    INTEGER           -- a deleted channel stays as its signals' channel
);

CREATE TABLE signals (
  id          INTEGER PRIMARY KEY,
  channel_id  INTEGER NOT NULL REFERENCES signal_channels (id),
  received_at INTEGER NOT NULL,
  remote      TEXT    NOT NULL,
  status      TEXT    NOT NULL CHECK (status IN ('accepted', 'refused')),
  http_status INTEGER NOT NULL,
  reason      TEXT,
  symbol      TEXT,
  action      TEXT CHECK (action IN ('long', 'short', 'close')),
  intent_id   INTEGER REFERENCES intents (id),
  order_id    INTEGER REFERENCES orders (id)
);
CREATE INDEX signals_channel ON signals (channel_id, id);
