import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { configure } from 'field-dependency';
import { flagFileDeciders, type FlagFileDeciders } from '../pins-api/deciders/flagFileDeciders.js';
import { AppModule, type GraphQLDriverName } from './AppModule.js';

/** What {@link startNestApp} takes. */
export interface NestAppOptions {
  /** `apollo` (Apollo Server on `@nestjs/platform-express`) or `mercurius` (on `@nestjs/platform-fastify`). */
  readonly driver: GraphQLDriverName;
  /** The upstream services' base URL. */
  readonly upstreamUrl: string;
  /** A flagd flag file to read the deciders from (flagd's provider, in process), as each host of a fleet would. */
  readonly flagFile?: string;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 0 (any free port) */
  readonly port?: number;
}

/** A running example app. */
export interface NestApp {
  /** `http://host:port/graphql` */
  readonly url: string;
  /** `http://host:port/metrics` */
  readonly metricsUrl: string;
  /** Closes the Nest application, then stops reading the deciders and closes their provider. */
  close(): Promise<void>;
}

/**
 * Starts the NestJS example, as its `main.ts` would: deciders first (so no request runs before the flags
 * are read), then the Nest application with the chosen driver and platform.
 */
export async function startNestApp(options: NestAppOptions): Promise<NestApp> {
  const { driver, upstreamUrl, flagFile, host = '127.0.0.1', port = 0 } = options;
  let deciders: FlagFileDeciders | undefined;
  if (flagFile !== undefined) {
    deciders = await flagFileDeciders(flagFile);
    configure({ deciders: deciders.client });
  }
  const module = AppModule.forRoot(driver, upstreamUrl);
  const app: INestApplication =
    driver === 'apollo'
      ? await NestFactory.create(module, { logger: false })
      : await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { logger: false });
  const close = async (): Promise<void> => {
    await app.close();
    if (deciders === undefined) return;
    configure({ deciders: false });
    await deciders.close();
  };
  try {
    await app.listen(port, host);
  } catch (error) {
    await close();
    throw error;
  }
  const base = await app.getUrl();
  return { url: `${base}/graphql`, metricsUrl: `${base}/metrics`, close };
}
