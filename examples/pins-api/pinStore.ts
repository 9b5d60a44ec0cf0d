/** How many pins a board holds. */
export const PINS_PER_BOARD = 8;

const PINS = BigInt(PINS_PER_BOARD);

/**
 * The pins of a board (the pins API's own data, no upstream): board `b` holds pins `8b-7` to `8b`.
 * `boardId` is a validated id (digits).
 */
export function pinsOfBoard(boardId: string): string[] {
  const last = BigInt(boardId) * PINS;
  return Array.from({ length: PINS_PER_BOARD }, (_, index) => String(last - PINS + 1n + BigInt(index)));
}

/** The board a pin is saved to: the inverse of {@link pinsOfBoard}. `pinId` is a validated id (digits). */
export function boardOf(pinId: string): string {
  return String((BigInt(pinId) - 1n) / PINS + 1n);
}
