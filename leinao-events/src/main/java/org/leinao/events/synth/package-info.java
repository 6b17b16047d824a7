/**
 * Synthetic events from intensity frames with the standard DVS contrast model (Lichtsteiner,
 * Posch, Delbruck, "A 128x128 120 dB 15 µs latency asynchronous temporal contrast vision sensor",
 * IEEE JSSC 2008; the simulators ESIM, Rebecq et al. CoRL 2018, and v2e, Hu et al. CVPR-W 2021):
 * each pixel fires when its log intensity moves a threshold away from its reference level.
 */
package org.leinao.events.synth;
