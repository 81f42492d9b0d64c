/**
 * {@code dpnet plan}'s Spark-free half: a cost model of one synchronous step from measured
 * constants ({@link io.dpnet.plan.CostConstants}), its predictions for the mode it was measured
 * in and for N executors on a stated network ({@link io.dpnet.plan.CostModel},
 * {@link io.dpnet.plan.Planner}), the single-thread probes that time the real math and the
 * driver's update ({@link io.dpnet.plan.MathProbe}), and the plan's JSON
 * ({@link io.dpnet.plan.PlanJson}). The model and its limits: docs/plan.md.
 *
 * <p>May import {@code nn}, {@code optim}, {@code train}, {@code config} and {@code data}; never
 * Spark (the Spark-side probe is {@code spark.plan}).
 */
package io.dpnet.plan;
