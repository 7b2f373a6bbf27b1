package org.mint4j.onnx;

import java.nio.file.Path;

/** An ONNX model mint-onnx cannot read, run or write; the message names the file and, where one is at fault, the node. */
public final class OnnxException extends RuntimeException {

    private final Path file;

    OnnxException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    OnnxException(Path file, String message) {
        this(file, message, null);
    }

    public Path file() {
        return file;
    }
}
