/**
 * Optimizers (SGD, momentum/Nesterov, Adam) with their state lifecycle (state(), restore()),
 * learning-rate schedules and L2 weight decay: what turns a mean gradient into a parameter update.
 *
 * <p>May import {@code nn} only.
 */
package io.dpnet.optim;
