/**
 * The simulator's HTML report: {@link io.jdht.sim.report.HtmlReport} turns a run's JSON (and optionally
 * a second run to compare with) into one self-contained page, charts drawn by the inlined uPlot.
 */
package io.jdht.sim.report;
