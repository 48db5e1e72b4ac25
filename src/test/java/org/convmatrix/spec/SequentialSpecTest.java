package org.convmatrix.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A chain's shape errors say which layer does not fit and what it was given; the default shape line of a layer. */
class SequentialSpecTest {
    @Test
    void aLayerThatDoesNotFitIsNamedWithWhatItWasGiven() {
        SequentialSpec chain = new SequentialSpec(List.of(PixelUnshuffleSpec.of(2), PixelUnshuffleSpec.of(2)));
        InvalidSpecException second = assertThrows(InvalidSpecException.class,
                () -> chain.outputShape(new int[] {1, 1, 4, 6}));
        assertEquals("layers[1]", second.field());
        assertEquals("layers[1] (pixel_unshuffle) does not fit its input (the output of layers[0]) [1, 4, 2, 3]: "
                + "downscale_factor = 2 must divide the input's width, but input.shape[3] = 3", second.getMessage());
        InvalidSpecException first = assertThrows(InvalidSpecException.class,
                () -> chain.outputShape(new int[] {1, 1, 3, 4}));
        assertEquals("layers[0] (pixel_unshuffle) does not fit its input (the case's input) [1, 1, 3, 4]: "
                + "downscale_factor = 2 must divide the input's height, but input.shape[2] = 3", first.getMessage());
    }

    /** What {@code shape} prints for an op without its own arithmetic: the input and output shapes. */
    @Test
    void theDefaultShapeLineGivesBothShapes() {
        assertEquals(List.of("pixel_unshuffle: [1, 1, 4, 2] -> [1, 4, 2, 1]"),
                PixelUnshuffleSpec.of(2).shapeFormula(new int[] {1, 1, 4, 2}));
    }
}
