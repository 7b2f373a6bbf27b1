package org.mint4j.recipe;

/** A recipe cannot be used; the message names the recipe, the key, the value and what was expected. */
public class RecipeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RecipeException(String message) {
        super(message);
    }

    public RecipeException(String message, Throwable cause) {
        super(message, cause);
    }
}
