package org.mint4j.onnx;

import java.nio.file.Path;
import org.mint4j.nn.NetworkImporter;
import org.mint4j.nn.PrunableNetwork;

/** Makes {@code model: {onnx: FILE}} recipes work: registered in META-INF/services for mint-core's {@code Networks}. */
public final class OnnxImporter implements NetworkImporter {

    @Override
    public String format() {
        return "onnx";
    }

    @Override
    public PrunableNetwork load(Path file) {
        return new OnnxNetwork(OnnxModel.load(file));
    }
}
