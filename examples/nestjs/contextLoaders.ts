import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';
import type { UpstreamClient } from './UpstreamClient.js';

/** The DataLoaders the GraphQL context factory makes for each request. */
export interface ContextLoaders {
  readonly followers: DataLoader<string, number | null>;
  /** Critical: its failure is the operation's error (`FIELD_DEPENDENCY_FAILED`), never a silent empty value. */
  readonly avatar: DataLoader<string, string>;
}

/** The GraphQL context: the HTTP request (for Nest's request-scoped providers) and the request's loaders. */
export interface UserContext {
  readonly req: unknown;
  readonly loaders: ContextLoaders;
}

/**
 * The GraphQL-context-factory variant: batch functions wrapped once per upstream client, DataLoaders made
 * per request by {@link createContextLoaders}, called from `GraphQLModule.forRoot({ context })`.
 */
export function contextLoaderFactory(upstream: UpstreamClient): () => ContextLoaders {
  const batchFollowers = fieldDependency([null], { owner: 'social', name: 'followers' })(
    (userIds: readonly string[]): Promise<(number | null)[]> => upstream.get<number>('followers', userIds),
  );
  const batchAvatars = fieldDependency([String], { owner: 'media', name: 'avatar', critical: true })(
    (userIds: readonly string[]): Promise<string[]> => upstream.get<string>('avatars', userIds),
  );
  return function createContextLoaders(): ContextLoaders {
    return { followers: new DataLoader(batchFollowers), avatar: new DataLoader(batchAvatars) };
  };
}
