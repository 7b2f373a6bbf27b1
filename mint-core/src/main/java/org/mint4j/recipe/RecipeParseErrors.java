package org.mint4j.recipe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Collectors;

/** Jackson's findings on recipe text, in the recipe's words: where, which key, what it takes. */
final class RecipeParseErrors {

    private RecipeParseErrors() {
    }

    /** The parser's or the mapper's complaint as one line naming the recipe, the key and the value. */
    static RecipeException explain(String source, JsonProcessingException e) {
        // Most specific first: an unknown key is also a mismatched input, which is also a mapping error.
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", "));
            return new RecipeException("recipe " + source + ": unknown key '" + path(u) + "'; expected one of: " + known);
        }
        if (e instanceof MismatchedInputException m) {
            String value = m.getProcessor() instanceof JsonParser p ? text(p) : "this value";
            return new RecipeException("recipe " + source + ": " + (m.getPath().isEmpty() ? "the recipe" : path(m))
                    + " = " + value + " is not allowed; expected " + expected(m.getTargetType()));
        }
        if (e instanceof JsonMappingException m) {
            return new RecipeException("recipe " + source + ": bad value for '" + path(m) + "': "
                    + m.getOriginalMessage());
        }
        if (e instanceof StreamReadException r && r.getOriginalMessage().startsWith("Duplicate field")) {
            return new RecipeException("recipe " + source + ": key '" + duplicate(r) + "' is given twice (line "
                    + r.getLocation().getLineNr() + "); keep one");
        }
        return notYaml(source, e);
    }

    /** One line: where, and the YAML parser's findings without its multi-line excerpts of the text. */
    private static RecipeException notYaml(String source, JsonProcessingException e) {
        String findings = e.getOriginalMessage().lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .collect(Collectors.joining(", "));
        return new RecipeException("recipe " + source + " is not valid YAML (line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + "): " + findings);
    }

    /** The text of the value the parser stopped at, or a word for a section or list. */
    private static String text(JsonParser parser) {
        try {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                return token == JsonToken.START_OBJECT ? "a section" : "a list";
            }
            return token == JsonToken.VALUE_STRING ? "'" + parser.getText() + "'" : parser.getText();
        } catch (IOException e) {
            return "this value";
        }
    }

    /** What a recipe's key of this Java type takes, in the recipe's words. */
    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer (no fraction, no quotes)";
        }
        if (type == Double.class || type == double.class) {
            return "a number (no quotes)";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a word or text";
        }
        if (type != null && java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a section of keys";
    }

    /** The dotted key given twice; the parser has read its section but not yet the key itself. */
    private static String duplicate(StreamReadException e) {
        String name = e.getOriginalMessage().replaceAll("(?s)^Duplicate field '(.*)'$", "$1");
        JsonParser parser = e.getProcessor();
        if (parser == null) {
            return name;
        }
        Deque<String> keys = new ArrayDeque<>();
        keys.push(name);
        for (JsonStreamContext c = parser.getParsingContext().getParent(); c != null && !c.inRoot(); c = c.getParent()) {
            keys.push(c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName());
        }
        return String.join(".", keys).replace(".[", "[");
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName()
                : "[" + ref.getIndex() + "]").collect(Collectors.joining(".")).replace(".[", "[");
    }

}
