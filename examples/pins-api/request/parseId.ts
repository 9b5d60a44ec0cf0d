import { BadRequestError } from './BadRequestError.js';

const ID = /^[1-9][0-9]{0,18}$/;

/**
 * A pin or board id from the path: a decimal number of 1 to 19 digits, without a leading zero.
 * @throws BadRequestError otherwise (the id itself is not echoed).
 */
export function parseId(raw: string, what: 'pin' | 'board'): string {
  if (!ID.test(raw)) throw new BadRequestError(`malformed ${what} id: expected a decimal number of 1 to 19 digits, without a leading zero`);
  return raw;
}
