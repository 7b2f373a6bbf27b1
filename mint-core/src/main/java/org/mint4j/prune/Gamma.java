package org.mint4j.prune;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cap on the fraction of a layer pair's group pairs that may be pruned, as a function of the
 * pair's parent group count G (see {@link Type}), clamped to [0, 1]. {@code layers} optionally
 * gives fixed caps for named child layers instead (the paper's VGG16 caps conv5 to conv8 at 0.45).
 */
public record Gamma(String type, Double value, Double slope, Double curvature, Map<String, Double> layers) implements java.io.Serializable {

    /** The forms of the cap: the registry of gamma types. */
    public enum Type {
        NONE(0), CONSTANT(1), LINEAR(2), QUADRATIC(3);

        private final int coefficients;

        Type(int coefficients) {
            this.coefficients = coefficients;
        }

        /** The name recipes use. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The type named {@code label}, or null. */
        public static Type of(String label) {
            return Arrays.stream(values()).filter(t -> t.label().equals(label)).findFirst().orElse(null);
        }

        public static List<String> labels() {
            return Arrays.stream(values()).map(Type::label).toList();
        }

        double cap(double value, double slope, double curvature, int groups) {
            return switch (this) {
                case NONE -> 1.0;
                case CONSTANT -> value;
                case LINEAR -> value + slope * groups;
                case QUADRATIC -> value + slope * groups + curvature * groups * groups;
            };
        }
    }

    public static final Gamma NONE = new Gamma("none", 1.0, 0.0, 0.0, Map.of());

    /** Missing coefficients are 0; missing layer caps are none. */
    public Gamma {
        value = value == null ? 0.0 : value;
        slope = slope == null ? 0.0 : slope;
        curvature = curvature == null ? 0.0 : curvature;
        layers = layers == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(layers));
    }

    /**
     * Parses {@code none}, {@code constant:VALUE}, {@code linear:VALUE:SLOPE} or
     * {@code quadratic:VALUE:SLOPE:CURVATURE}, as the study commands take them.
     */
    public static Gamma parse(String text) {
        String[] parts = text.trim().split(":");
        Type t = Type.of(parts[0]);
        if (t == null) {
            throw new IllegalArgumentException("gamma '" + text
                    + "': expected none, constant:VALUE, linear:VALUE:SLOPE or quadratic:VALUE:SLOPE:CURVATURE");
        }
        if (parts.length != t.coefficients + 1) {
            throw new IllegalArgumentException("gamma '" + text + "': " + parts[0] + " takes " + t.coefficients
                    + " coefficient(s) after the type, separated by ':'");
        }
        double[] c = new double[3];
        for (int i = 0; i < t.coefficients; i++) {
            try {
                c[i] = Double.parseDouble(parts[i + 1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("gamma '" + text + "': '" + parts[i + 1] + "' is not a number");
            }
        }
        return t == Type.NONE ? NONE : new Gamma(t.label(), c[0], c[1], c[2], null);
    }

    /** The form {@link #parse} reads (without layer caps). */
    public String label() {
        Type t = Type.of(type);
        StringBuilder s = new StringBuilder(type);
        double[] c = {value, slope, curvature};
        for (int i = 0; i < t.coefficients; i++) {
            s.append(':').append(plain(c[i]));
        }
        return s.toString();
    }

    /** The label with the layer caps: everything the cap depends on. */
    public String fullLabel() {
        return layers.isEmpty() ? label() : label() + " layers=" + layers;
    }

    /** 0.0002 rather than Java's 2.0E-4, 0 rather than 0.0: labels name files and plot lines. */
    private static String plain(double x) {
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    /** The cap of the pair whose child is {@code child} and whose parent has {@code groups} groups. */
    public double cap(String child, int groups) {
        Double fixed = layers.get(child);
        if (fixed != null) {
            return fixed;
        }
        return Math.max(0, Math.min(1, Type.of(type).cap(value, slope, curvature, groups)));
    }
}
