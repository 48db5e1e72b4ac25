package org.convmatrix.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.convmatrix.io.CaseFile;
import org.convmatrix.io.CaseReader;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.ops.Ops;
import org.convmatrix.render.GainMap;
import org.convmatrix.spec.Tensor;

/**
 * The four ways a decoder grows an 8×8 feature map to 16×16, each a linear layer with every weight equal
 * ({@code 1/k²} per tap), run on the same smooth input: {@code ConvTranspose2d(k3, s2, p1, op1)},
 * {@code ConvTranspose2d(k4, s2, p1)}, nearest upsampling ×2 followed by a 3×3 convolution, and a 3×3 convolution
 * to 4 channels followed by {@code PixelShuffle(2)} (sub-pixel convolution). Each is written as a case (the
 * format's JSON) and lowered through the op registry; the output and the gain map (the output of an all-ones
 * input) show which of them makes a checkerboard: the k3, s2 transposed convolution, whose output positions receive
 * 1, 2 or 4 taps by parity.
 */
final class DecoderPaths {
    /** One path: its name, the case, the lowered layer and its output on the smooth input. */
    record Path(String name, CaseFile c, LoweredLayer lowered, Tensor output, GainMap gain) {
    }

    /** The input side. */
    static final int N = 8;

    private DecoderPaths() {
    }

    /** @return the four paths on the smooth input */
    static List<Path> all() {
        String x = tensor(new int[] {1, 1, N, N}, smooth());
        List<Path> paths = new ArrayList<>();
        paths.add(path("ConvTranspose k3 s2", "{\"op\":\"conv_transpose\",\"in_channels\":1,\"out_channels\":1,"
                + "\"kernel_size\":[3,3],\"stride\":[2,2],\"padding\":[1,1],\"output_padding\":[1,1],\"weight\":"
                + equalWeights(new int[] {1, 1, 3, 3}) + ",\"input\":" + x + "}"));
        paths.add(path("ConvTranspose k4 s2", "{\"op\":\"conv_transpose\",\"in_channels\":1,\"out_channels\":1,"
                + "\"kernel_size\":[4,4],\"stride\":[2,2],\"padding\":[1,1],\"weight\":"
                + equalWeights(new int[] {1, 1, 4, 4}) + ",\"input\":" + x + "}"));
        paths.add(path("nearest x2 + conv k3", "{\"op\":\"sequential\",\"layers\":[{\"op\":\"upsample\","
                + "\"mode\":\"nearest\",\"scale_factor\":[2,2]},{\"op\":\"conv\",\"in_channels\":1,\"out_channels\":1,"
                + "\"kernel_size\":[3,3],\"padding\":[1,1],\"weight\":" + equalWeights(new int[] {1, 1, 3, 3})
                + "}],\"input\":" + x + "}"));
        paths.add(path("conv k3 + pixel shuffle", "{\"op\":\"sequential\",\"layers\":[{\"op\":\"conv\","
                + "\"in_channels\":1,\"out_channels\":4,\"kernel_size\":[3,3],\"padding\":[1,1],\"weight\":"
                + equalWeights(new int[] {4, 1, 3, 3}) + "},{\"op\":\"pixel_shuffle\",\"upscale_factor\":2}],"
                + "\"input\":" + x + "}"));
        return paths;
    }

    private static Path path(String name, String json) {
        CaseFile c = CaseReader.parse(json);
        LoweredLayer lowered = Ops.lower(c.layer(), c.inputShape());
        return new Path(name, c, lowered, lowered.apply(c.input()), GainMap.of(lowered, name));
    }

    /** A smooth bump: {@code x[i][j] = sin(π(i + ½)/N)·sin(π(j + ½)/N)}. */
    static double[] smooth() {
        double[] v = new double[N * N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                v[i * N + j] = Math.sin(Math.PI * (i + 0.5) / N) * Math.sin(Math.PI * (j + 0.5) / N);
            }
        }
        return v;
    }

    private static String equalWeights(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        int taps = shape[2] * shape[3];
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / taps);
        return tensor(shape, w);
    }

    private static String tensor(int[] shape, double[] data) {
        StringBuilder sb = new StringBuilder("{\"shape\":").append(java.util.Arrays.toString(shape)).append(",\"data\":[");
        for (int i = 0; i < data.length; i++) {
            sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.17g", data[i]));
        }
        return sb.append("]}").toString();
    }
}
