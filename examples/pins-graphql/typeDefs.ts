/**
 * The pins API's schema: the same pins and fields as `GET /v3/pins/:id?fields=…`. The degradable fields
 * are nullable, so a degraded field is `null` on its own (and named in `extensions.degradedFields`);
 * `images` is critical and non-null, so its failure nulls the pin, with a `FIELD_DEPENDENCY_FAILED` error.
 */
export const typeDefs = /* GraphQL */ `
  type Query {
    "A pin by id (digits)."
    pin(id: ID!): Pin
    "The pins of a board (board b holds pins 8b-7 to 8b)."
    boardPins(boardId: ID!): [Pin]!
  }

  type Pin {
    id: ID!
    "Null for a pin that is not a product, or when shopping degraded (see extensions.degradedFields)."
    shopping: Shopping
    "Null when comments degraded: never a count of 0 that is not true."
    comments: Comments
    board: Board
    "Critical: when images fail, the pin is null and the error says FIELD_DEPENDENCY_FAILED."
    images: [Image!]!
  }

  type Shopping {
    price: String!
    merchant: String!
  }

  type Comments {
    count: Int!
  }

  type Board {
    id: ID!
    name: String!
    pinCount: Int!
  }

  type Image {
    url: String!
    width: Int!
    height: Int!
  }
`;
