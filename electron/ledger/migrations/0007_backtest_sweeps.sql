-- The runs of one parameter sweep share its id (the id of its first run).
ALTER TABLE backtest_runs ADD COLUMN sweep_id INTEGER;
