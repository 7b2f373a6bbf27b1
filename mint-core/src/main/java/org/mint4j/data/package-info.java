/**
 * Datasets: the data directory, verified MNIST, Fashion-MNIST and CIFAR-10 files, image folders, subsets, batches and augmentation.
 */
package org.mint4j.data;
