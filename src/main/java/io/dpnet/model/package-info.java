/**
 * Saved models: the {@code model.json} + {@code weights.bin} directory format with provenance,
 * checkpoints, atomic publishing, and the errors a malformed model directory produces.
 *
 * <p>May import {@code nn} and {@code optim}.
 */
package io.dpnet.model;
