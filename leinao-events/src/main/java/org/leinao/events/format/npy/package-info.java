/**
 * NumPy {@code .npy} (format versions 1.0-3.0, "A Simple File Format for NumPy Arrays", NEP 1)
 * holding a one-dimensional structured array with fields t, x, y, p: what Tonic and most Python
 * event tools exchange.
 */
package org.leinao.events.format.npy;
