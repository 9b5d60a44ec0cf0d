// Declares its use of Node's types, so consumers whose `types` is `[]` (the TypeScript 6 and 7 default) still resolve `node:` imports.
/// <reference types="node" preserve="true" />
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runInRequest } from '../scope/callContext.js';
import { RequestRecord } from '../scope/degradationScope.js';
import { degradedFieldsValue, headerName, targetingKeyOf, type FrameworkScopeOptions } from './degradedFieldsHeader.js';
import { expressRouteTemplate } from './expressRouteTemplate.js';
import { requestEnded } from '../brownout/requestLatencies.js';
import { priorityReader } from '../brownout/requestPriority.js';

/** The parts of an Express request the middleware reads (no dependency on Express's types). */
export interface ExpressLikeRequest extends IncomingMessage {
  readonly baseUrl?: string;
  readonly route?: { readonly path?: unknown };
  /** The app the middleware is mounted on (Express 5: its `router` holds the route tree). */
  readonly app?: { readonly router?: unknown; readonly _router?: unknown };
}

/**
 * Express middleware: opens a degradation scope per request, with the matched route's full template
 * as `endpoint` (the templates of the router mount paths it came through, then the route's own:
 * `/users/:userId/posts/:postId`, never the ids in `req.baseUrl`), and sets `x-degraded-fields` on the
 * response when fields degraded. Mount it before the routes: `app.use(fieldDependencyExpress())`.
 *
 * Calls made before a route matched (in a middleware ahead of the router) count as `__unmatched__`.
 * The mount paths are read from Express 5's router tree; where they cannot be (Express 4, a mounted
 * sub-app), the endpoint is `/*` followed by the route's template.
 *
 * `targetingKey` reads a request's user or session id for deciders:
 * `{ targetingKey: (req: express.Request) => req.get('x-session-id') }`.
 *
 * `priority` says how important a request is under brownout: `{ priority: (req) => (req.get('x-purpose') === 'prefetch' ? 'low' : 'normal') }`.
 *
 * @throws TypeError when `header` is neither a valid header name nor `false`, or `targetingKey` or `priority` is not a function.
 */
export function fieldDependencyExpress(
  options?: FrameworkScopeOptions<ExpressLikeRequest>,
): (req: ExpressLikeRequest, res: ServerResponse, next: (error?: unknown) => void) => void {
  const header = headerName(options);
  const targetingKey = targetingKeyOf(options);
  const priority = priorityReader<ExpressLikeRequest>('fieldDependencyExpress', options?.priority);
  return function fieldDependencyScope(req, res, next) {
    const appRouter = (req.app?.router ?? req.app?._router) as Parameters<typeof expressRouteTemplate>[0];
    const record = new RequestRecord(
      () => (req.route === undefined ? undefined : expressRouteTemplate(appRouter, req.route, req.baseUrl ?? '')),
      targetingKey(req),
      'route',
      priority(req),
    );
    // While brownout is on, the request's latency until its response ends is one of the controller's signals.
    if (record.startedAt >= 0) res.once('close', () => requestEnded(record));
    if (header !== false) beforeHeadersSent(res, () => {
      const value = degradedFieldsValue(record);
      if (value !== undefined && !res.headersSent) res.setHeader(header, value);
    });
    runInRequest(record, () => next());
  };
}

/** Calls `hook` right before the response's headers are written (as the `on-headers` package does). */
function beforeHeadersSent(res: ServerResponse, hook: () => void): void {
  const writeHead = res.writeHead;
  res.writeHead = function writeHeadWithHook(this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    hook();
    return writeHead.apply(this, args);
  } as ServerResponse['writeHead'];
}
