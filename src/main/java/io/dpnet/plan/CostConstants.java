package io.dpnet.plan;

/** Every measured input of the cost model, and where it was measured. */
public record CostConstants(Where where, SparkCosts spark, ComputeCosts compute) {
}
