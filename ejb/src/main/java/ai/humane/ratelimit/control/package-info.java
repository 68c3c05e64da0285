/**
 * A1 rate limits: a sliding-window counter (the current fixed minute plus the previous one, weighted by
 * how much of it still overlaps the last 60 seconds) kept in Payara's Hazelcast data grid, so every instance
 * of the cluster shares the count ({@link ai.humane.ratelimit.control.GridRateCounter}, behind
 * {@link ai.humane.ratelimit.control.RateCounts}). Buckets are per API key, per session user and per client
 * address; ceilings come from the tenant's plan ({@code ratelimit.plan.*}) or, without a caller,
 * {@code ratelimit.public} and {@code ratelimit.anonymous}. The client address honours
 * {@code X-Forwarded-For} only from {@code TRUSTED_PROXIES}.
 */
package ai.humane.ratelimit.control;
