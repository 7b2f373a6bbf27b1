/**
 * Recipes: everything a run needs to be repeated, read from YAML and validated against the registries.
 */
package org.mint4j.recipe;
