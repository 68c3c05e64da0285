-- A1's request counters moved to Payara's data grid (ai.humane.ratelimit.control.GridRateCounter): every
-- instance of a cluster shares them there with exact compare-and-set updates, without a database write per
-- request. The table held two minutes of counts and nothing durable; dropping it forgives at most one window.
DROP TABLE rate_buckets;
