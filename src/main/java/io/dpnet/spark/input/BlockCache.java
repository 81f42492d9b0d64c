package io.dpnet.spark.input;

import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The executor's blocks of the current window, one per JVM (like {@link ExecutorWorkspaces}): a
 * step's tasks find their blocks here, and a block missing here is read once — by the first task
 * that needs it; a concurrent task for the same block waits for that read rather than repeating
 * it. Tasks drop the blocks of a set that the step's window no longer needs before loading new
 * ones, so the executor holds at most the blocks of the (at most two) windows a step overlaps.
 *
 * <p>Blocks live in the heap as bytes ({@link Shard#ofPixels}); Spark's storage memory never
 * holds them, so they can neither be evicted mid-window nor pushed to disk and re-read per step.
 */
final class BlockCache {
    /** Reads one block; runs in the task that first asks for it. */
    @FunctionalInterface
    interface Loader {
        Shard load(int block) throws Exception;
    }

    private record Key(String set, int block) {
    }

    private static final Map<Key, CompletableFuture<Shard>> BLOCKS = new ConcurrentHashMap<>();

    private BlockCache() {
    }

    /** Drops set {@code set}'s blocks outside {@code keep}. */
    static void retainOnly(String set, BitSet keep) {
        BLOCKS.keySet().removeIf(k -> k.set().equals(set) && !keep.get(k.block()));
    }

    /** Drops every block of {@code set} (the set was released). */
    static void dropAll(String set) {
        BLOCKS.keySet().removeIf(k -> k.set().equals(set));
    }

    /** The cached block, or null: for passes over all blocks, which must not fill the cache. */
    static Shard peek(String set, int block) {
        CompletableFuture<Shard> f = BLOCKS.get(new Key(set, block));
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }

    /** Block {@code block} of {@code set}, read by {@code loader} if no task of this JVM has read it. */
    static Shard get(String set, int block, Loader loader) throws Exception {
        Key key = new Key(set, block);
        CompletableFuture<Shard> mine = new CompletableFuture<>();
        CompletableFuture<Shard> existing = BLOCKS.putIfAbsent(key, mine);
        if (existing != null) {
            try {
                return existing.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        try {
            Shard shard = loader.load(block);
            mine.complete(shard);
            return shard;
        } catch (Exception | Error e) {
            // A failed read is not cached: a retried task reads again (and reports the error again).
            BLOCKS.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Blocks of {@code set} held now, for tests. */
    static int held(String set) {
        return (int) BLOCKS.keySet().stream().filter(k -> k.set().equals(set)).count();
    }
}
