package org.convmatrix.render;

import java.util.function.IntFunction;

/**
 * One side of a heatmap: its title, its length and the index periods at which lines are drawn.
 *
 * @param title     what the side indexes, e.g. {@code "rows: conv output (channel, y, x)"}
 * @param length    the number of rows (or columns) drawn
 * @param major     the period of dark boundary lines (one channel block), 0 for none
 * @param minor     the period of light boundary lines (one row of the spatial grid), 0 for none
 * @param majorName the label prefix of a major block, e.g. {@code "ch "}
 * @param tick      the label of one drawn index (0-based within the drawn part), shown when cells are large enough
 * @param offset    the index of the first drawn row (column) in the whole matrix, for a zoomed part; lines fall
 *                  where {@code offset + i} is a multiple of their period
 */
public record HeatmapAxis(String title, int length, int major, int minor, String majorName, IntFunction<String> tick,
        int offset) {
    /** An axis of a whole matrix (offset 0). */
    public HeatmapAxis(String title, int length, int major, int minor, String majorName, IntFunction<String> tick) {
        this(title, length, major, minor, majorName, tick, 0);
    }
}
