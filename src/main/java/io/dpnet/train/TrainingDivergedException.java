package io.dpnet.train;

/** The loss or gradient became NaN or infinite: training cannot continue meaningfully. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
