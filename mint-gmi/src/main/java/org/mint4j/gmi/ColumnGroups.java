package org.mint4j.gmi;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A partition of a layer's columns (neurons or channels) into groups. Every column belongs to
 * exactly one group; {@link #sequential} splits into contiguous runs.
 */
public final class ColumnGroups implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int width;
    private final int[][] groups;

    private ColumnGroups(int width, int[][] groups) {
        this.width = width;
        this.groups = groups;
    }

    /**
     * {@code count} contiguous groups over {@code width} columns. When {@code count} does not divide
     * {@code width}, the first {@code width % count} groups take one column more, so every column is
     * covered and sizes differ by at most one (numpy's {@code array_split} rule).
     *
     * @throws IllegalArgumentException if count is not in [1, width]
     */
    public static ColumnGroups sequential(int width, int count) {
        if (count < 1 || count > width) {
            throw new IllegalArgumentException(
                    "cannot split " + width + " columns into " + count + " groups: expected 1 to " + width + " groups");
        }
        int[][] groups = new int[count][];
        int base = width / count;
        int extra = width % count;
        int next = 0;
        for (int g = 0; g < count; g++) {
            int size = base + (g < extra ? 1 : 0);
            groups[g] = new int[size];
            for (int c = 0; c < size; c++) {
                groups[g][c] = next++;
            }
        }
        return new ColumnGroups(width, groups);
    }

    /**
     * Explicit groups.
     *
     * @throws IllegalArgumentException if a group is empty, a column is out of range, in two groups
     *     or in none
     */
    public static ColumnGroups of(int width, int[][] groups) {
        int[] owner = new int[width];
        Arrays.fill(owner, -1);
        int[][] copy = new int[groups.length][];
        for (int g = 0; g < groups.length; g++) {
            if (groups[g].length == 0) {
                throw new IllegalArgumentException("group " + g + " is empty");
            }
            for (int c : groups[g]) {
                if (c < 0 || c >= width) {
                    throw new IllegalArgumentException(
                            "group " + g + " names column " + c + ", outside [0, " + width + ")");
                }
                if (owner[c] >= 0) {
                    throw new IllegalArgumentException(
                            "column " + c + " is in group " + owner[c] + " and in group " + g);
                }
                owner[c] = g;
            }
            copy[g] = groups[g].clone();
        }
        for (int c = 0; c < width; c++) {
            if (owner[c] < 0) {
                throw new IllegalArgumentException("column " + c + " of " + width + " is in no group");
            }
        }
        return new ColumnGroups(width, copy);
    }

    public int width() {
        return width;
    }

    public int count() {
        return groups.length;
    }

    /** The columns of group {@code g} (a copy). */
    public int[] columns(int g) {
        return groups[g].clone();
    }

    /** Every column not in group {@code g}, in increasing order. */
    public int[] columnsOutside(int g) {
        boolean[] inside = new boolean[width];
        for (int c : groups[g]) {
            inside[c] = true;
        }
        int[] out = new int[width - groups[g].length];
        int next = 0;
        for (int c = 0; c < width; c++) {
            if (!inside[c]) {
                out[next++] = c;
            }
        }
        return out;
    }

    /** The group holding column {@code c}. */
    public int groupOf(int c) {
        for (int g = 0; g < groups.length; g++) {
            for (int x : groups[g]) {
                if (x == c) {
                    return g;
                }
            }
        }
        throw new IllegalArgumentException("column " + c + " outside [0, " + width + ")");
    }
}
