/**
 * Small utilities every package may use: atomic writes, checksums, the JSON convention, charts, progress bars, registries of names.
 */
package org.mint4j.util;
