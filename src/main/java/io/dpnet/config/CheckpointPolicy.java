package io.dpnet.config;

/** When to checkpoint ({@code checkpoint.every}) and how many checkpoints to keep ({@code checkpoint.keep}). */
public record CheckpointPolicy(TrainConfig.CheckpointInterval interval, int keep) {
}
