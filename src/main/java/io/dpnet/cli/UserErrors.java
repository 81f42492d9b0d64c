package io.dpnet.cli;

import io.dpnet.config.ConfigException;
import io.dpnet.train.TrainingDivergedException;
import java.io.IOException;

/** Decides which failures are the user's to fix (bad config, bad files) and how to word them. */
final class UserErrors {
    private UserErrors() {
    }

    static boolean isUserError(Throwable e) {
        Throwable t = root(e);
        return t instanceof ConfigException || t instanceof IOException || t instanceof TrainingDivergedException
                || t instanceof IllegalArgumentException;
    }

    static String message(Throwable e) {
        return root(e).getMessage();
    }

    /** Spark wraps executor-side failures; the user's problem is the innermost cause. */
    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t
                && (t instanceof org.apache.spark.SparkException || t.getClass() == RuntimeException.class)) {
            t = t.getCause();
        }
        return t;
    }
}
