import { InputError } from '../errors.js';

/**
 * A review command that cannot proceed: an unknown id, a missing store, a lock held too long.
 * It is an input error (exit 2, nothing written); the message says what to do.
 */
export class ReviewError extends InputError {}
