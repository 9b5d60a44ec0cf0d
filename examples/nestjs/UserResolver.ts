import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { BadgeService } from './BadgeService.js';
import type { ContextLoaders } from './contextLoaders.js';
import { User } from './User.js';
import { UserLoaders } from './UserLoaders.js';

/**
 * The user's fields, one per way of reaching a loader in Nest: a request-scoped loaders service
 * (`likes`), the GraphQL context's loaders (`followers`, `avatarUrl`), an injected service's decorated
 * method (`badges`). Every degradable field is `nullable: true`; `avatarUrl` is critical and non-null.
 */
@Resolver(() => User)
export class UserResolver {
  // UserLoaders is request-scoped, so this resolver is too: Nest builds both per request.
  constructor(
    private readonly loaders: UserLoaders,
    private readonly badgeService: BadgeService,
  ) {}

  @Query(() => User, { nullable: true })
  user(@Args('id', { type: () => ID }) id: string): User {
    return { id };
  }

  @ResolveField(() => Int, { nullable: true })
  likes(@Parent() user: User): Promise<number | null> {
    return this.loaders.likes.load(user.id);
  }

  @ResolveField(() => Int, { nullable: true })
  followers(@Parent() user: User, @Context('loaders') loaders: ContextLoaders): Promise<number | null> {
    return loaders.followers.load(user.id);
  }

  @ResolveField(() => [String], { nullable: true })
  async badges(@Parent() user: User): Promise<string[] | null> {
    return (await this.badgeService.badgesOf([user.id])).get(user.id) ?? null;
  }

  @ResolveField(() => String)
  avatarUrl(@Parent() user: User, @Context('loaders') loaders: ContextLoaders): Promise<string> {
    return loaders.avatar.load(user.id);
  }
}
