package org.convmatrix.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.convmatrix.io.CaseFields;
import org.convmatrix.lower.LoweredChain;
import org.convmatrix.lower.LoweredLayer;
import org.convmatrix.spec.InvalidSpecException;
import org.convmatrix.spec.Layer;
import org.convmatrix.spec.SequentialSpec;
import org.convmatrix.spec.Tensor;

/**
 * {@code sequential}: PyTorch's {@code nn.Sequential} of any ops. Its lowering is the product of its layers'
 * lowerings ({@link LoweredChain}); its direct forward applies each layer's direct forward in turn, its
 * backward each layer's direct backward in reverse order (the chain rule).
 */
public final class SequentialKind implements OpKind<SequentialSpec> {
    @Override
    public String name() {
        return SequentialSpec.OP;
    }

    @Override
    public Class<SequentialSpec> type() {
        return SequentialSpec.class;
    }

    @Override
    public SequentialSpec read(CaseFields f, int[] inputShape) {
        JsonNode list = f.get("layers");
        if (list == null || !list.isArray() || list.size() == 0) {
            throw new InvalidSpecException(f.field("layers"), f.field("layers") + " must be a list of at least one layer "
                    + "object but was " + (list == null ? "missing" : list.toString().length() > 60
                    ? list.toString().substring(0, 57) + "..." : list.toString()));
        }
        List<Layer> layers = new ArrayList<>();
        int[] shape = inputShape;
        for (int i = 0; i < list.size(); i++) {
            String prefix = f.field("layers") + "[" + i + "]";
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                throw new InvalidSpecException(prefix, prefix + " must be a layer object with an \"op\" but was " + node);
            }
            CaseFields lf = f.child(node, prefix + ".");
            Layer layer;
            try {
                layer = Ops.read(lf, shape);
                lf.rejectUnknown();
            } catch (InvalidSpecException e) {
                throw e.field().startsWith(prefix) ? e : new InvalidSpecException(prefix + "." + e.field(), prefix + ": "
                        + e.getMessage());
            }
            layers.add(layer);
            shape = new SequentialSpec(layers).outputShape(inputShape);
        }
        return new SequentialSpec(layers);
    }

    @Override
    public LoweredLayer lower(SequentialSpec spec, int[] inputShape) {
        List<int[]> shapes = spec.shapes(inputShape);
        List<LoweredLayer> links = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            links.add(Ops.lower(spec.layers().get(i), shapes.get(i)));
        }
        return LoweredChain.of(links);
    }

    @Override
    public Tensor forward(SequentialSpec spec, Tensor input) {
        Tensor t = input;
        for (Layer layer : spec.layers()) {
            t = Ops.forward(layer, t);
        }
        return t;
    }

    /** The layers' magnitudes chained: {@code |A_k|(··· |A_1|·|x| + |b_1| ···) + |b_k|}. */
    @Override
    public Tensor magnitude(SequentialSpec spec, int[] inputShape, Tensor absInput) {
        List<int[]> shapes = spec.shapes(inputShape);
        Tensor t = absInput;
        for (int i = 0; i < spec.layers().size(); i++) {
            t = Ops.magnitude(spec.layers().get(i), shapes.get(i), t);
        }
        return t;
    }

    @Override
    public Tensor magnitudeOfBackward(SequentialSpec spec, int[] inputShape, Tensor absGrad) {
        List<int[]> shapes = spec.shapes(inputShape);
        Tensor g = absGrad;
        for (int i = spec.layers().size() - 1; i >= 0; i--) {
            g = Ops.magnitudeOfBackward(spec.layers().get(i), shapes.get(i), g);
        }
        return g;
    }

    /** The layers' rounding counts add (Higham §3.5: a product of matrices applied in turn). */
    @Override
    public long roundings(SequentialSpec spec, int[] inputShape) {
        List<int[]> shapes = spec.shapes(inputShape);
        long t = 0;
        for (int i = 0; i < spec.layers().size(); i++) {
            t += Ops.roundings(spec.layers().get(i), shapes.get(i));
        }
        return t;
    }

    @Override
    public Tensor backward(SequentialSpec spec, int[] inputShape, Tensor gradOutput) {
        List<int[]> shapes = spec.shapes(inputShape);
        Tensor g = gradOutput;
        for (int i = spec.layers().size() - 1; i >= 0; i--) {
            g = Ops.backward(spec.layers().get(i), shapes.get(i), g);
        }
        return g;
    }
}
