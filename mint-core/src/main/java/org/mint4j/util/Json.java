package org.mint4j.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.mint4j.util.AtomicFiles;
import org.mint4j.util.IoErrors;

/** The JSON files of a run: snake_case keys, indented, written atomically. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    /** One line of JSON, as a {@code .jsonl} log or a binary file's header holds it. */
    public static String line(Object value) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, Object value) {
        try {
            AtomicFiles.writeString(file, MAPPER.writeValueAsString(value) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + " as JSON", e);
        }
    }

    /** @throws RunFileException if the file is truncated or is not what {@code type} reads */
    public static <T> T read(Path file, Class<T> type) {
        return read(file, type, "to recover, restore it from a copy, or delete it and rerun the command that wrote it");
    }

    /** @throws RunFileException saying {@code recovery} if the file is truncated or is not what {@code type} reads */
    public static <T> T read(Path file, Class<T> type, String recovery) {
        try {
            return MAPPER.readerFor(type).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(file.toFile());
        } catch (JsonProcessingException e) {
            throw new RunFileException(file, "is damaged (truncated or edited: unreadable from line "
                    + e.getLocation().getLineNr() + "); " + recovery);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + IoErrors.describe(e, file), e);
        }
    }
}
