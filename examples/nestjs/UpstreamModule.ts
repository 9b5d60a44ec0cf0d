import { Module, type DynamicModule } from '@nestjs/common';
import { UPSTREAM_URL, UpstreamClient } from './UpstreamClient.js';

/** Provides the {@link UpstreamClient} over the upstreams at `url`; global, so the GraphQL module's factory can inject it. */
@Module({})
export class UpstreamModule {
  static forRoot(url: string): DynamicModule {
    return {
      module: UpstreamModule,
      global: true,
      providers: [{ provide: UPSTREAM_URL, useValue: url }, UpstreamClient],
      exports: [UpstreamClient],
    };
  }
}
