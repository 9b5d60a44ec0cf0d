import { Module } from '@nestjs/common';
import { BadgeService } from './BadgeService.js';
import { UserLoaders } from './UserLoaders.js';
import { UserResolver } from './UserResolver.js';

/** The users feature: the same module under the Apollo driver and the Mercurius driver. */
@Module({ providers: [UserLoaders, BadgeService, UserResolver] })
export class UsersModule {}
