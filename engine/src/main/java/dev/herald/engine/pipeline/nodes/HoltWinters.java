package dev.herald.engine.pipeline.nodes;

/**
 * InfluxDB's Holt-Winters forecast (the damped method; initial level, trend and seasonals fitted by minimising the
 * sum of squared errors with a Nelder-Mead simplex from a grid of starting guesses), computed in the same order of
 * floating-point operations as InfluxDB (including its integer power by repeated squaring) so that results are the
 * same to the last bit.
 */
final class HoltWinters {
    private static final double WEIGHT = 0.5;
    private static final double EPSILON = 1.0e-4;
    private static final double GUESS_LOWER = 0.3;
    private static final double GUESS_UPPER = 1.0;
    private static final double GUESS_STEP = 0.4;

    private final int h;
    private final int m;
    private final boolean seasonal;
    private final boolean includeFitData;
    private final long interval;
    private final long halfInterval;
    private final java.util.List<long[]> times = new java.util.ArrayList<>();
    private final java.util.List<Double> values = new java.util.ArrayList<>();
    private double[] y;

    HoltWinters(int h, int m, boolean includeFitData, long intervalNanos) {
        this.h = h;
        this.m = m;
        this.seasonal = m >= 2;
        this.includeFitData = includeFitData;
        this.interval = intervalNanos;
        this.halfInterval = intervalNanos / 2;
    }

    void add(long time, double value) {
        times.add(new long[] {time});
        values.add(value);
    }

    private long roundTime(long t) {
        long remainder = t % interval;
        if (remainder > halfInterval) {
            return (t / interval + 1) * interval;
        }
        return (t / interval) * interval;
    }

    /** The forecast (and fitted) points: times[i], values[i]. */
    record Result(long[] times, double[] values) {
    }

