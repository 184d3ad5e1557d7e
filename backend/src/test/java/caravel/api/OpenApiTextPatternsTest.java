package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.domain.Failure;
import caravel.domain.InvisibleCharacters;
import caravel.domain.Validation;
import caravel.testing.Api;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI document's patterns for free text say what {@link Validation#text} says, character for character. */
class OpenApiTextPatternsTest {
    /**
     * The OpenAPI document states the rule as patterns the fuzzing generates from: for every code point, a name or a
     * description holding it matches the document's pattern exactly when the rule accepts it.
     */
    @Test
    void theOpenApiPatternsStateTheSameRule() throws Exception {
        com.fasterxml.jackson.databind.JsonNode doc;
        try (var in = OpenApiTextPatternsTest.class.getResourceAsStream("/openapi.json")) {
            doc = Api.JSON.readTree(in);
        }
        String at = "/components/schemas/";
        for (String field : List.of("name", "description"))
            assertThat(doc.at(at + "RelayChanges/properties/" + field + "/pattern"))
                    .isEqualTo(doc.at(at + "NewRelay/properties/" + field + "/pattern"));
        var name = java.util.regex.Pattern.compile(
                doc.at(at + "NewRelay/properties/name/pattern").asText());
        var description = java.util.regex.Pattern.compile(
                doc.at(at + "NewRelay/properties/description/pattern").asText());
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) continue;
            // planes 4 to 13 hold no character and 15 and 16 only private ones: a sample of them is enough
            if (cp >= 0x40000 && cp < 0xE0000 && cp % 97 != 0) continue;
            if (cp >= 0xF0000 && cp % 97 != 0) continue;
            String text = "a" + new String(Character.toChars(cp)) + "b";
            assertThat(name.matcher(text).matches())
                    .as("name with " + InvisibleCharacters.name(cp))
                    .isEqualTo(accepted(() -> Validation.name(text)));
            assertThat(description.matcher(text).matches())
                    .as("description with " + InvisibleCharacters.name(cp))
                    .isEqualTo(accepted(() -> Validation.description(text)));
        }
    }

    static boolean accepted(Runnable check) {
        try {
            check.run();
            return true;
        } catch (Failure refused) {
            return false;
        }
    }
}
