/**
 * Analysis controls (issue 13): the built-in {@link ai.humane.analysis.control.Lexicon} engine, LLM calls through
 * the guarded client with a schema-checked answer ({@link ai.humane.analysis.control.ProviderCall}; N1, N2), the
 * per-engine breakers and bulkheads ({@link ai.humane.analysis.control.EngineGuards}), the analysis queue and
 * what a finished analysis writes (profile buckets, usage, events; {@link ai.humane.analysis.control.AnalysisRecords}),
 * all inside the tenant's walls (T1). Message content stays in conversation_messages: nothing here stores it.
 */
package ai.humane.analysis.control;
