package org.mint4j.recipe;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.type.CollectionType;
import java.io.IOException;
import java.util.List;
import org.mint4j.prune.LayerPair;

/** {@code mint.pairs}: a list of layer pairs, or {@code auto} ({@link Recipe.Pruning#AUTO_PAIRS}). */
final class PairsJson {

    static final String AUTO = "auto";

    private PairsJson() {
    }

    static final class Reader extends JsonDeserializer<List<LayerPair>> {
        @Override
        public List<LayerPair> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                String text = parser.getText();
                if (!text.equals(AUTO)) {
                    throw JsonMappingException.from(parser, "'" + text + "'; expected " + AUTO
                            + " or a list of {parent, child, parent_groups, child_groups}");
                }
                return Recipe.Pruning.AUTO_PAIRS;
            }
            CollectionType type = context.getTypeFactory().constructCollectionType(List.class, LayerPair.class);
            return context.readValue(parser, type);
        }
    }

    static final class Writer extends JsonSerializer<List<LayerPair>> {
        @Override
        public void serialize(List<LayerPair> pairs, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            if (pairs == Recipe.Pruning.AUTO_PAIRS) {
                generator.writeString(AUTO);
            } else {
                generator.writeStartArray();
                for (LayerPair pair : pairs) {
                    provider.defaultSerializeValue(pair, generator);
                }
                generator.writeEndArray();
            }
        }
    }
}
