package io.dpnet.ml;

/**
 * Hands a chosen uid to a Java subclass of Spark's Scala {@code Params} classes before its
 * fields exist.
 *
 * <p>Spark's Scala classes take {@code uid} as a constructor field, which Scala assigns before the
 * super constructor runs; the super constructors then create the shared params
 * ({@code featuresCol}, ...) whose parent is {@code this.uid()}. Java cannot assign a field
 * before {@code super()}, so {@code uid()} would still be null there and every shared param would
 * belong to no one. A Java subclass therefore stages its uid here in an argument of
 * {@code this(...)}, reads it from {@code uid()} while its field is unset, and clears it once
 * constructed.
 */
final class StagedUid {
    /** Proof, in a constructor signature, that a uid was staged. */
    static final class Token {
        private Token() {
        }
    }

    private static final ThreadLocal<String> STAGED = new ThreadLocal<>();
    private static final Token TOKEN = new Token();

    private StagedUid() {
    }

    static Token stage(String uid) {
        if (uid == null || uid.isEmpty()) {
            throw new IllegalArgumentException("uid must not be empty");
        }
        STAGED.set(uid);
        return TOKEN;
    }

    /** The uid staged on this thread; fails if there is none (a constructor forgot to stage). */
    static String staged() {
        String uid = STAGED.get();
        if (uid == null) {
            throw new IllegalStateException("no uid staged for this construction");
        }
        return uid;
    }

    static void clear() {
        STAGED.remove();
    }
}
