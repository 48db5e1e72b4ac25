package org.convmatrix.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Colours for a symbolic heatmap, where a cell shows <em>which</em> weight an entry is, not a value. An
 * entry that is one weight is coded {@code j + 1} ({@code j} its flat index) and gets weight {@code j}'s
 * colour from a 12-colour qualitative palette (ColorBrewer Set3, with the two that resemble the
 * explicit-zero yellow and the structural grey replaced); an entry that is a sum of several weights
 * (reflect, replicate or circular padding) is coded {@code -1} and gets a neutral fill. A layer with more
 * than 12 weights gets the neutral fill for every entry (the symbols in the cells say which weight).
 * The legend lists the categories instead of a colour bar. Immutable and thread-safe.
 */
public final class CategoricalColors implements ColorScale {
    /** Qualitative colours, light enough for dark text except the last two. */
    static final int[] PALETTE = {0x8DD3C7, 0xBEBADA, 0xFB8072, 0x80B1D3, 0xFDB462, 0xB3DE69, 0xFCCDE5, 0xBC80BD,
        0xCCEBC5, 0xE6AB02, 0x1B9E77, 0xA6761D};
    /** The fill of a sum of weights, or of every entry when the weights outnumber the palette. */
    public static final int NEUTRAL_RGB = 0xC9D7E8;
    /** The code of an entry that is a sum of several weights. */
    public static final double SUM = -1;

    private final List<String> names;
    private final boolean coloured;
    private final List<String> categories;
    private final String label;

    private CategoricalColors(List<String> names, boolean coloured, List<String> categories, String label) {
        this.names = List.copyOf(names);
        this.coloured = coloured;
        this.categories = List.copyOf(categories);
        this.label = label;
    }

    /**
     * @param names   the weights' names, by flat index
     * @param hasSums whether some entry is a sum of weights (coded {@link #SUM})
     */
    public static CategoricalColors of(List<String> names, boolean hasSums) {
        if (names.size() > PALETTE.length) {
            return new CategoricalColors(names, false, List.of("a weight (its symbol in the cell)"),
                    "colour: stored entry (" + names.size() + " weights, more than " + PALETTE.length + " colours)");
        }
        List<String> c = new ArrayList<>(names);
        if (hasSums) {
            c.add("a sum of weights");
        }
        return new CategoricalColors(names, true, c, "colour: which weight");
    }

    /** One neutral fill for every stored entry, e.g. for WᵀW of symbolic weights (no value to show). */
    public static CategoricalColors neutral(String what) {
        return new CategoricalColors(List.of(), false, List.of(what), "colour: stored entry (symbolic weights, "
                + "no values)");
    }

    @Override
    public int rgb(double code) {
        int j = (int) code - 1;
        return coloured && code != SUM && j >= 0 && j < names.size() ? PALETTE[j] : NEUTRAL_RGB;
    }

    @Override
    public double min() {
        return 0;
    }

    @Override
    public double max() {
        return names.size();
    }

    @Override
    public double[] ticks() {
        return new double[0];
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public List<String> categories() {
        return categories;
    }

    @Override
    public int categoryRgb(int i) {
        return coloured && i < names.size() ? PALETTE[i] : NEUTRAL_RGB;
    }
}
