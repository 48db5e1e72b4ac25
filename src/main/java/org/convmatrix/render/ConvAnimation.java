package org.convmatrix.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.convmatrix.io.MatrixAxes;
import org.convmatrix.spec.ConvSpec;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Op;

/**
 * What the convolution-arithmetic animation shows, frame by frame, apart from any drawing: one frame per
 * output position of each chosen output channel, i.e. per row of the layer's matrix {@code A}
 * ({@code A = W} for conv, {@code A = Wᵀ} for conv_transpose), in row order.
 *
 * <p>A frame knows the drawn cells its kernel footprint covers (the padded input; for conv_transpose the
 * zero-inserted, padded input of the equivalent direct convolution, see {@link AnimationAxis}) and the
 * columns of {@code A} it reads: for every tap on a cell that holds an input element {@code x}, and every
 * input channel {@code c} of the output channel's group, the column {@code c·Π n + rowMajor(x)}. Those
 * columns are, by the definition of the layer, the stored entries of that row of {@code A}; taps on padding
 * (zeros mode) or on inserted zeros read nothing and have no entry. The model is computed from the layer's
 * definition alone (per-axis cell arithmetic), not from the lowering, so a test can hold the two against
 * each other.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConvAnimation {
    /** The most frames an animation may have. */
    public static final int MAX_FRAMES = 4096;

    private final ConvSpec spec;
    private final int[] inputSpatial;
    private final int[] outputSpatial;
    private final AnimationAxis[] axes;
    private final List<Frame> frames;

    /** One frame: one output position of one output channel, one row of {@code A}. Immutable. */
    public static final class Frame {
        private final int outChannel;
        private final int[] outPosition;
        private final int row;
        private final int[] cells;
        private final int[] columns;

        Frame(int outChannel, int[] outPosition, int row, int[] cells, int[] columns) {
            this.outChannel = outChannel;
            this.outPosition = outPosition;
            this.row = row;
            this.cells = cells;
            this.columns = columns;
        }

        /** @return the output channel */
        public int outChannel() {
            return outChannel;
        }

        /** @return the output position, one index per spatial axis */
        public int[] outPosition() {
            return outPosition.clone();
        }

        /** @return the row of {@code A} this output is: {@code c·Π m + rowMajor(position)} */
        public int row() {
            return row;
        }

        /** @return the drawn cell (row-major over {@link #viewShape()}) under each tap, taps in row-major order */
        public int[] cells() {
            return cells.clone();
        }

        /** @return the columns of {@code A} the footprint reads, ascending, without repeats */
        public int[] columns() {
            return columns.clone();
        }
    }

    private ConvAnimation(ConvSpec spec, int[] inputSpatial, int[] outputSpatial, AnimationAxis[] axes, List<Frame> frames) {
        this.spec = spec;
        this.inputSpatial = inputSpatial;
        this.outputSpatial = outputSpatial;
        this.axes = axes;
        this.frames = frames;
    }

    /**
     * @param spec         the layer
     * @param inputSpatial its spatial input shape
     * @param outChannels  the output channels to animate, each in {@code [0, out_channels)}
     * @param slice        for a layer with 3 or more spatial axes, the output index on axis 0 whose frames are
     *                     made; {@code -1} for all positions
     * @throws InvalidSpecException naming {@code channels}, {@code slice} or {@code input} when a channel or
     *     the slice is out of range or the animation would have more than {@value #MAX_FRAMES} frames
     */
    public static ConvAnimation of(ConvSpec spec, int[] inputSpatial, int[] outChannels, int slice) {
        int[] out = spec.outputSpatial(inputSpatial);
        AnimationAxis[] axes = new AnimationAxis[spec.dims()];
        for (int a = 0; a < axes.length; a++) {
            axes[a] = AnimationAxis.of(spec, a, inputSpatial[a], out[a]);
        }
        for (int c : outChannels) {
            if (c < 0 || c >= spec.outChannels()) {
                throw new InvalidSpecException("channels", "--channels: output channel " + c + " must be in [0, "
                        + (spec.outChannels() - 1) + "]");
            }
        }
        if (slice < -1 || slice >= out[0]) {
            throw new InvalidSpecException("slice", "--slice: must be in [0, " + (out[0] - 1) + "] (output positions on "
                    + "axis 0) but was " + slice);
        }
        long perChannel = 1;
        for (int a = slice >= 0 ? 1 : 0; a < out.length; a++) {
            perChannel *= out[a];
        }
        if (perChannel * outChannels.length > MAX_FRAMES) {
            throw new InvalidSpecException("input", "--input: the animation would have " + perChannel * outChannels.length
                    + " frames (output positions x channels shown), at most " + MAX_FRAMES + "; use a smaller input");
        }
        ConvAnimation shell = new ConvAnimation(spec, inputSpatial.clone(), out, axes, List.of());
        List<Frame> frames = new ArrayList<>();
        for (int c : outChannels) {
            for (int p = 0; p < product(out); p++) {
                int[] pos = unflatten(p, out);
                if (slice < 0 || pos[0] == slice) {
                    frames.add(shell.frame(c, pos));
                }
            }
        }
        return new ConvAnimation(spec, inputSpatial.clone(), out, axes, List.copyOf(frames));
    }

    private Frame frame(int outChannel, int[] pos) {
        int[] kernel = spec.kernelSize();
        int taps = product(kernel);
        int[] cells = new int[taps];
        TreeSet<Integer> columns = new TreeSet<>();
        int inVolume = product(inputSpatial);
        for (int t = 0; t < taps; t++) {
            int[] j = unflatten(t, kernel);
            int[] cell = new int[j.length];
            int[] source = new int[j.length];
            boolean reads = true;
            for (int a = 0; a < j.length; a++) {
                cell[a] = axes[a].cell(pos[a], j[a]);
                source[a] = axes[a].source(cell[a]);
                reads &= source[a] >= 0;
            }
            cells[t] = rowMajor(cell, viewShape());
            if (reads) {
                int x = rowMajor(source, inputSpatial);
                for (int c : inputChannels(outChannel)) {
                    columns.add(c * inVolume + x);
                }
            }
        }
        int row = outChannel * product(outputSpatial) + rowMajor(pos, outputSpatial);
        return new Frame(outChannel, pos, row, cells, columns.stream().mapToInt(Integer::intValue).toArray());
    }

    /** @return the frames, in order */
    public List<Frame> frames() {
        return frames;
    }

    /** @return the layer */
    public ConvSpec spec() {
        return spec;
    }

    /** @return whether the layer is a conv_transpose (drawn as a convolution over its zero-inserted input) */
    public boolean transposed() {
        return spec.op() == Op.CONV_TRANSPOSE;
    }

    /** @return the axis model of spatial axis {@code a} */
    public AnimationAxis axis(int a) {
        return axes[a];
    }

    /** @return the drawn grid's shape, one length per spatial axis */
    public int[] viewShape() {
        int[] v = new int[axes.length];
        for (int a = 0; a < v.length; a++) {
            v[a] = axes[a].length();
        }
        return v;
    }

    /** @return the layer's spatial input shape */
    public int[] inputSpatial() {
        return inputSpatial.clone();
    }

    /** @return the layer's spatial output shape */
    public int[] outputSpatial() {
        return outputSpatial.clone();
    }

    /** @return the layer's input channels that output channel {@code c} reads (its group) */
    public int[] inputChannels(int c) {
        int perGroupIn = spec.inChannelsPerGroup();
        int g = c / spec.outChannelsPerGroup();
        int[] ch = new int[perGroupIn];
        for (int i = 0; i < perGroupIn; i++) {
            ch[i] = g * perGroupIn + i;
        }
        return ch;
    }

    /**
     * @return the flat index (PyTorch layout: conv {@code [out, in/groups, *k]}, conv_transpose
     *     {@code [in, out/groups, *k]}) of the weight that tap {@code tap} (row-major over the kernel, in the
     *     order of {@link Frame#cells()}) multiplies for output channel {@code out} and input channel {@code in}
     */
    public int weightIndex(int out, int in, int tap) {
        int[] kernel = spec.kernelSize();
        int[] j = unflatten(tap, kernel);
        for (int a = 0; a < j.length; a++) {
            j[a] = axes[a].weightTap(j[a]);
        }
        int k = rowMajor(j, kernel);
        int volume = product(kernel);
        if (spec.op() == Op.CONV) {
            return (out * spec.inChannelsPerGroup() + in % spec.inChannelsPerGroup()) * volume + k;
        }
        return (in * spec.outChannelsPerGroup() + out % spec.outChannelsPerGroup()) * volume + k;
    }

    static int product(int[] shape) {
        int p = 1;
        for (int s : shape) {
            p = Math.multiplyExact(p, s);
        }
        return p;
    }

    static int rowMajor(int[] index, int[] shape) {
        int r = 0;
        for (int a = 0; a < shape.length; a++) {
            r = r * shape[a] + index[a];
        }
        return r;
    }

    static int[] unflatten(int flat, int[] shape) {
        return MatrixAxes.unflatten(flat, shape);
    }

    @Override
    public String toString() {
        return "ConvAnimation of " + spec + " on " + Arrays.toString(inputSpatial) + ", " + frames.size() + " frames";
    }
}
