/** Types of dist-stamp.mjs, which stays plain JavaScript so the launcher runs before anything loads TypeScript. */
export function sourceHash(root: string): string;
export const STAMP: string;
export function distIsFresh(root: string, dist?: string): boolean;
