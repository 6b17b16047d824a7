/**
 * Event transforms on in-memory recordings, with the semantics of Tonic's {@code tonic.transforms}
 * (Lenz, Chaney, Shrestha, Oubari, Picaud, Zhang, Becker, Michel, "Tonic: event-based datasets and
 * transformations", Zenodo 2021): spatial ({@link org.leinao.events.transform.Spatial}), polarity
 * and time ({@link org.leinao.events.transform.Temporal}), filters
 * ({@link org.leinao.events.transform.Filters}), random augmentations
 * ({@link org.leinao.events.transform.Augment}) and slicing ({@link org.leinao.events.transform.Slicer}).
 * Every random transform takes an explicit seed and is deterministic given it.
 */
package org.leinao.events.transform;
