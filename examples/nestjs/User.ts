import { Field, ID, ObjectType } from '@nestjs/graphql';

/**
 * A user. The fields served by optional upstreams (`likes`, `followers`, `badges`) are declared on the
 * resolver with `nullable: true`: code-first fields are non-null by default, and a degraded field's
 * `null` in a non-null position would null the whole user.
 */
@ObjectType()
export class User {
  @Field(() => ID)
  id!: string;
}
