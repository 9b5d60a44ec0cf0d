import { Injectable, Scope } from '@nestjs/common';
import DataLoader from 'dataloader';
import { fieldDependency } from 'field-dependency';
import { UpstreamClient } from './UpstreamClient.js';

/**
 * The request-scoped loaders service: Nest creates one per GraphQL request, so each request gets fresh
 * DataLoaders (a DataLoader's cache must not outlive its request). The batch function is wrapped in the
 * constructor: created again per request, it is still one dependency (one breaker, one set of counters),
 * named by its `name` option.
 */
@Injectable({ scope: Scope.REQUEST })
export class UserLoaders {
  readonly likes: DataLoader<string, number | null>;

  constructor(upstream: UpstreamClient) {
    this.likes = new DataLoader(
      fieldDependency([null], { owner: 'engagement', name: 'likes', timeoutMs: 500 })(
        (userIds: readonly string[]): Promise<(number | null)[]> => upstream.get<number>('likes', userIds),
      ),
    );
  }
}
