/**
 * Optimizers (SGD, momentum/Nesterov, Adam) with their state lifecycle (state(), restore()),
 * learning-rate schedules and L2 weight decay: what turns a mean gradient into a parameter update;
 * and their lazy forms for embedding tables ({@link io.dpnet.optim.SparseRowOptimizer}), which update
 * only the rows a step's sparse gradient touched.
 *
 * <p>May import {@code nn} only.
 */
package io.dpnet.optim;
