-- A bot's own circuit breaker: the loss in a UTC day, and the losing trades in a row, that
-- stop it (JSON {maxDailyLoss?, maxConsecutiveLosses?}; NULL = none beyond the account's).
ALTER TABLE bots ADD COLUMN risk TEXT;
