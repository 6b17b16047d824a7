/**
 * Dense and sparse tensors made from events, with Tonic's representation semantics
 * ({@code ToFrame}, {@code ToVoxelGrid}, {@code ToTimesurface}, {@code ToImage}, {@code ToSparseTensor}).
 * Dense tensors are flat primitive arrays in C order with their shape alongside.
 */
package org.leinao.events.represent;
