package org.convmatrix.bench;

import java.util.SplittableRandom;
import org.convmatrix.spec.ConvLayer;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.Op;

/**
 * The four reference layers of the speed targets, with seeded random weights (uniform in [-1, 1)):
 * <ul>
 *   <li>S: Conv2d 1->1, 3x3, padding 1, on 256x256 (0.59 M nonzeros)</li>
 *   <li>M: Conv2d 16->16, 3x3, padding 1, on 64x64 (9.2 M)</li>
 *   <li>L: Conv2d 64->64, 3x3, padding 1, on 64x64 (148 M)</li>
 *   <li>T: ConvTranspose2d 64->32, 4x4, stride 2, padding 1, on 32x32 (32.5 M)</li>
 * </ul>
 */
public final class BenchLayers {
    private BenchLayers() {
    }

    /** A layer and the spatial input it is benchmarked on. */
    public record Layer(String name, ConvLayer layer, int[] inputSpatial) {
    }

    /** @return the named layer: S, M, L or T */
    public static Layer named(String name) {
        switch (name) {
            case "S":
                return conv(name, ConvSpec.builder(Op.CONV, 1, 1, 3, 3).padding(1, 1).build(), 256);
            case "M":
                return conv(name, ConvSpec.builder(Op.CONV, 16, 16, 3, 3).padding(1, 1).build(), 64);
            case "L":
                return conv(name, ConvSpec.builder(Op.CONV, 64, 64, 3, 3).padding(1, 1).build(), 64);
            case "T":
                return conv(name, ConvSpec.builder(Op.CONV_TRANSPOSE, 64, 32, 4, 4).stride(2, 2).padding(1, 1).build(), 32);
            default:
                throw new IllegalArgumentException("layer must be S, M, L or T but was " + name);
        }
    }

    private static Layer conv(String name, ConvSpec spec, int size) {
        return new Layer(name, ConvLayer.of(spec, randomWeights(spec, 42), null), new int[] {size, size});
    }

    /** @return seeded uniform weights in [-1, 1) for the spec's weight shape */
    public static double[] randomWeights(ConvSpec spec, long seed) {
        int n = 1;
        for (int s : spec.weightShape()) {
            n = Math.multiplyExact(n, s);
        }
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = r.nextDouble(-1, 1);
        }
        return w;
    }
}
