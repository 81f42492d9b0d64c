package io.dpnet.fuzz;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * One corruption of a file's bytes. Positions are taken modulo the current length, so any
 * generated value applies to any file (including one an earlier mutation shortened); the records
 * print as readable descriptions in jqwik's failure reports.
 */
interface ByteMutation {
    byte[] apply(byte[] in);

    /** Flips one bit. */
    record FlipBit(int at, int bit) implements ByteMutation {
        @Override
        public byte[] apply(byte[] in) {
            byte[] out = in.clone();
            if (out.length > 0) {
                out[at % out.length] ^= (byte) (1 << bit);
            }
            return out;
        }
    }

    /** Replaces one byte. */
    record Overwrite(int at, byte value) implements ByteMutation {
        @Override
        public byte[] apply(byte[] in) {
            byte[] out = in.clone();
            if (out.length > 0) {
                out[at % out.length] = value;
            }
            return out;
        }
    }

    /** Overwrites bytes from {@code at} on with {@code hex} (cut off at the end of the file). */
    record Splice(int at, String hex) implements ByteMutation {
        @Override
        public byte[] apply(byte[] in) {
            byte[] out = in.clone();
            if (out.length > 0) {
                byte[] bytes = HexFormat.of().parseHex(hex);
                int start = at % out.length;
                System.arraycopy(bytes, 0, out, start, Math.min(bytes.length, out.length - start));
            }
            return out;
        }
    }

    /** Cuts the file to {@code keep % length} bytes (from empty to one byte short). */
    record Truncate(int keep) implements ByteMutation {
        @Override
        public byte[] apply(byte[] in) {
            return in.length == 0 ? in : Arrays.copyOf(in, keep % in.length);
        }
    }

    /** Appends junk after the end. */
    record Append(String hex) implements ByteMutation {
        @Override
        public byte[] apply(byte[] in) {
            byte[] junk = HexFormat.of().parseHex(hex);
            byte[] out = Arrays.copyOf(in, in.length + junk.length);
            System.arraycopy(junk, 0, out, in.length, junk.length);
            return out;
        }
    }

    static byte[] applyAll(List<? extends ByteMutation> mutations, byte[] in) {
        byte[] out = in;
        for (ByteMutation m : mutations) {
            out = m.apply(out);
        }
        return out;
    }

    /**
     * Flips, overwrites, splices of {@code dictionary} values (hex), truncations and appends. Random
     * positions rarely hit the few bytes format detection looks at, so positions favour the first
     * {@code headBytes} bytes, and offset 0 most of all.
     */
    static Arbitrary<ByteMutation> any(int headBytes, String... dictionary) {
        Arbitrary<Integer> position = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(4, Arbitraries.integers().between(0, headBytes - 1)),
                Tuple.of(4, Arbitraries.integers().greaterOrEqual(0)));
        Arbitrary<Byte> value = Arbitraries.oneOf(
                Arbitraries.of((byte) 0, (byte) 0xFF, (byte) 0x7F, (byte) 0x80, (byte) 0x01),
                Arbitraries.bytes());
        Arbitrary<ByteMutation> flip = Combinators.combine(position, Arbitraries.integers().between(0, 7))
                .as(FlipBit::new);
        Arbitrary<ByteMutation> overwrite = Combinators.combine(position, value).as(Overwrite::new);
        Arbitrary<ByteMutation> splice = Combinators.combine(position, Arbitraries.of(dictionary)).as(Splice::new);
        Arbitrary<ByteMutation> truncate = Arbitraries.oneOf(
                Arbitraries.integers().between(0, headBytes), Arbitraries.integers().greaterOrEqual(0))
                .map(Truncate::new);
        Arbitrary<ByteMutation> append = Arbitraries.oneOf(
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64)
                                .map(b -> HexFormat.of().formatHex(b)),
                        Arbitraries.of(dictionary))
                .map(Append::new);
        return Arbitraries.frequencyOf(
                Tuple.of(3, flip),
                Tuple.of(3, overwrite),
                Tuple.of(2, splice),
                Tuple.of(1, truncate),
                Tuple.of(1, append));
    }
}
