package io.jdht.kad.record;

/**
 * What one slice of an expiry sweep did.
 *
 * @param visited keys looked at (at most the budget the slice was given)
 * @param removed records dropped because they had expired
 * @param done whether this slice finished a pass over every key the store held when the pass began
 */
public record Sweep(int visited, int removed, boolean done) {}
