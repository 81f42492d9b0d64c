package io.dpnet.data;

import java.io.Serializable;

/**
 * A sequence of global sample indices that any executor can evaluate at any position, so no one
 * materializes or ships it.
 */
public interface IndexOrder extends Serializable {
    /** The global sample index at {@code position} in [0, size). */
    long indexAt(long position);

    long size();
}
