package org.mint4j.gmi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A full layer pair's scores, pinned to what the scorer gave before its Prim was reworked for
 * speed (issue 25, at 8bcd96e): every R, estimate and tree weight, bit for bit. The activations
 * are ReLU-like (many exact zeros), so that equal distances and their tie-breaking are exercised.
 */
class LayerPairScoresPinTest {

    @Test
    void scoresOfAFixedLayerPairAreBitForBitThoseOfThePreviousImplementation() throws NoSuchAlgorithmException {
        Random rng = new Random(25);
        int n = 1500;
        int parents = 40;
        int children = 30;
        double[] p = new double[n * parents];
        double[] c = new double[n * children];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < parents; k++) {
                p[r * parents + k] = Math.max(0, rng.nextGaussian() + (k > 0 ? 0.5 * p[r * parents + k - 1] : 0));
            }
            for (int k = 0; k < children; k++) {
                c[r * children + k] = Math.max(0, p[r * parents + k % parents] - p[r * parents + (7 * k + 3) % parents]
                        + 0.3 * rng.nextGaussian());
            }
        }
        PairScores scores = LayerPairScorer.builder().optThreads(2).build().score(new Matrix(n, parents, p),
                new Matrix(n, children, c), ColumnGroups.sequential(parents, 20), ColumnGroups.sequential(children, 10));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteBuffer buf = ByteBuffer.allocate(20);
        for (int i = 0; i < scores.childGroups(); i++) {
            for (int j = 0; j < scores.parentGroups(); j++) {
                GmiResult r = scores.result(i, j);
                buf.clear();
                buf.putInt(r.r()).putDouble(r.estimate()).putDouble(r.mstWeight());
                sha.update(buf.array());
            }
        }
        assertEquals("c1bbb30354dc6d03568d4e5ed43ab51c3bcb8b2c57feb7e2ea1b5a29452f735c", HexFormat.of().formatHex(sha.digest()));
    }
}
