import { Injectable } from '@nestjs/common';
import { fieldDependency } from 'field-dependency';
import { UpstreamClient } from './UpstreamClient.js';

/** A singleton service whose method is the guarded loader: an `experimentalDecorators` method decorator, as in Nest's template. */
@Injectable()
export class BadgeService {
  constructor(private readonly upstream: UpstreamClient) {}

  /** The badges of each user; on failure, a fresh empty Map (so every user's `badges` is null). */
  @fieldDependency(Map, { owner: 'badges', name: 'badges' })
  async badgesOf(userIds: readonly string[]): Promise<Map<string, string[]>> {
    const badges = await this.upstream.get<string[]>('badges', userIds);
    return new Map(userIds.map((id, index) => [id, badges[index] ?? []]));
  }
}
