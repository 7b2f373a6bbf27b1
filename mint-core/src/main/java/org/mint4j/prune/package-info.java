/**
 * The seams of pruning: what is pruned together (layer pairs and groups), the score (criteria), how much and where (mask plans and caps), how a layer is cut (masks).
 */
package org.mint4j.prune;
