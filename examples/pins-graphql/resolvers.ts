import { createGraphQLError } from 'graphql-yoga';
import { boardOf, pinsOfBoard } from '../pins-api/pinStore.js';
import type { PinsGraphQLContext } from './pinDataLoaders.js';

interface PinParent {
  readonly id: string;
}

/**
 * Ids are digits, as in the REST API; anything else is the client's error, never an upstream call.
 * `createGraphQLError` (Yoga's) builds the error from the graphql copy Yoga uses, so its masking keeps it.
 */
function validId(id: string, argument: string): string {
  if (!/^[1-9][0-9]{0,14}$/.test(id)) {
    throw createGraphQLError(`${argument} must be a positive whole number of at most 15 digits; received ${JSON.stringify(id)}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return id;
}

/** The resolvers: every field reads through the request's DataLoaders. */
export const resolvers = {
  Query: {
    pin: (_: unknown, { id }: { id: string }): PinParent => ({ id: validId(id, 'id') }),
    boardPins: (_: unknown, { boardId }: { boardId: string }): PinParent[] => pinsOfBoard(validId(boardId, 'boardId')).map((id) => ({ id })),
  },
  Pin: {
    shopping: (pin: PinParent, _: unknown, { loaders }: PinsGraphQLContext) => loaders.shopping.load(pin.id),
    comments: (pin: PinParent, _: unknown, { loaders }: PinsGraphQLContext) => loaders.comments.load(pin.id),
    board: (pin: PinParent, _: unknown, { loaders }: PinsGraphQLContext) => loaders.board.load(boardOf(pin.id)),
    images: (pin: PinParent, _: unknown, { loaders }: PinsGraphQLContext) => loaders.images.load(pin.id),
  },
};
