/**
 * The {@code mint} command: one picocli command per verb, thin over the library; errors are one plain line.
 */
package org.mint4j.cli;
