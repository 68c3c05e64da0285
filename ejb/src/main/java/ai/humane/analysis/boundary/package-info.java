/** The analysis dispatcher: the per-instance trigger that claims queued LLM analyses from PostgreSQL (T1, N2). */
package ai.humane.analysis.boundary;
