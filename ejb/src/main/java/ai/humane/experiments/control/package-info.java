/** Experiment controls: sticky weighted assignment and the statistics of results (Welch, two-proportion z). */
package ai.humane.experiments.control;
