/**
 * The GraphQL twin of the pins API (graphql-yoga), over the pins API's upstreams, loaders and fault
 * controls: `startPinsGraphQL({ mode: 'library' | 'naive', upstreams })`.
 *
 * @module
 */
export { startPinsGraphQL } from './startPinsGraphQL.js';
export type { PinsGraphQL, PinsGraphQLMode, PinsGraphQLOptions } from './startPinsGraphQL.js';
export { typeDefs } from './typeDefs.js';
export { resolvers } from './resolvers.js';
export { createPinDataLoaders } from './pinDataLoaders.js';
export type { PinDataLoaders, PinsGraphQLContext } from './pinDataLoaders.js';
