/**
 * The N-MNIST / N-Caltech101 binary format of Orchard et al., "Converting Static Image Datasets to
 * Spiking Neuromorphic Datasets Using Saccades", Frontiers in Neuroscience 9:437 (2015).
 */
package org.leinao.events.format.nmnist;
