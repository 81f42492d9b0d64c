package io.dpnet.plan;

/** Made-up constants for the model's arithmetic tests: round numbers whose effects are easy to follow. */
final class PlanFixtures {
    /** The real step's own job cost beyond the bare job: 2 ms, once per job. */
    static final double REAL_STEP_EXTRA = 2e-3;

    private PlanFixtures() {
    }

    static Measured m(double v) {
        return Measured.exact(v);
    }

    /** Math: 10 µs per sample at every chunk size; everything else as named, seconds and seconds per byte. */
    static CostConstants constants(boolean inProcess, double perTask, double perResultByte, double treeLevel) {
        SparkCosts spark = new SparkCosts(m(5e-3), m(perTask), m(1e-3), m(1e-9), m(2e-10), m(perResultByte),
                m(treeLevel), m(1e-10), m(3e-10), m(REAL_STEP_EXTRA));
        MathCost math = new MathCost(new int[] {8, 256}, new Measured[] {m(10e-6), m(10e-6)}, 256);
        ComputeCosts compute = new ComputeCosts(math, m(50e-9), m(200e-9), m(4e-9));
        return new CostConstants(new Where("local[2]", inProcess, 2, 1, 0.5), spark, compute);
    }

    /** A large fixed cost per job, cheap tasks and bytes: steps that are mostly overhead. */
    static CostConstants overheadBound() {
        SparkCosts spark = new SparkCosts(m(50e-3), m(0.1e-3), m(1e-3), m(1e-10), m(1e-11), m(1e-10), m(1e-3),
                m(1e-11), m(1e-11), m(REAL_STEP_EXTRA));
        MathCost math = new MathCost(new int[] {8, 256}, new Measured[] {m(10e-6), m(10e-6)}, 256);
        ComputeCosts compute = new ComputeCosts(math, m(50e-9), m(200e-9), m(4e-9));
        return new CostConstants(new Where("local[2]", true, 2, 1, 0.5), spark, compute);
    }

    /** {@code c} with the real step's own cost set to {@code seconds} (0: not measured). */
    static CostConstants withRealStepExtra(CostConstants c, double seconds) {
        SparkCosts s = c.spark();
        return new CostConstants(c.where(), new SparkCosts(s.jobBase(), s.jobPerTask(), s.jobPerWave(),
                s.broadcastPerByte(), s.resultPerByteOnce(), s.resultPerBytePerResult(), s.treeLevel(),
                s.shufflePerByte(), s.deserializePerByte(), m(seconds)), c.compute());
    }

    static CostConstants constants() {
        return constants(true, 0.5e-3, 1e-9, 4e-3);
    }

    /** conf/mnist.properties' shape: 269,322 parameters, batch 1024, 60,000 samples, depth 2, LAMB. */
    static Workload mnist() {
        return new Workload(269_322, 1024, 60_000, 2, 2);
    }
}
