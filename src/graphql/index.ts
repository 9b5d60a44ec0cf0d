/**
 * `field-dependency/graphql`: the GraphQL integrations (graphql-yoga and envelop, Apollo Server, Mercurius).
 * Each opens a degradation scope per operation, labels it with the operation's name, and adds what
 * degraded to the response.
 */
export { useFieldDependency } from './useFieldDependency.js';
export type { YogaResponseHook } from './useFieldDependency.js';
export type { GraphQLIntegrationOptions } from './GraphQLIntegrationOptions.js';
export type { RequestPriority } from '../contract/brownoutClasses.js';
export { ANONYMOUS_OPERATION } from './operationEndpoint.js';
export { FIELD_DEPENDENCY_FAILED } from './criticalFailureError.js';
export { NULL_PROPAGATION_CHANNEL } from './nullPropagation.js';
export type { NullPropagationEvent } from './nullPropagation.js';
export { fieldDependencyApolloPlugin } from './fieldDependencyApolloPlugin.js';
export type { ApolloLikePlugin, ApolloLikeRequestListener, ApolloLikeRequestContext } from './fieldDependencyApolloPlugin.js';
export { fieldDependencyMercurius } from './fieldDependencyMercurius.js';
export type { MercuriusLikePlugin, MercuriusLikeContext } from './fieldDependencyMercurius.js';
