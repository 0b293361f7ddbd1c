/** How deleting an object treats its dependants (Kubernetes' deletion propagation), used by prune. */
export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';
