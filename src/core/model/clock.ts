/**
 * The time, as every part of Tideway reads it: passed in as a parameter (never `new Date()` in
 * logic), so tests and the core decide nothing by the wall clock.
 */
export type Clock = () => Date;
