package io.dpnet.nn;

/** What one forward/backward pass over a batch measured: summed loss and correct predictions. */
public record BatchStats(double lossSum, int correct, int rows) {
}