    Result emit() {
        int n = values.size();
        if (n < 2 || seasonal && n < m || h <= 0) {
            return null;
        }
        long start = roundTime(times.get(0)[0]);
        long stop = roundTime(times.get(n - 1)[0]);
        if ((stop - start) / interval <= 0) {
            return null;
        }
        java.util.List<Double> ys = new java.util.ArrayList<>();
        ys.add(values.get(0));
        long t = start;
        for (int i = 1; i < n; i++) {
            long rounded = roundTime(times.get(i)[0]);
            if (rounded <= t) {
                continue; // one value per time bucket
            }
            t += interval;
            while (rounded != t) {
                ys.add(Double.NaN);
                t += interval;
            }
            ys.add(values.get(i));
        }
        y = new double[ys.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = ys.get(i);
        }
        double l0 = 0.0;
        if (seasonal) {
            for (int i = 0; i < m; i++) {
                if (!Double.isNaN(y[i])) {
                    l0 += (1 / (double) m) * y[i];
                }
            }
        } else {
            l0 += WEIGHT * y[0];
        }
        double b0 = 0.0;
        if (seasonal) {
            for (int i = 0; i < m && m + i < y.length; i++) {
                if (!Double.isNaN(y[i]) && !Double.isNaN(y[m + i])) {
                    b0 += 1 / (double) (m * m) * (y[m + i] - y[i]);
                }
            }
        } else if (!Double.isNaN(y[1])) {
            b0 = WEIGHT * (y[1] - y[0]);
        }
        double[] s = new double[seasonal ? m : 0];
        for (int i = 0; i < s.length; i++) {
            s[i] = Double.isNaN(y[i]) ? 0 : y[i] / l0;
        }
        double[] parameters = new double[6 + s.length];
        parameters[4] = l0;
        parameters[5] = b0;
        System.arraycopy(s, 0, parameters, 6, s.length);
        double minSse = Double.POSITIVE_INFINITY;
        double[] best = null;
        for (double alpha = GUESS_LOWER; alpha < GUESS_UPPER; alpha += GUESS_STEP) {
            for (double beta = GUESS_LOWER; beta < GUESS_UPPER; beta += GUESS_STEP) {
                for (double gamma = GUESS_LOWER; gamma < GUESS_UPPER; gamma += GUESS_STEP) {
                    for (double phi = GUESS_LOWER; phi < GUESS_UPPER; phi += GUESS_STEP) {
                        parameters[0] = alpha;
                        parameters[1] = beta;
                        parameters[2] = gamma;
                        parameters[3] = phi;
                        double[] params = new double[parameters.length];
                        double sse = NelderMead.minimise(this::sse, parameters, EPSILON, 1, params);
                        if (sse < minSse || best == null) {
                            minSse = sse;
                            best = params;
                        }
                    }
                }
            }
        }
        double[] forecasted = forecast(h, best);
        java.util.List<long[]> outTimes = new java.util.ArrayList<>();
        java.util.List<Double> outValues = new java.util.ArrayList<>();
        if (includeFitData) {
            long first = times.get(0)[0];
            for (int i = 0; i < forecasted.length; i++) {
                if (!Double.isNaN(forecasted[i])) {
                    outTimes.add(new long[] {first + interval * i});
                    outValues.add(forecasted[i]);
                }
            }
        } else {
            long last = times.get(n - 1)[0];
            for (int i = y.length; i < forecasted.length; i++) {
                if (!Double.isNaN(forecasted[i])) {
                    outTimes.add(new long[] {last + interval * (i - y.length + 1)});
                    outValues.add(forecasted[i]);
                }
            }
        }
        long[] ts = new long[outTimes.size()];
        double[] vs = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = outTimes.get(i)[0];
            vs[i] = outValues.get(i);
        }
        return new Result(ts, vs);
    }

    /** Forecasts h values past the data; params are constrained in place (as InfluxDB does). */
    private double[] forecast(int horizon, double[] params) {
        constrain(params);
        double yT = y[0];
        double phi = params[3];
        double phiH = phi;
        double lT = params[4];
        double bT = params[5];
        int seasons = 0;
        int so = 0;
        if (seasonal) {
            seasons = params.length - 6;
            if (seasons == 1) {
                params[6] = 1;
            }
            so = seasons - 1;
        }
        double[] forecasted = new double[y.length + horizon];
        forecasted[0] = yT;
        double stm = 1.0;
        double stmh = 1.0;
        for (int t = 1; t < y.length + horizon; t++) {
            if (seasonal) {
                int hm = t % seasons;
                stm = params[6 + (t - seasons + so) % seasons];
                stmh = params[6 + (t - seasons + hm + so) % seasons];
            }
            double alpha = params[0];
            double beta = params[1];
            double gamma = params[2];
            double lTp = lT;
            double bTp = bT;
            lT = alpha * (yT / stm) + (1 - alpha) * (lTp + phi * bTp);
            bT = beta * (lT - lTp) + (1 - beta) * phi * bTp;
            double sT = gamma * (yT / (lTp + phi * bTp)) + (1 - gamma) * stm;
            yT = (lT + phiH * bT) * stmh;
            phiH += goPow(phi, t);
            if (seasonal) {
                params[6 + (t + so) % seasons] = sT;
                so++;
            }
            forecasted[t] = yT;
        }
        return forecasted;
    }

    private double sse(double[] params) {
        double sse = 0.0;
        double[] forecasted = forecast(0, params);
        for (int i = 0; i < forecasted.length; i++) {
            if (!Double.isNaN(y[i])) {
                if (Double.isNaN(forecasted[i])) {
                    return Double.POSITIVE_INFINITY;
                }
                double diff = forecasted[i] - y[i];
                sse += diff * diff;
            }
        }
        return sse;
    }

    private static void constrain(double[] x) {
        for (int i = 0; i < 4; i++) {
            if (x[i] > 1) {
                x[i] = 1;
            }
            if (x[i] < 0) {
                x[i] = 0;
            }
        }
    }

    /**
     * Go's {@code math.Pow(x, n)} for a positive integer n: repeated squaring of the mantissa with the exponent kept
     * apart, which rounds differently from {@link Math#pow}.
     */
    static double goPow(double x, int n) {
        if (x == 1) {
            return 1;
        }
        if (n == 1) {
            return x;
        }
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == 0) {
            return (n & 1) == 1 ? x : 0.0;
        }
        if (Double.isInfinite(x)) {
            return x < 0 && (n & 1) == 0 ? Double.POSITIVE_INFINITY : x;
        }
        // frexp: x = x1 * 2^xe with |x1| in [0.5, 1)
        int xe;
        double x1;
        if (Math.getExponent(x) < Double.MIN_EXPONENT) {
            double scaled = x * 0x1p52;
            xe = Math.getExponent(scaled) + 1 - 52;
            x1 = Math.scalb(scaled, -(Math.getExponent(scaled) + 1));
        } else {
            xe = Math.getExponent(x) + 1;
            x1 = Math.scalb(x, -xe);
        }
        double a1 = 1.0;
        int ae = 0;
        for (long i = n; i != 0; i >>= 1) {
            if (xe < -(1 << 12) || (1 << 12) < xe) {
                ae += xe;
                break;
            }
            if ((i & 1) == 1) {
                a1 *= x1;
                ae += xe;
            }
            x1 *= x1;
            xe <<= 1;
            if (x1 < .5) {
                x1 += x1;
                xe--;
            }
        }
        return Math.scalb(a1, ae);
    }

    /** The Nelder-Mead simplex method as InfluxDB runs it (after M. F. Hutt's C implementation). */
    static final class NelderMead {
        private static final int MAX_ITERATIONS = 1000;
        private static final double ALPHA = 1.0;
        private static final double BETA = 0.5;
        private static final double GAMMA = 2.0;

        private NelderMead() {
        }

        /** Minimises f from start; the best vertex goes to out; returns f at it. f may change its argument. */
        static double minimise(java.util.function.ToDoubleFunction<double[]> f, double[] start, double epsilon,
                double scale, double[] out) {
            int n = start.length;
            double[][] v = new double[n + 1][n];
            double[] fv = new double[n + 1];
            double[] vr = new double[n];
            double[] ve = new double[n];
            double[] vc = new double[n];
            double[] vm = new double[n];
            double pn = scale * (Math.sqrt(n + 1) - 1 + n) / (n * Math.sqrt(2));
            double qn = scale * (Math.sqrt(n + 1) - 1) / (n * Math.sqrt(2));
            System.arraycopy(start, 0, v[0], 0, n);
            for (int i = 1; i <= n; i++) {
                for (int j = 0; j < n; j++) {
                    v[i][j] = (i - 1 == j ? pn : qn) + start[j];
                }
            }
            for (int j = 0; j <= n; j++) {
                fv[j] = f.applyAsDouble(v[j]);
            }
            for (int itr = 1; itr <= MAX_ITERATIONS; itr++) {
                int vg = 0;
                int vs = 0;
                for (int i = 0; i <= n; i++) {
                    if (fv[i] > fv[vg]) {
                        vg = i;
                    }
                    if (fv[i] < fv[vs]) {
                        vs = i;
                    }
                }
                int vh = vs;
                for (int i = 0; i <= n; i++) {
                    if (fv[i] > fv[vh] && fv[i] < fv[vg]) {
                        vh = i;
                    }
                }
                for (int i = 0; i < n; i++) {
                    double cent = 0.0;
                    for (int k = 0; k <= n; k++) {
                        if (k != vg) {
                            cent += v[k][i];
                        }
                    }
                    vm[i] = cent / n;
                }
                for (int i = 0; i < n; i++) {
                    vr[i] = vm[i] + ALPHA * (vm[i] - v[vg][i]);
                }
                double fr = f.applyAsDouble(vr);
                if (fr < fv[vh] && fr >= fv[vs]) {
                    System.arraycopy(vr, 0, v[vg], 0, n);
                    fv[vg] = fr;
                }
                if (fr < fv[vs]) {
                    for (int i = 0; i < n; i++) {
                        ve[i] = vm[i] + GAMMA * (vr[i] - vm[i]);
                    }
                    double fe = f.applyAsDouble(ve);
                    if (fe < fr) {
                        System.arraycopy(ve, 0, v[vg], 0, n);
                        fv[vg] = fe;
                    } else {
                        System.arraycopy(vr, 0, v[vg], 0, n);
                        fv[vg] = fr;
                    }
                }
                if (fr >= fv[vh]) {
                    if (fr < fv[vg] && fr >= fv[vh]) {
                        for (int i = 0; i < n; i++) {
                            vc[i] = vm[i] + BETA * (vr[i] - vm[i]);
                        }
                    } else {
                        for (int i = 0; i < n; i++) {
                            vc[i] = vm[i] - BETA * (vm[i] - v[vg][i]);
                        }
                    }
                    double fc = f.applyAsDouble(vc);
                    if (fc < fv[vg]) {
                        System.arraycopy(vc, 0, v[vg], 0, n);
                        fv[vg] = fc;
                    } else {
                        for (int row = 0; row <= n; row++) {
                            if (row != vs) {
                                for (int i = 0; i < n; i++) {
                                    v[row][i] = v[vs][i] + (v[row][i] - v[vs][i]) / 2.0;
                                }
                            }
                        }
                        fv[vg] = f.applyAsDouble(v[vg]);
                        fv[vh] = f.applyAsDouble(v[vh]);
                    }
                }
                double fsum = 0.0;
                for (int i = 0; i <= n; i++) {
                    fsum += fv[i];
                }
                double favg = fsum / (n + 1);
                double s = 0.0;
                for (int i = 0; i <= n; i++) {
                    s += goPow(fv[i] - favg, 2) / n;
                }
                s = Math.sqrt(s);
                if (s < epsilon) {
                    break;
                }
            }
            int vs = 0;
            for (int i = 0; i <= n; i++) {
                if (fv[i] < fv[vs]) {
                    vs = i;
                }
            }
            System.arraycopy(v[vs], 0, out, 0, n);
            return f.applyAsDouble(v[vs]);
        }
    }
}
