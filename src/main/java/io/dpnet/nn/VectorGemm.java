package io.dpnet.nn;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked SIMD products on the JDK Vector API ({@code jdk.incubator.vector}), using the
 * widest float species of the CPU (512-bit on AVX-512 machines).
 *
 * <p>Two micro-kernels cover the three products:
 * <ul>
 *   <li><b>axpy tile</b>: 4 output rows × 4 vectors of output columns held in 16 accumulators;
 *       each step broadcasts one scalar per row and loads 4 vectors of one B row. It computes
 *       {@code X·W} (a step is a column of X) and {@code Xᵀ·D} (a step is a row of X and D, the
 *       scalars are 4 adjacent columns of that row).</li>
 *   <li><b>dot tile</b>: 4 rows of A × 4 rows of B, 16 vector partial sums reduced at the end
 *       by a transposing add tree. It computes {@code D·Wᵀ} for batches below
 *       {@value #TRANSPOSE_MIN_ROWS} rows without transposing W (each output is a dot product of
 *       a D row and a W row), and X·W for narrow W (the output layer) after transposing W,
 *       which is cheap there. From {@value #TRANSPOSE_MIN_ROWS} rows on, D·Wᵀ transposes W into
 *       scratch and uses the axpy tile, which is faster per flop.</li>
 * </ul>
 * Every vector load and store is full-width: operands whose rows are not a multiple of the
 * vector length are copied into zero-padded scratch, and partial output vectors are stored
 * through a lane buffer (masked memory access is not intrinsified on JDK 17). Narrow products
 * (n much smaller than a vector) are computed transposed so the vectors run along the long side.
 *
 * <p>Zero-skipping: a step of an axpy tile can be skipped when all 4 of its multipliers are zero.
 * A branch in the vector loop does not pay (and makes C2 box the accumulators), so when a sample
 * of A says enough steps are skippable (MNIST pixels: about half of them in X·W and more in
 * Xᵀ·D) the tile runs over a list of the non-zero steps of its rows instead, built in one
 * scalar pass over A. Dense inputs (and usually relu activations) take the plain path.
 *
 * <p>Measured with scripts/bench-kernels.sh on one core of an AVX-512 EPYC (dense inputs, 128 and
 * 512 rows): 125–155 GFLOPS on the 784×256 and 256×256 layers, 94–136 on the 10-wide output
 * layer, against 5–8 for {@link JavaGemm} and EJML.
 *
 * <p>The class references {@code jdk.incubator.vector}, so it must only be loaded when that
 * module is in the boot layer; {@link Gemm#create} loads it reflectively.
 */
public final class VectorGemm implements Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** The double species of the same width (8 lanes for 512-bit), for exact gradient sums. */
    private static final VectorSpecies<Double> SD = DoubleVector.SPECIES_PREFERRED;
    private static final int LD = SD.length();
    /** Dot tiles reduce with a transposing tree (8 or 16 lanes), else with reduceLanes. */
    private static final boolean TREE = L == 8 || L == 16;
    /** Per reduction level (half-width L/2, L/4, L/8, L/16): upper halves of each block, block half swap. */
    private static final VectorMask<Float> UPPER_A = upper(L / 2), UPPER_B = upper(L / 4), UPPER_C = upper(L / 8),
            UPPER_D = upper(L / 16);
    private static final VectorShuffle<Float> SWAP_A = swap(L / 2), SWAP_B = swap(L / 4), SWAP_C = swap(L / 8),
            SWAP_D = swap(L / 16);
    /** Where dot4x4 leaves the sum of A row r and B row q: {@code sums[SLOT[r * MR + q]]}. */
    private static final int[] SLOT = slots();
    /** Floats of A a dot tile chunk keeps in L1 (16 KB). */
    private static final int DOT_CHUNK_FLOATS = 4096;
    /**
     * From this many rows on, D·Wᵀ transposes W into scratch and runs the axpy tile (faster per
     * flop, and the O(k·n) transpose is amortized); below it the dot tile needs no transpose.
     */
    private static final int TRANSPOSE_MIN_ROWS = 320;
    /** Zero-skipping in the axpy tiles (see {@link #nonZeroSteps}). */
    private static final boolean SKIP_ZEROS = true;
    /** Zero-skipping is used when it leaves at most this fraction of the steps. */
    private static final double MAX_KEPT = 0.8;
    /** Size bound of the zero-skipping step lists (ints). */
    private static final int MAX_LISTED_STEPS = 1 << 20;
    /** Output rows per tile. */
    private static final int MR = 4;
    /** Output vectors per axpy tile. */
    private static final int NV = 4;
    /** Below this fraction of useful lanes a product is computed in its transposed form. */
    private static final double MIN_LANE_USE = 0.75;

    /** Padded or transposed copy of an operand. */
    private float[] packed = new float[0];
    private int[] identity = new int[0];
    private int[] stepLists = new int[0];
    private int[] blockCounts = new int[0];
    /** Transposed result of a narrow weight gradient. */
    private float[] result = new float[0];
    /** One output tile, for partial tiles at the edges. */
    private final float[] tile = new float[MR * NV * L];
    /** B widened to doubles, rows padded to whole double vectors (exact gradient sums). */
    private double[] widened = new double[0];
    /** One double output tile, for partial tiles at the edges. */
    private final double[] dtile = new double[MR * NV * LD];
    /** The 16 sums of a dot tile. */
    private final float[] sums = new float[MR * MR];

    /** Vector lanes per register (16 floats for 512-bit). */
    public static int lanes() {
        return L;
    }

    @Override
    public void mul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            Arrays.fill(c, cOff, cOff + m * n, 0f);
            return;
        }
        if (n % L == 0) {
            axpy(a, aOff, k, 1, m, k, b, bOff, n, n, c, cOff, n, false);
        } else if (laneUse(n) >= MIN_LANE_USE) {
            int stride = roundUp(n);
            float[] bp = pad(b, bOff, k, n, stride);
            axpy(a, aOff, k, 1, m, k, bp, 0, stride, n, c, cOff, n, false);
        } else {
            // Narrow W (the output layer): C = A·(Wᵀ)ᵀ, one dot product of length k per output.
            float[] bt = transpose(b, bOff, k, n, k);
            dot(a, aOff, k, m, bt, 0, k, n, k, c, cOff, n);
        }
    }

    @Override
    public void mulTransAAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        if (n % L == 0) {
            // Rows of C are columns of A: the row stride of the scalars is 1, the step stride k.
            axpy(a, aOff, 1, k, k, m, b, bOff, n, n, c, cOff, n, true);
        } else if (laneUse(n) >= MIN_LANE_USE) {
            int stride = roundUp(n);
            float[] bp = pad(b, bOff, m, n, stride);
            axpy(a, aOff, 1, k, k, m, bp, 0, stride, n, c, cOff, n, true);
        } else {
            // Narrow D: Cᵀ[n×k] = Dᵀ·X with vectors along k, then added to C transposed.
            float[] ap = a;
            int apOff = aOff;
            int stride = k;
            if (k % L != 0) {
                stride = roundUp(k);
                ap = pad(a, aOff, m, k, stride);
                apOff = 0;
            }
            if (result.length < n * stride) {
                result = new float[n * stride];
            }
            float[] t = result;
            axpy(b, bOff, 1, n, n, m, ap, apOff, stride, k, t, 0, stride, false);
            for (int j = 0; j < n; j++) {
                int tj = j * stride;
                int cj = cOff + j;
                for (int p = 0; p < k; p++) {
                    c[cj + p * n] += t[tj + p];
                }
            }
        }
    }

    /**
     * The exact-sum weight gradient (see {@link Gemm}): the axpy tile in doubles. B (dZ, the
     * smaller operand) is widened once into zero-padded scratch; A's multipliers are widened as
     * they are broadcast; products are exact and each output adds them in sample order starting
     * from C, partial tiles included, so the bits equal the scalar reference's.
     */
    @Override
    public void mulTransAAdd(float[] a, int aOff, float[] b, int bOff, double[] c, int cOff, int m, int k, int n) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        int stride = (n + LD - 1) / LD * LD;
        // One tile of slack: the right-edge tile of the last row loads whole vectors past it.
        if (widened.length < m * stride + NV * LD) {
            widened = new double[m * stride + NV * LD];
        }
        double[] bd = widened;
        for (int i = 0; i < m; i++) {
            int src = bOff + i * n;
            int dst = i * stride;
            for (int j = 0; j < n; j++) {
                bd[dst + j] = b[src + j];
            }
            Arrays.fill(bd, dst + n, dst + stride, 0d);
        }
        // Rows of C are columns of A: the row stride of the scalars is 1, the step stride k.
        int chunk = Math.max(MR, MAX_LISTED_STEPS / m * MR);
        for (int r = 0; r < k; r += chunk) {
            exactRows(a, aOff + r, k, Math.min(chunk, k - r), m, bd, stride, n, c, cOff + r * n);
        }
    }

    /** {@link #axpyRows} for {@code rows} rows of C (scalar row stride 1, step stride {@code ass}), in doubles. */
    private void exactRows(float[] a, int aOff, int ass, int rows, int steps, double[] b, int bStride, int cols,
                           double[] c, int cOff) {
        int blocks = (rows + MR - 1) / MR;
        int[] idx = null;
        if (SKIP_ZEROS && mostlyZero(a, aOff, 1, ass, rows, steps)) {
            idx = nonZeroSteps(a, aOff, 1, ass, rows, steps);
        }
        int stepsPerBlock = steps;
        int[] counts = blockCounts;
        if (idx == null) {
            idx = identity(steps);
            stepsPerBlock = 0;
            counts = null;
        }
        int cStride = cols;
        for (int j = 0; j < cols; j += NV * LD) {
            int width = Math.min(NV * LD, cols - j);
            for (int blk = 0; blk < blocks; blk++) {
                int r0 = blk * MR;
                int live = Math.min(MR, rows - r0);
                int a0 = aOff + r0;
                int a1 = aOff + r0 + Math.min(1, live - 1);
                int a2 = aOff + r0 + Math.min(2, live - 1);
                int a3 = aOff + r0 + Math.min(3, live - 1);
                int base = blk * stepsPerBlock;
                int count = counts == null ? steps : counts[blk];
                int co = cOff + r0 * cStride + j;
                exact4x4(a, a0, a1, a2, a3, ass, idx, base, count, b, j, bStride, c, co, cStride, live, width);
            }
        }
    }

    // Same shape as axpy4x4 (and the same reason for its many parameters: vectors stay in locals).
    private void exact4x4(float[] a, int a0, int a1, int a2, int a3, int ass, int[] idx, int base, int count,
                          double[] b, int bo, int bStride, double[] c, int co, int cStride, int live, int width) {
        boolean full = live == MR && width == NV * LD;
        double[] t = c;
        int to = co;
        int ts = cStride;
        if (!full) {
            // Partial tile: start from C's values (zero-padded) so the order stays C + Σ in sample order.
            t = dtile;
            to = 0;
            ts = NV * LD;
            Arrays.fill(dtile, 0d);
            for (int r = 0; r < live; r++) {
                System.arraycopy(c, co + r * cStride, dtile, r * ts, width);
            }
        }
        int r1 = to + ts, r2 = r1 + ts, r3 = r2 + ts;
        DoubleVector c00 = DoubleVector.fromArray(SD, t, to), c01 = DoubleVector.fromArray(SD, t, to + LD),
                c02 = DoubleVector.fromArray(SD, t, to + 2 * LD), c03 = DoubleVector.fromArray(SD, t, to + 3 * LD);
        DoubleVector c10 = DoubleVector.fromArray(SD, t, r1), c11 = DoubleVector.fromArray(SD, t, r1 + LD),
                c12 = DoubleVector.fromArray(SD, t, r1 + 2 * LD), c13 = DoubleVector.fromArray(SD, t, r1 + 3 * LD);
        DoubleVector c20 = DoubleVector.fromArray(SD, t, r2), c21 = DoubleVector.fromArray(SD, t, r2 + LD),
                c22 = DoubleVector.fromArray(SD, t, r2 + 2 * LD), c23 = DoubleVector.fromArray(SD, t, r2 + 3 * LD);
        DoubleVector c30 = DoubleVector.fromArray(SD, t, r3), c31 = DoubleVector.fromArray(SD, t, r3 + LD),
                c32 = DoubleVector.fromArray(SD, t, r3 + 2 * LD), c33 = DoubleVector.fromArray(SD, t, r3 + 3 * LD);
        // Columns past the padded B row (width < NV·LD at the right edge) read the next B row or
        // the scratch's slack: valid memory, never copied back to C.
        for (int q = base, end = base + count; q < end; q++) {
            int s = idx[q];
            int ao = s * ass;
            int bs = bo + s * bStride;
            DoubleVector b0 = DoubleVector.fromArray(SD, b, bs);
            DoubleVector b1 = DoubleVector.fromArray(SD, b, bs + LD);
            DoubleVector b2 = DoubleVector.fromArray(SD, b, bs + 2 * LD);
            DoubleVector b3 = DoubleVector.fromArray(SD, b, bs + 3 * LD);
            DoubleVector x = DoubleVector.broadcast(SD, a[a0 + ao]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = DoubleVector.broadcast(SD, a[a1 + ao]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = DoubleVector.broadcast(SD, a[a2 + ao]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = DoubleVector.broadcast(SD, a[a3 + ao]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
        }
        c00.intoArray(t, to);
        c01.intoArray(t, to + LD);
        c02.intoArray(t, to + 2 * LD);
        c03.intoArray(t, to + 3 * LD);
        c10.intoArray(t, r1);
        c11.intoArray(t, r1 + LD);
        c12.intoArray(t, r1 + 2 * LD);
        c13.intoArray(t, r1 + 3 * LD);
        c20.intoArray(t, r2);
        c21.intoArray(t, r2 + LD);
        c22.intoArray(t, r2 + 2 * LD);
        c23.intoArray(t, r2 + 3 * LD);
        c30.intoArray(t, r3);
        c31.intoArray(t, r3 + LD);
        c32.intoArray(t, r3 + 2 * LD);
        c33.intoArray(t, r3 + 3 * LD);
        if (!full) {
            for (int r = 0; r < live; r++) {
                System.arraycopy(dtile, r * ts, c, co + r * cStride, width);
            }
        }
    }

    @Override
    public void mulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
        if (m == 0 || k == 0) {
            return;
        }
        if (n == 0) {
            Arrays.fill(c, cOff, cOff + m * k, 0f);
            return;
        }
        if (laneUse(n) >= MIN_LANE_USE && m < TRANSPOSE_MIN_ROWS) {
            dot(a, aOff, n, m, b, bOff, n, k, n, c, cOff, k);
        } else {
            // Large batch, or narrow inner dimension (dZ of the output layer): transpose W into
            // scratch (n×k) and run the axpy tile with vectors along k.
            int stride = roundUp(k);
            float[] bt = transpose(b, bOff, k, n, stride);
            axpy(a, aOff, n, 1, m, n, bt, 0, stride, k, c, cOff, k, false);
        }
    }

    // ---------------------------------------------------------------- axpy tiles

    /**
     * {@code out[r][j] (+)= Σ_s A(r,s)·B[s][j]} for {@code r < rows, j < cols}, where
     * {@code A(r,s) = a[aOff + r·ars + s·ass]}, {@code B[s][j] = b[bOff + s·bStride + j]} and
     * {@code out[r][j] = c[cOff + r·cStride + j]}. Every full vector of a B row up to
     * {@code roundUp(cols)} must be inside {@code b}.
     */
    private void axpy(float[] a, int aOff, int ars, int ass, int rows, int steps,
                      float[] b, int bOff, int bStride, int cols,
                      float[] c, int cOff, int cStride, boolean add) {
        // Bounds the step lists of zero-skipping (rows/4 × steps ints) on huge calls.
        int chunk = Math.max(MR, MAX_LISTED_STEPS / Math.max(1, steps) * MR);
        for (int r = 0; r < rows; r += chunk) {
            axpyRows(a, aOff + r * ars, ars, ass, Math.min(chunk, rows - r), steps, b, bOff, bStride, cols,
                    c, cOff + r * cStride, cStride, add);
        }
    }

    private void axpyRows(float[] a, int aOff, int ars, int ass, int rows, int steps,
                          float[] b, int bOff, int bStride, int cols,
                          float[] c, int cOff, int cStride, boolean add) {
        int blocks = (rows + MR - 1) / MR;
        // The steps each row block runs: all of them, or (for a sparse A such as MNIST pixels)
        // only those where one of the block's 4 multipliers is non-zero. A branch inside the
        // vector loop would cost more than it saves (and makes C2 box the accumulators).
        int[] idx = null;
        if (SKIP_ZEROS && mostlyZero(a, aOff, ars, ass, rows, steps)) {
            idx = nonZeroSteps(a, aOff, ars, ass, rows, steps);
        }
        int stepsPerBlock = steps;
        int[] counts = blockCounts;
        if (idx == null) {
            idx = identity(steps);
            stepsPerBlock = 0;
            counts = null;
        }
        int vectors = (cols + L - 1) / L;
        for (int v0 = 0; v0 < vectors; v0 += NV) {
            int j = v0 * L;
            int width = Math.min(NV * L, cols - j);
            for (int blk = 0; blk < blocks; blk++) {
                int r0 = blk * MR;
                int live = Math.min(MR, rows - r0);
                // Rows past the end repeat the last row (valid memory) and are not stored.
                int a0 = aOff + r0 * ars;
                int a1 = aOff + (r0 + Math.min(1, live - 1)) * ars;
                int a2 = aOff + (r0 + Math.min(2, live - 1)) * ars;
                int a3 = aOff + (r0 + Math.min(3, live - 1)) * ars;
                int base = blk * stepsPerBlock;
                int count = counts == null ? steps : counts[blk];
                int co = cOff + r0 * cStride + j;
                if (width > (NV - 1) * L) {
                    axpy4x4(a, a0, a1, a2, a3, ass, idx, base, count, b, bOff + j, bStride, c, co, cStride, live,
                            width, add);
                } else {
                    for (int v = 0; v * L < width; v++) {
                        axpy4x1(a, a0, a1, a2, a3, ass, idx, base, count, b, bOff + j + v * L, bStride,
                                c, co + v * L, cStride, live, Math.min(L, width - v * L), add);
                    }
                }
            }
        }
    }

    /** {@code 0, 1, …, steps-1} (cached). */
    private int[] identity(int steps) {
        if (identity.length < steps) {
            identity = new int[Math.max(steps, 2 * identity.length)];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = i;
            }
        }
        return identity;
    }

    /**
     * Samples A: true when at least a quarter of the (row block, step) pairs look all-zero, so
     * listing the non-zero steps may pay (MNIST pixels: ≈50–70%; dense or relu'd layers: ≈0–10%).
     */
    private static boolean mostlyZero(float[] a, int aOff, int ars, int ass, int rows, int steps) {
        int blocks = (rows + MR - 1) / MR;
        int samples = (int) Math.min(128, (long) blocks * steps);
        int zero = 0;
        for (int t = 0; t < samples; t++) {
            int r0 = (int) ((t * 7919L) % blocks) * MR;
            int s = (int) ((t * 104_729L + t / blocks) % steps);
            int bits = 0;
            for (int r = r0; r < Math.min(rows, r0 + MR); r++) {
                bits |= Float.floatToRawIntBits(a[aOff + r * ars + s * ass]);
            }
            zero += (bits & 0x7fff_ffff) == 0 ? 1 : 0;
        }
        return 4 * zero >= samples;
    }

    /**
     * Lists, per block of 4 rows, the steps where one of the block's multipliers is non-zero
     * (block b's list starts at {@code b·steps}, its length in {@link #blockCounts}); null when
     * that would skip too little to pay for the indirection.
     */
    private int[] nonZeroSteps(float[] a, int aOff, int ars, int ass, int rows, int steps) {
        int blocks = (rows + MR - 1) / MR;
        if (stepLists.length < blocks * steps) {
            stepLists = new int[blocks * steps];
        }
        if (blockCounts.length < blocks) {
            blockCounts = new int[blocks];
        }
        int[] list = stepLists;
        long kept = 0;
        for (int blk = 0; blk < blocks; blk++) {
            int r0 = blk * MR;
            int live = Math.min(MR, rows - r0);
            int a0 = aOff + r0 * ars;
            int a1 = aOff + (r0 + Math.min(1, live - 1)) * ars;
            int a2 = aOff + (r0 + Math.min(2, live - 1)) * ars;
            int a3 = aOff + (r0 + Math.min(3, live - 1)) * ars;
            int n = blk * steps;
            for (int s = 0, ao = 0; s < steps; s++, ao += ass) {
                int bits = Float.floatToRawIntBits(a[a0 + ao]) | Float.floatToRawIntBits(a[a1 + ao])
                        | Float.floatToRawIntBits(a[a2 + ao]) | Float.floatToRawIntBits(a[a3 + ao]);
                list[n] = s;
                n += (bits & 0x7fff_ffff) != 0 ? 1 : 0;
            }
            blockCounts[blk] = n - blk * steps;
            kept += n - blk * steps;
        }
        return kept <= MAX_KEPT * blocks * steps ? list : null;
    }

    // The tiles keep every vector in locals of one method: a FloatVector passed to a method
    // that is not inlined is boxed, and after a deoptimization C2 may box inside the loop.

    private void axpy4x4(float[] a, int a0, int a1, int a2, int a3, int ass, int[] idx, int base, int count,
                         float[] b, int bo, int bStride, float[] c, int co, int cStride,
                         int live, int width, boolean add) {
        boolean full = live == MR && width == NV * L;
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (full && add) {
            int r1 = co + cStride, r2 = r1 + cStride, r3 = r2 + cStride;
            c00 = FloatVector.fromArray(S, c, co);
            c01 = FloatVector.fromArray(S, c, co + L);
            c02 = FloatVector.fromArray(S, c, co + 2 * L);
            c03 = FloatVector.fromArray(S, c, co + 3 * L);
            c10 = FloatVector.fromArray(S, c, r1);
            c11 = FloatVector.fromArray(S, c, r1 + L);
            c12 = FloatVector.fromArray(S, c, r1 + 2 * L);
            c13 = FloatVector.fromArray(S, c, r1 + 3 * L);
            c20 = FloatVector.fromArray(S, c, r2);
            c21 = FloatVector.fromArray(S, c, r2 + L);
            c22 = FloatVector.fromArray(S, c, r2 + 2 * L);
            c23 = FloatVector.fromArray(S, c, r2 + 3 * L);
            c30 = FloatVector.fromArray(S, c, r3);
            c31 = FloatVector.fromArray(S, c, r3 + L);
            c32 = FloatVector.fromArray(S, c, r3 + 2 * L);
            c33 = FloatVector.fromArray(S, c, r3 + 3 * L);
        } else {
            c00 = FloatVector.zero(S);
            c01 = c00; c02 = c00; c03 = c00;
            c10 = c00; c11 = c00; c12 = c00; c13 = c00;
            c20 = c00; c21 = c00; c22 = c00; c23 = c00;
            c30 = c00; c31 = c00; c32 = c00; c33 = c00;
        }
        for (int t = base, end = base + count; t < end; t++) {
            int s = idx[t];
            int ao = s * ass;
            int bs = bo + s * bStride;
            FloatVector b0 = FloatVector.fromArray(S, b, bs);
            FloatVector b1 = FloatVector.fromArray(S, b, bs + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bs + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bs + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + ao]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(S, a[a1 + ao]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(S, a[a2 + ao]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(S, a[a3 + ao]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
        }
        int to = 0;
        int ts = NV * L;
        float[] t = c;
        if (full) {
            to = co;
            ts = cStride;
        } else {
            t = tile;
        }
        int r1 = to + ts, r2 = r1 + ts, r3 = r2 + ts;
        c00.intoArray(t, to);
        c01.intoArray(t, to + L);
        c02.intoArray(t, to + 2 * L);
        c03.intoArray(t, to + 3 * L);
        c10.intoArray(t, r1);
        c11.intoArray(t, r1 + L);
        c12.intoArray(t, r1 + 2 * L);
        c13.intoArray(t, r1 + 3 * L);
        c20.intoArray(t, r2);
        c21.intoArray(t, r2 + L);
        c22.intoArray(t, r2 + 2 * L);
        c23.intoArray(t, r2 + 3 * L);
        c30.intoArray(t, r3);
        c31.intoArray(t, r3 + L);
        c32.intoArray(t, r3 + 2 * L);
        c33.intoArray(t, r3 + 3 * L);
        if (!full) {
            copyTile(t, NV * L, c, co, cStride, live, width, add);
        }
    }

    private void axpy4x1(float[] a, int a0, int a1, int a2, int a3, int ass, int[] idx, int base, int count,
                         float[] b, int bo, int bStride, float[] c, int co, int cStride,
                         int live, int width, boolean add) {
        boolean full = live == MR && width == L;
        FloatVector c0, c1, c2, c3;
        if (full && add) {
            c0 = FloatVector.fromArray(S, c, co);
            c1 = FloatVector.fromArray(S, c, co + cStride);
            c2 = FloatVector.fromArray(S, c, co + 2 * cStride);
            c3 = FloatVector.fromArray(S, c, co + 3 * cStride);
        } else {
            c0 = FloatVector.zero(S);
            c1 = c0; c2 = c0; c3 = c0;
        }
        for (int t = base, end = base + count; t < end; t++) {
            int s = idx[t];
            int ao = s * ass;
            FloatVector bv = FloatVector.fromArray(S, b, bo + s * bStride);
            c0 = bv.fma(FloatVector.broadcast(S, a[a0 + ao]), c0);
            c1 = bv.fma(FloatVector.broadcast(S, a[a1 + ao]), c1);
            c2 = bv.fma(FloatVector.broadcast(S, a[a2 + ao]), c2);
            c3 = bv.fma(FloatVector.broadcast(S, a[a3 + ao]), c3);
        }
        int to = 0;
        int ts = L;
        float[] t = c;
        if (full) {
            to = co;
            ts = cStride;
        } else {
            t = tile;
        }
        c0.intoArray(t, to);
        c1.intoArray(t, to + ts);
        c2.intoArray(t, to + 2 * ts);
        c3.intoArray(t, to + 3 * ts);
        if (!full) {
            copyTile(t, L, c, co, cStride, live, width, add);
        }
    }

    /** Stores (or adds) the top-left {@code live × width} of a tile buffer with row stride {@code ts}. */
    private static void copyTile(float[] t, int ts, float[] c, int co, int cStride, int live, int width,
                                 boolean add) {
        for (int r = 0; r < live; r++) {
            int src = r * ts;
            int dst = co + r * cStride;
            if (add) {
                for (int j = 0; j < width; j++) {
                    c[dst + j] += t[src + j];
                }
            } else {
                System.arraycopy(t, src, c, dst, width);
            }
        }
    }

    // ---------------------------------------------------------------- dot tiles

    /**
     * {@code out[i][p] = Σ_{j<len} a[aOff + i·aStride + j]·b[bOff + p·bStride + j]} for
     * {@code i < rows, p < cols}, {@code out[i][p] = c[cOff + i·cStride + p]}.
     */
    private void dot(float[] a, int aOff, int aStride, int rows, float[] b, int bOff, int bStride, int cols,
                     int len, float[] c, int cOff, int cStride) {
        int vlen = len - len % L;
        // A chunk of rows of A (DOT_CHUNK_FLOATS) stays in L1 while every B tile streams past it.
        int chunk = Math.max(MR, DOT_CHUNK_FLOATS / Math.max(1, len) / MR * MR);
        for (int ic = 0; ic < rows; ic += chunk) {
            int iEnd = Math.min(rows, ic + chunk);
            for (int p0 = 0; p0 < cols; p0 += MR) {
                int liveP = Math.min(MR, cols - p0);
                int b0 = bOff + p0 * bStride;
                int b1 = bOff + (p0 + Math.min(1, liveP - 1)) * bStride;
                int b2 = bOff + (p0 + Math.min(2, liveP - 1)) * bStride;
                int b3 = bOff + (p0 + Math.min(3, liveP - 1)) * bStride;
                for (int i0 = ic; i0 < iEnd; i0 += MR) {
                    int liveI = Math.min(MR, rows - i0);
                    int a0 = aOff + i0 * aStride;
                    int a1 = aOff + (i0 + Math.min(1, liveI - 1)) * aStride;
                    int a2 = aOff + (i0 + Math.min(2, liveI - 1)) * aStride;
                    int a3 = aOff + (i0 + Math.min(3, liveI - 1)) * aStride;
                    float[] sums = this.sums;
                    dot4x4(a, a0, a1, a2, a3, b, b0, b1, b2, b3, vlen, sums);
                    if (vlen < len) {
                        dotTail(a, a0, a1, a2, a3, b, b0, b1, b2, b3, vlen, len, sums);
                    }
                    int co = cOff + i0 * cStride + p0;
                    for (int r = 0; r < liveI; r++) {
                        for (int q = 0; q < liveP; q++) {
                            c[co + r * cStride + q] = sums[SLOT[r * MR + q]];
                        }
                    }
                }
            }
        }
    }

    /** The 16 dot products of a 4×4 tile over the first {@code vlen} (a multiple of L) entries. */
    private static void dot4x4(float[] a, int a0, int a1, int a2, int a3,
                               float[] b, int b0, int b1, int b2, int b3, int vlen, float[] sums) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int j = 0; j < vlen; j += L) {
            FloatVector y0 = FloatVector.fromArray(S, b, b0 + j);
            FloatVector y1 = FloatVector.fromArray(S, b, b1 + j);
            FloatVector y2 = FloatVector.fromArray(S, b, b2 + j);
            FloatVector y3 = FloatVector.fromArray(S, b, b3 + j);
            FloatVector x = FloatVector.fromArray(S, a, a0 + j);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            c02 = x.fma(y2, c02);
            c03 = x.fma(y3, c03);
            x = FloatVector.fromArray(S, a, a1 + j);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            c12 = x.fma(y2, c12);
            c13 = x.fma(y3, c13);
            x = FloatVector.fromArray(S, a, a2 + j);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            c22 = x.fma(y2, c22);
            c23 = x.fma(y3, c23);
            x = FloatVector.fromArray(S, a, a3 + j);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
            c32 = x.fma(y2, c32);
            c33 = x.fma(y3, c33);
        }
        if (TREE) {
            // Transposing reduction: each level halves the lanes per accumulator and packs two
            // accumulators into one vector; after log2(L) levels every lane holds one total
            // (lane order: SLOT). 4 ops per pair instead of an ordered scalar chain each.
            // fold(x, y) = blend(x, y, U).add(blend(y, x, U).rearrange(SWAP)), written out: a
            // helper method taking vectors would not always be inlined, and then boxes them.
            VectorMask<Float> u1 = UPPER_A, u2 = UPPER_B, u3 = UPPER_C;
            VectorShuffle<Float> w1 = SWAP_A, w2 = SWAP_B, w3 = SWAP_C;
            FloatVector f0, f1, f2, f3, f4, f5, f6, f7;
            f0 = c00.blend(c01, u1).add(c01.blend(c00, u1).rearrange(w1));
            f1 = c02.blend(c03, u1).add(c03.blend(c02, u1).rearrange(w1));
            f2 = c10.blend(c11, u1).add(c11.blend(c10, u1).rearrange(w1));
            f3 = c12.blend(c13, u1).add(c13.blend(c12, u1).rearrange(w1));
            f4 = c20.blend(c21, u1).add(c21.blend(c20, u1).rearrange(w1));
            f5 = c22.blend(c23, u1).add(c23.blend(c22, u1).rearrange(w1));
            f6 = c30.blend(c31, u1).add(c31.blend(c30, u1).rearrange(w1));
            f7 = c32.blend(c33, u1).add(c33.blend(c32, u1).rearrange(w1));
            f0 = f0.blend(f1, u2).add(f1.blend(f0, u2).rearrange(w2));
            f2 = f2.blend(f3, u2).add(f3.blend(f2, u2).rearrange(w2));
            f4 = f4.blend(f5, u2).add(f5.blend(f4, u2).rearrange(w2));
            f6 = f6.blend(f7, u2).add(f7.blend(f6, u2).rearrange(w2));
            f0 = f0.blend(f2, u3).add(f2.blend(f0, u3).rearrange(w3));
            f4 = f4.blend(f6, u3).add(f6.blend(f4, u3).rearrange(w3));
            if (L == 16) {
                VectorMask<Float> u4 = UPPER_D;
                VectorShuffle<Float> w4 = SWAP_D;
                f0 = f0.blend(f4, u4).add(f4.blend(f0, u4).rearrange(w4));
                f0.intoArray(sums, 0);
            } else {
                f0.intoArray(sums, 0);
                f4.intoArray(sums, L);
            }
        } else {
            sums[0] = c00.reduceLanes(VectorOperators.ADD);
            sums[1] = c01.reduceLanes(VectorOperators.ADD);
            sums[2] = c02.reduceLanes(VectorOperators.ADD);
            sums[3] = c03.reduceLanes(VectorOperators.ADD);
            sums[4] = c10.reduceLanes(VectorOperators.ADD);
            sums[5] = c11.reduceLanes(VectorOperators.ADD);
            sums[6] = c12.reduceLanes(VectorOperators.ADD);
            sums[7] = c13.reduceLanes(VectorOperators.ADD);
            sums[8] = c20.reduceLanes(VectorOperators.ADD);
            sums[9] = c21.reduceLanes(VectorOperators.ADD);
            sums[10] = c22.reduceLanes(VectorOperators.ADD);
            sums[11] = c23.reduceLanes(VectorOperators.ADD);
            sums[12] = c30.reduceLanes(VectorOperators.ADD);
            sums[13] = c31.reduceLanes(VectorOperators.ADD);
            sums[14] = c32.reduceLanes(VectorOperators.ADD);
            sums[15] = c33.reduceLanes(VectorOperators.ADD);
        }
    }

    /** Adds entries {@code [from, len)} of the 16 dot products, scalar. */
    private static void dotTail(float[] a, int a0, int a1, int a2, int a3,
                                float[] b, int b0, int b1, int b2, int b3, int from, int len, float[] sums) {
        int[] as = {a0, a1, a2, a3};
        int[] bs = {b0, b1, b2, b3};
        for (int r = 0; r < MR; r++) {
            for (int q = 0; q < MR; q++) {
                int slot = SLOT[r * MR + q];
                float s = sums[slot];
                for (int j = from; j < len; j++) {
                    s += a[as[r] + j] * b[bs[q] + j];
                }
                sums[slot] = s;
            }
        }
    }

    // ---------------------------------------------------------------- packing

    private float[] scratch(int size) {
        if (packed.length < size) {
            packed = new float[size];
        }
        return packed;
    }

    /** Copies {@code rows × cols} at {@code src[off]} into scratch with row stride {@code stride}, zero-padded. */
    private float[] pad(float[] src, int off, int rows, int cols, int stride) {
        float[] dst = scratch(rows * stride);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, off + r * cols, dst, r * stride, cols);
            Arrays.fill(dst, r * stride + cols, (r + 1) * stride, 0f);
        }
        return dst;
    }

    /**
     * Transposes {@code rows × cols} at {@code src[off]} into scratch as {@code cols × rows} with
     * row stride {@code stride ≥ rows}, zero-padded.
     */
    private float[] transpose(float[] src, int off, int rows, int cols, int stride) {
        float[] dst = scratch(cols * stride);
        final int block = 16;
        if (cols <= block) {
            // Narrow (a 10-wide output layer): one strided read pass per output row is faster.
            for (int j = 0; j < cols; j++) {
                int d = j * stride;
                for (int r = 0, o = off + j; r < rows; r++, o += cols) {
                    dst[d + r] = src[o];
                }
            }
        } else {
            for (int r0 = 0; r0 < rows; r0 += block) {
                int r1 = Math.min(rows, r0 + block);
                for (int c0 = 0; c0 < cols; c0 += block) {
                    int c1 = Math.min(cols, c0 + block);
                    for (int r = r0; r < r1; r++) {
                        int s = off + r * cols;
                        for (int j = c0; j < c1; j++) {
                            dst[j * stride + r] = src[s + j];
                        }
                    }
                }
            }
        }
        if (stride > rows) {
            for (int j = 0; j < cols; j++) {
                Arrays.fill(dst, j * stride + rows, (j + 1) * stride, 0f);
            }
        }
        return dst;
    }

    /** Runs dot4x4 on unit rows of A and coded rows of B to find where each sum lands. */
    private static int[] slots() {
        if (!TREE) {
            int[] slot = new int[MR * MR];
            Arrays.setAll(slot, i -> i);
            return slot;
        }
        float[] a = new float[MR * L];
        float[] b = new float[MR * L];
        for (int r = 0; r < MR; r++) {
            a[r * L + r] = 1f;
            for (int j = 0; j < L; j++) {
                b[r * L + j] = j * MR + r + 1;
            }
        }
        float[] sums = new float[MR * MR];
        dot4x4(a, 0, L, 2 * L, 3 * L, b, 0, L, 2 * L, 3 * L, L, sums);
        int[] slot = new int[MR * MR];
        Arrays.fill(slot, -1);
        for (int pos = 0; pos < sums.length; pos++) {
            int idx = Math.round(sums[pos]) - 1;
            if (idx < 0 || idx >= slot.length || slot[idx] != -1) {
                throw new IllegalStateException("dot reduction order is not a permutation: " + Arrays.toString(sums));
            }
            slot[idx] = pos;
        }
        return slot;
    }

    private static VectorMask<Float> upper(int h) {
        boolean[] bits = new boolean[L];
        for (int i = 0; i < L; i++) {
            bits[i] = h > 0 && (i / h) % 2 == 1;
        }
        return VectorMask.fromArray(S, bits, 0);
    }

    private static VectorShuffle<Float> swap(int h) {
        return VectorShuffle.fromOp(S, i -> h > 0 ? i ^ h : i);
    }

    private static int roundUp(int n) {
        return (n + L - 1) / L * L;
    }

    /** Fraction of the lanes of {@code ceil(n / L)} vectors that hold data. */
    private static double laneUse(int n) {
        return (double) n / roundUp(n);
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String toString() {
        return "vector (FloatVector " + S.vectorBitSize() + "-bit)";
    }
}
